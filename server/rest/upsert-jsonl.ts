// The one-shot upsert: a whole JSONL file in one streamed request body, for clients that do not
// speak the upsert protocol (curl, a few lines of Python). It reads the body line by line, maps
// each record to an example, and drives the same protocol in-process (lib/sync.ts over the caller).
import { z } from "zod";
import { datasetSelectorShape, descriptionSchema, exactlyOneDataset, upsertCommitResult, upsertModeSchema } from "@/lib/contracts";
import { readJsonl, type JsonlEntry } from "@/lib/jsonl";
import { recordMappingSchema, RecordError, toExample, type MappedExample } from "@/lib/records";
import { SyncError, syncDataset, type SyncTransport } from "@/lib/sync";
import { badRequest } from "../errors";
import { inputProblem, pathText } from "../input-limits";
import type { HandlerContext } from "./operation";

export const upsertJsonlInput = z
  .strictObject({
    ...datasetSelectorShape,
    ...recordMappingSchema.shape,
    mode: upsertModeSchema.default("mirror"),
    message: z.string().max(10_000).default(""),
    /** Used only when the upsert creates the dataset. */
    description: descriptionSchema.optional(),
  })
  .refine(exactlyOneDataset.check, { message: exactlyOneDataset.message });

export const upsertJsonlResult = upsertCommitResult.extend({
  /** Examples in the file. */
  examples: z.number().int(),
});

/** Bad lines listed in an error answer (all of them are counted). */
const LISTED_BAD_LINES = 100;

/** A client gone midway: logged (an upload was dropped), and answered in case anyone still listens. */
function clientGone(message: string) {
  console.warn(`cairn: one-shot upsert abandoned: ${message}`);
  return badRequest(message);
}

const cutOff = (line: number) => clientGone(`the request body was cut off after line ${line} (did the client disconnect?); nothing was written`);

/** The body's JSONL entries; a body that fails midway (the client went away) is a BAD_REQUEST naming the last line read. */
async function* bodyEntries(body: ReadableStream<Uint8Array>): AsyncGenerator<JsonlEntry> {
  const entries = readJsonl(body);
  let line = 0;
  try {
    for (;;) {
      let next: IteratorResult<JsonlEntry>;
      try {
        next = await entries.next();
      } catch {
        throw cutOff(line);
      }
      if (next.done) return;
      line = next.value.line;
      yield next.value;
    }
  } finally {
    // Stopped early: stop reading the body too.
    await entries.return(undefined);
  }
}

/**
 * The protocol over the caller, refusing each further step once the client has gone: the sync
 * then aborts its session, so a disconnect before the commit writes nothing.
 */
function whileConnected(transport: SyncTransport, signal: AbortSignal): SyncTransport {
  let gone: Error | undefined;
  const connected = async () => {
    // PGlite answers on microtasks: without a turn of the event loop the socket's close (which
    // aborts the signal) would not be seen until the whole upsert is done. Other requests get
    // their turn here too.
    await new Promise((resolve) => setImmediate(resolve));
    if (signal.aborted) {
      // Payload chunks in flight all see it: say it once.
      gone ??= clientGone("the client disconnected before the upsert was committed; it was aborted, nothing was written");
      throw gone;
    }
  };
  return {
    upsertBegin: async (input) => (await connected(), transport.upsertBegin(input)),
    upsertManifest: async (input) => (await connected(), transport.upsertManifest(input)),
    upsertPayload: async (input) => (await connected(), transport.upsertPayload(input)),
    upsertCommit: async (input) => (await connected(), transport.upsertCommit(input)),
    upsertAbort: (input) => transport.upsertAbort(input),
  };
}

export async function upsertJsonl({ request, caller, input }: HandlerContext<z.output<typeof upsertJsonlInput>>) {
  if (!request.body) throw badRequest("the request body is empty: send the examples as JSONL, one JSON object per line");
  // An unknown project or dataset id is answered before a possibly large body is read.
  if (input.datasetId !== undefined) await caller.datasets.get({ datasetId: input.datasetId });
  const mapping = { sourceIdKey: input.sourceIdKey, inputKeys: input.inputKeys, outputKeys: input.outputKeys, metadataKeys: input.metadataKeys };
  const examples: MappedExample[] = [];
  const firstLine = new Map<string, number>();
  const bad: { line: number; message: string }[] = [];
  let badCount = 0;
  const reject = (line: number, message: string) => {
    badCount++;
    if (bad.length < LISTED_BAD_LINES) bad.push({ line, message });
  };

  for await (const entry of bodyEntries(request.body)) {
    if (entry.error !== undefined) {
      reject(entry.line, entry.error);
      continue;
    }
    const problem = inputProblem(entry.value);
    if (problem) {
      reject(entry.line, `line ${entry.line}: ${problem.path.length ? `${pathText(problem.path)}: ` : ""}${problem.message}`);
      continue;
    }
    let example: MappedExample;
    try {
      example = toExample(entry.value, mapping, `line ${entry.line}`);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      reject(entry.line, error.message);
      continue;
    }
    const first = firstLine.get(example.sourceId);
    if (first !== undefined) {
      reject(entry.line, `line ${entry.line}: duplicate source id ${JSON.stringify(example.sourceId)} (first on line ${first})`);
      continue;
    }
    firstLine.set(example.sourceId, entry.line);
    // Once a line is bad nothing will be written: keep reading only to report every bad line.
    if (badCount === 0) examples.push(example);
  }

  if (badCount > 0) {
    const shown = bad.slice(0, 3).map((b) => b.message).join("; ");
    throw badRequest(`${badCount} bad line${badCount === 1 ? "" : "s"}, nothing was written: ${shown}${badCount > 3 ? "; ..." : ""}`, {
      badLines: badCount,
      lines: bad,
    });
  }
  if (examples.length === 0) {
    throw badRequest("the request body has no records: send the examples as JSONL, one JSON object per line");
  }

  const dataset = input.datasetId !== undefined ? { datasetId: input.datasetId } : { datasetName: input.datasetName! };
  try {
    const result = await syncDataset({
      transport: whileConnected(caller.datasets, request.signal),
      dataset,
      examples,
      mode: input.mode,
      message: input.message,
      ...(input.description === undefined ? {} : { description: input.description }),
    });
    return {
      datasetId: result.datasetId,
      versionId: result.versionId,
      versionNumber: result.versionNumber,
      summary: result.summary,
      noop: result.noop,
      examples: examples.length,
    };
  } catch (error) {
    if (error instanceof SyncError) throw badRequest(error.message, error.details);
    throw error;
  }
}
