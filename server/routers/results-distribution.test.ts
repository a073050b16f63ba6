import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { seedDataset, type SeededDataset } from "@/test/seed";
import { createCaller } from "../trpc/caller";

let database: TestDatabase;
let dataset: SeededDataset;

beforeAll(async () => {
  database = await createTestDatabase();
  const [project] = await rows<{ id: string }>(database.db, sql`SELECT id FROM projects WHERE name = 'default'`);
  dataset = await seedDataset(database.db, {
    projectId: project.id,
    name: "qa",
    versions: [Array.from({ length: 6 }, (_, i) => ({ sourceId: `s${i}`, input: { q: i } }))],
  });
});
afterAll(async () => {
  await database.destroy();
});

const id = (i: number) => dataset.exampleIds.get(`s${i}`)!;

describe(`results.distribution (${testDriver()})`, () => {
  it("buckets numeric scores, counts pass/fail for booleans, and sums results, errors and latency", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "r", datasetId: dataset.datasetId, status: "running" });
    const f1 = [0, 0.05, 0.5, 0.55, 0.95, 1];
    await caller.results.record({
      runId: run.id,
      results: f1.map((value, i) => ({
        datapointId: id(i),
        latencyMs: (i + 1) * 100,
        error: i === 5 ? "timeout" : null,
        scores: [
          { name: "f1", value },
          { name: "exact", value: value >= 0.5 },
          { name: "tokens", value: 10 + i * 2 },
          { name: "const", value: 3 },
        ],
      })),
    });

    const answer = await caller.results.distribution({ runId: run.id, buckets: 4 });
    expect(answer).toMatchObject({ runId: run.id, results: 6, errors: 1, latencyP50: 350 });
    expect(answer.latencyP95).toBeCloseTo(575);
    expect(answer.scores.map((s) => s.name)).toEqual(["const", "exact", "f1", "tokens"]);
    const [constant, exact, f1Dist, tokens] = answer.scores;

    // Values in [0, 1] span the unit range; the top edge (1) falls into the last bucket.
    expect(f1Dist).toMatchObject({ kind: "number", count: 6, min: 0, max: 1, passed: null, failed: null });
    expect(f1Dist.mean).toBeCloseTo(0.508333, 5);
    expect(f1Dist.buckets).toEqual([
      { lo: 0, hi: 0.25, count: 2 },
      { lo: 0.25, hi: 0.5, count: 0 },
      { lo: 0.5, hi: 0.75, count: 2 },
      { lo: 0.75, hi: 1, count: 2 },
    ]);
    expect(exact).toMatchObject({ kind: "boolean", count: 6, passed: 4, failed: 2, buckets: [] });
    // Other ranges use the score's own min..max.
    expect(tokens.buckets.map((b) => [b.lo, b.hi, b.count])).toEqual([
      [10, 12.5, 2],
      [12.5, 15, 1],
      [15, 17.5, 1],
      [17.5, 20, 2],
    ]);
    expect(constant.buckets).toEqual([{ lo: 3, hi: 3, count: 6 }]);
  });

  it("answers an empty run with zeros and an unknown run with NOT_FOUND", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "empty", datasetId: dataset.datasetId });
    expect(await caller.results.distribution({ runId: run.id })).toEqual({
      runId: run.id,
      results: 0,
      errors: 0,
      latencyP50: null,
      latencyP95: null,
      scores: [],
    });
    const missing = "00000000-0000-4000-8000-000000000000";
    const error = await caller.results.distribution({ runId: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
    expect((error as TRPCError).message).toContain(missing);
  });
});
