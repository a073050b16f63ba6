import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncDataset, SyncError, type SyncExample, type SyncPlan } from "@/lib/sync";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createCaller } from "../trpc/caller";

// The plan-then-confirm flow of lib/sync.ts (onPlan) against the real upsert service: the counts
// the browser shows before anything is uploaded must be the ones the commit then reports.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const caller = () => createCaller(database);
const ex = (sourceId: string, question: string): SyncExample => ({ sourceId, input: { question }, output: { answer: question.length }, metadata: {} });

async function syncWithPlan(datasetName: string, examples: SyncExample[], answer: boolean, mode: "mirror" | "merge" = "mirror") {
  const plans: SyncPlan[] = [];
  const result = await syncDataset({
    transport: caller().datasets,
    dataset: { datasetName },
    examples,
    mode,
    manifestChunk: 2, // several manifest calls: the counts add up across chunks
    onPlan: (plan) => {
      plans.push(plan);
      return answer;
    },
  }).catch((error: unknown) => error);
  return { plans, result };
}

describe("sync plan (onPlan)", () => {
  it("reports added / updated / deleted / unchanged before uploading, matching the commit", async () => {
    const v1 = await syncWithPlan("planned", [ex("a", "one"), ex("b", "two"), ex("c", "three"), ex("d", "four")], true);
    expect(v1.plans).toHaveLength(1);
    expect(v1.plans[0]).toMatchObject({ created: true, baseVersion: 0, total: 4, added: 4, updated: 0, deleted: 0, unchanged: 0 });
    expect(v1.plans[0].needed).toEqual([0, 1, 2, 3]);

    // v2: b changed, c removed, e added, a and d unchanged.
    const next = [ex("a", "one"), ex("b", "TWO"), ex("d", "four"), ex("e", "five")];
    const v2 = await syncWithPlan("planned", next, true);
    expect(v2.plans[0]).toMatchObject({ created: false, baseVersion: 1, total: 4, added: 1, updated: 1, deleted: 1, unchanged: 2 });
    expect(v2.plans[0].needed).toEqual([1, 3]);
    expect(v2.result).toMatchObject({ versionNumber: 2, noop: false, summary: { added: 1, updated: 1, deleted: 1, unchanged: 2 } });

    // merge mode never deletes
    const merged = await syncWithPlan("planned", [ex("z", "new")], false, "merge");
    expect(merged.plans[0]).toMatchObject({ added: 1, updated: 0, deleted: 0, unchanged: 0 });
  });

  it("cancelling at the plan aborts the session and writes nothing", async () => {
    const first = await syncWithPlan("cancelled", [ex("a", "one")], true);
    expect(first.result).toMatchObject({ versionNumber: 1 });
    const { plans, result } = await syncWithPlan("cancelled", [ex("a", "changed"), ex("b", "new")], false);
    expect(plans[0]).toMatchObject({ added: 1, updated: 1, deleted: 0, unchanged: 0 });
    expect(result).toBeInstanceOf(SyncError);
    expect((result as SyncError).code).toBe("CANCELLED");
    const dataset = await caller().datasets.get({ datasetName: "cancelled" });
    expect(dataset).toMatchObject({ latestVersion: 1, exampleCount: 1 });
  });

  it("an unchanged file plans nothing to send and commits no version", async () => {
    const examples = [ex("a", "one"), ex("b", "two")];
    await syncWithPlan("same", examples, true);
    const again = await syncWithPlan("same", examples, true);
    expect(again.plans[0]).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: 2, needed: [] });
    expect(again.result).toMatchObject({ noop: true, versionNumber: 1 });
  });
});
