import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { errorOf } from "@/test/errors";
import { seedDataset, type SeededDataset } from "@/test/seed";
import { createCaller } from "../trpc/caller";

let database: TestDatabase;
let dataset: SeededDataset;
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  database = await createTestDatabase();
  const [project] = await rows<{ id: string }>(database.db, sql`SELECT id FROM projects WHERE name = 'default'`);
  dataset = await seedDataset(database.db, {
    projectId: project.id,
    name: "qa",
    versions: [
      [
        { sourceId: "a", input: { q: "a?" }, output: { answer: "A1" } },
        { sourceId: "b", input: { q: "b?" }, output: { answer: "B" } },
        { sourceId: "c", input: { q: "c?" }, output: { answer: "C" } },
      ],
      [
        { sourceId: "a", input: { q: "a?" }, output: { answer: "A2" } },
        { sourceId: "b", input: { q: "b?" }, output: { answer: "B" } },
        { sourceId: "d", input: { q: "d?" }, output: { answer: "D" } },
      ],
    ],
  });
});
afterAll(async () => {
  await database.destroy();
});

async function resultCount(runId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM results WHERE run_id = ${runId}`);
  return Number(row.n);
}

const id = (sourceId: string) => dataset.exampleIds.get(sourceId)!;

describe(`results router (${testDriver()})`, () => {
  it("records a batch, upserts by (run, datapoint) and merges scores by name", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "r", datasetId: dataset.datasetId, datasetVersionId: dataset.versions[0].id });
    const first = await caller.results.record({
      runId: run.id,
      results: [
        {
          datapointId: id("a"),
          output: { answer: "A1" },
          latencyMs: 120,
          promptTokens: 10,
          completionTokens: 5,
          totalTokens: 15,
          cost: 0.001,
          scores: [
            { name: "exact", value: true, label: "match" },
            { name: "f1", value: 0.9, explanation: "close" },
          ],
        },
        { datapointId: id("b"), output: "plain text", scores: [{ name: "exact", value: false }] },
        { datapointId: id("c"), error: "timeout" },
      ],
    });
    expect(first).toEqual({ runId: run.id, recorded: 3, created: 3, updated: 0, scores: 3 });

    const again = await caller.results.record({
      runId: run.id,
      results: [{ datapointId: id("a"), output: { answer: "A?" }, scores: [{ name: "f1", value: 0.5 }] }],
    });
    expect(again).toEqual({ runId: run.id, recorded: 1, created: 0, updated: 1, scores: 1 });
    expect(await resultCount(run.id)).toBe(3);

    const listed = await caller.results.list({ runId: run.id });
    expect(listed.items.map((r) => r.sourceId)).toEqual(["a", "b", "c"]);
    const [a, b, c] = listed.items;
    expect(a).toMatchObject({
      datapointId: id("a"),
      input: { q: "a?" },
      expectedOutput: { answer: "A1" },
      output: { answer: "A?" },
      latencyMs: null,
      cost: null,
      scores: [
        { name: "exact", value: true, label: "match", explanation: null },
        { name: "f1", value: 0.5, label: null, explanation: null },
      ],
    });
    expect(b).toMatchObject({ output: "plain text", error: null, scores: [{ name: "exact", value: false }] });
    expect(c).toMatchObject({ output: null, error: "timeout", scores: [] });
  });

  it("rejects a datapoint outside the run, naming it, and writes nothing of the batch", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "subset", datasetId: dataset.datasetId, datapointIds: [id("a"), id("d")] });
    const full = await caller.runs.create({ name: "full", datasetId: dataset.datasetId });
    for (const target of [run, full]) {
      // c is not at v2; b is at v2 but not in the subset run.
      const outside = target === run ? [id("b"), id("c"), MISSING, "junk"] : [id("c"), MISSING, "junk"];
      const error = await errorOf(
        caller.results.record({ runId: target.id, results: [{ datapointId: id("a"), output: 1 }, ...outside.map((datapointId) => ({ datapointId }))] }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      for (const bad of outside) expect(error.message).toContain(bad);
      expect(error.message).not.toContain(id("a"));
      expect(await resultCount(target.id)).toBe(0);
    }
    expect((await caller.results.record({ runId: run.id, results: [{ datapointId: id("d"), output: 1 }] })).recorded).toBe(1);
    const duplicate = await errorOf(
      caller.results.record({ runId: run.id, results: [{ datapointId: id("a") }, { datapointId: id("a") }] }),
    );
    expect(duplicate.code).toBe("BAD_REQUEST");
    expect(duplicate.message).toContain(id("a"));
    const twiceScored = await errorOf(
      caller.results.record({ runId: run.id, results: [{ datapointId: id("a"), scores: [{ name: "x", value: 1 }, { name: "x", value: 2 }] }] }),
    );
    expect(twiceScored.code).toBe("BAD_REQUEST");
  });

  it("refuses results for finished runs, runs without a dataset, and unknown runs", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "done", datasetId: dataset.datasetId, status: "running" });
    await caller.runs.update({ id: run.id, status: "completed" });
    const finished = await errorOf(caller.results.record({ runId: run.id, results: [{ datapointId: id("a") }] }));
    expect(finished.code).toBe("BAD_REQUEST");
    expect(finished.message).toMatch(/completed/);
    const external = await caller.runs.create({ name: "ext", datasetId: "EXT-1" });
    expect((await errorOf(caller.results.record({ runId: external.id, results: [{ datapointId: id("a") }] }))).code).toBe("BAD_REQUEST");
    const missing = await errorOf(caller.results.record({ runId: MISSING, results: [{ datapointId: id("a") }] }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain(MISSING);
    expect((await errorOf(caller.results.list({ runId: MISSING }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.results.record({ runId: run.id, results: [] }))).code).toBe("BAD_REQUEST");
  });

  it("lists results keyset by recording order, filtered by score range and error", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "list", datasetId: dataset.datasetId });
    await caller.results.record({
      runId: run.id,
      results: [
        { datapointId: id("d"), output: "d", scores: [{ name: "f1", value: 0.2 }] },
        { datapointId: id("a"), output: "a", scores: [{ name: "f1", value: 0.8 }, { name: "ok", value: true }] },
        { datapointId: id("b"), error: "rate limited" },
      ],
    });
    const first = await caller.results.list({ runId: run.id, limit: 2 });
    expect(first.items.map((r) => r.sourceId)).toEqual(["d", "a"]);
    // The run is pinned to v2: a's expected output is v2's.
    expect(first.items[1].expectedOutput).toEqual({ answer: "A2" });
    const second = await caller.results.list({ runId: run.id, limit: 2, cursor: first.nextCursor });
    expect(second.items.map((r) => r.sourceId)).toEqual(["b"]);
    expect(second.nextCursor).toBeNull();

    expect((await caller.results.list({ runId: run.id, scoreName: "f1", minValue: 0.5 })).items.map((r) => r.sourceId)).toEqual(["a"]);
    expect((await caller.results.list({ runId: run.id, scoreName: "f1", maxValue: 0.5 })).items.map((r) => r.sourceId)).toEqual(["d"]);
    expect((await caller.results.list({ runId: run.id, scoreName: "ok" })).items.map((r) => r.sourceId)).toEqual(["a"]);
    expect((await caller.results.list({ runId: run.id, hasError: true })).items.map((r) => r.sourceId)).toEqual(["b"]);
    expect((await caller.results.list({ runId: run.id, hasError: false })).items.map((r) => r.sourceId)).toEqual(["d", "a"]);
    expect((await errorOf(caller.results.list({ runId: run.id, minValue: 1 }))).code).toBe("BAD_REQUEST");
  });
});
