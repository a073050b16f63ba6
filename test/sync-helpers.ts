import type { UpsertBeginResult, UpsertPayloadInput } from "@/lib/contracts";
import { syncDataset, type SyncExample, type SyncOptions, type SyncTransport } from "@/lib/sync";
import { createCaller } from "@/server/trpc/caller";
import type { TestDatabase } from "./db";

/** An upsert test's example: a question, its answer, a metadata tag. */
export function example(sourceId: string, question: string, answer = `answer to ${question}`): SyncExample {
  return { sourceId, input: { question }, output: { answer }, metadata: { tag: "t" } };
}

/**
 * Syncs through the in-process tRPC caller of `database` (called at each use: test files open
 * theirs in beforeAll): the caller, its datasets transport, a sync by dataset name, and a
 * transport that records the procedures called, each begin's answer and each payload call.
 */
export function syncThrough(database: () => TestDatabase) {
  const caller = () => createCaller(database());
  const transport = (): SyncTransport => caller().datasets;

  function sync(datasetName: string, examples: SyncExample[], options: Partial<SyncOptions> = {}) {
    return syncDataset({ transport: transport(), dataset: { datasetName }, examples, ...options });
  }

  function recordingTransport(inner: SyncTransport = transport()) {
    const calls: string[] = [];
    const begins: UpsertBeginResult[] = [];
    const payloads: UpsertPayloadInput[] = [];
    const recorded: SyncTransport = {
      upsertBegin: async (input) => {
        calls.push("upsertBegin");
        const answer = await inner.upsertBegin(input);
        begins.push(answer);
        return answer;
      },
      upsertManifest: (input) => (calls.push("upsertManifest"), inner.upsertManifest(input)),
      upsertPayload: (input) => {
        calls.push("upsertPayload");
        payloads.push(input);
        return inner.upsertPayload(input);
      },
      upsertCommit: (input) => (calls.push("upsertCommit"), inner.upsertCommit(input)),
      upsertAbort: (input) => (calls.push("upsertAbort"), inner.upsertAbort(input)),
    };
    return { calls, begins, payloads, transport: recorded };
  }

  return { caller, transport, sync, recordingTransport };
}
