import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { errorOf } from "@/test/errors";
import { seedDataset, type SeededDataset } from "@/test/seed";
import { createCaller } from "../trpc/caller";

let database: TestDatabase;
let qa: SeededDataset;
let math: SeededDataset;
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  database = await createTestDatabase();
  const [project] = await rows<{ id: string }>(database.db, sql`SELECT id FROM projects WHERE name = 'default'`);
  const examples = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ sourceId: `${prefix}${i}`, input: { i } }));
  qa = await seedDataset(database.db, { projectId: project.id, name: "qa", versions: [examples("q", 4), examples("q", 3)] });
  math = await seedDataset(database.db, { projectId: project.id, name: "math", versions: [examples("m", 2)] });
});
afterAll(async () => {
  await database.destroy();
});

async function metricRows(runId: string, name: string): Promise<number> {
  const [row] = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM metrics WHERE run_id = ${runId} AND name = ${name}`);
  return Number(row.n);
}

describe(`metrics router (${testDriver()})`, () => {
  it("replaces a metric recorded twice under the same identity (one row), run-wide or per dataset", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "r", datasetId: qa.datasetId });
    await caller.metrics.record({ runId: run.id, metrics: [{ name: "accuracy", value: 0.5, datasetId: qa.datasetId }, { name: "cost", value: 3 }] });
    const again = await caller.metrics.record({
      runId: run.id,
      metrics: [
        { name: "accuracy", value: 0.75, datasetId: qa.datasetId },
        { name: "cost", value: 4, datasetId: null },
      ],
    });
    expect(again.map((m) => [m.name, m.value, m.datasetId, m.source])).toEqual([
      ["accuracy", 0.75, qa.datasetId, "recorded"],
      ["cost", 4, null, "recorded"],
    ]);
    expect(await metricRows(run.id, "accuracy")).toBe(1);
    expect(await metricRows(run.id, "cost")).toBe(1);
    const twice = await errorOf(caller.metrics.record({ runId: run.id, metrics: [{ name: "x", value: 1 }, { name: "x", value: 2 }] }));
    expect(twice.code).toBe("BAD_REQUEST");
    expect(await metricRows(run.id, "x")).toBe(0);
  });

  it("keeps the same name on two datasets as two metrics, each found by searching its dataset", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "two datasets", datasetId: qa.datasetId });
    await caller.metrics.record({
      runId: run.id,
      metrics: [
        { name: "accuracy", value: 0.9, datasetId: qa.datasetId },
        { name: "accuracy", value: 0.4, datasetId: math.datasetId },
      ],
    });
    expect(await metricRows(run.id, "accuracy")).toBe(2);
    const onQa = await caller.metrics.search({ datasetId: qa.datasetId, name: "accuracy" });
    const onMath = await caller.metrics.search({ datasetId: math.datasetId, name: "accuracy" });
    expect(onQa.items.filter((m) => m.runId === run.id).map((m) => m.value)).toEqual([0.9]);
    expect(onMath.items.filter((m) => m.runId === run.id).map((m) => m.value)).toEqual([0.4]);
    // The run is pinned to qa v2; on math it has no version.
    expect(onQa.items.find((m) => m.runId === run.id)).toMatchObject({ runName: "two datasets", datasetVersionNumber: 2 });
    expect(onMath.items.find((m) => m.runId === run.id)).toMatchObject({ datasetVersionNumber: null, datasetVersionId: null });

    const grouped = await caller.metrics.byRun({ runId: run.id });
    expect(grouped.groups.map((g) => [g.datasetName, g.metrics.map((m) => m.value)])).toEqual([
      ["math", [0.4]],
      ["qa", [0.9]],
    ]);
  });

  it("searches a dataset's metrics across runs oldest first, keyset paged, for trend charts", async () => {
    const caller = createCaller(database);
    const trend = await seedDataset(database.db, {
      projectId: (await caller.projects.get({ name: "default" })).id,
      name: "trend",
      versions: [[{ sourceId: "t", input: {} }], [{ sourceId: "t", input: { v: 2 } }]],
    });
    const runs = [];
    for (const [i, version] of [trend.versions[0], trend.versions[1], trend.versions[1]].entries()) {
      const run = await caller.runs.create({ name: `trend-${i}`, datasetId: trend.datasetId, datasetVersionId: version.id });
      await caller.metrics.record({ runId: run.id, metrics: [{ name: "score", value: i, datasetId: trend.datasetId }, { name: "other", value: -i, datasetId: trend.datasetId }] });
      runs.push(run);
    }
    const first = await caller.metrics.search({ datasetId: trend.datasetId, name: "score", limit: 2 });
    const second = await caller.metrics.search({ datasetId: trend.datasetId, name: "score", limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((m) => [m.runName, m.value, m.datasetVersionNumber])).toEqual([
      ["trend-0", 0, 1],
      ["trend-1", 1, 2],
      ["trend-2", 2, 2],
    ]);
    expect(second.nextCursor).toBeNull();
    expect((await caller.metrics.search({ datasetId: trend.datasetId })).items).toHaveLength(6);

    expect((await errorOf(caller.metrics.search({ datasetId: MISSING }))).code).toBe("NOT_FOUND");
    const other = await caller.projects.create({ name: "elsewhere" });
    const foreign = await seedDataset(database.db, { projectId: other.id, name: "f", versions: [] });
    expect((await errorOf(caller.metrics.search({ datasetId: foreign.datasetId }))).code).toBe("NOT_FOUND");
    const badDataset = await errorOf(caller.metrics.record({ runId: runs[0].id, metrics: [{ name: "m", value: 1, datasetId: foreign.datasetId }] }));
    expect(badDataset.code).toBe("NOT_FOUND");
    expect(badDataset.message).toContain(foreign.datasetId);
    expect((await errorOf(caller.metrics.record({ runId: MISSING, metrics: [{ name: "m", value: 1 }] }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.metrics.byRun({ runId: MISSING }))).code).toBe("NOT_FOUND");
  });

  it("computes score aggregates per dataset when a run completes, keeping recorded metrics", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "scored", datasetId: qa.datasetId, status: "running" });
    const [q0, q1, q2] = run.datapointIds;
    await caller.results.record({
      runId: run.id,
      results: [
        { datapointId: q0, scores: [{ name: "exact", value: true }, { name: "f1", value: 1 }] },
        { datapointId: q1, scores: [{ name: "exact", value: false }, { name: "f1", value: 0.5 }] },
        { datapointId: q2, scores: [{ name: "exact", value: true }] },
      ],
    });
    await caller.metrics.record({ runId: run.id, metrics: [{ name: "f1.mean", value: 42, datasetId: qa.datasetId }] });
    await caller.runs.update({ id: run.id, status: "completed" });

    const grouped = await caller.metrics.byRun({ runId: run.id });
    expect(grouped.groups).toHaveLength(1);
    expect(grouped.groups[0].datasetId).toBe(qa.datasetId);
    const values = Object.fromEntries(grouped.groups[0].metrics.map((m) => [m.name, [m.value, m.source]]));
    expect(values).toEqual({
      "exact.count": [3, "computed"],
      "exact.mean": [2 / 3, "computed"],
      "exact.pass_rate": [2 / 3, "computed"],
      "f1.count": [2, "computed"],
      "f1.mean": [42, "recorded"],
    });
    const listed = (await caller.runs.list({ datasetId: qa.datasetId })).items.find((r) => r.id === run.id)!;
    expect(listed.headlineMetrics.map((m) => m.name)).toEqual(["f1.mean", "exact.mean", "exact.pass_rate"]);

    // Recompute drops aggregates whose scores are gone.
    await database.db.execute(sql`DELETE FROM scores WHERE run_id = ${run.id} AND name = 'exact'`);
    const recomputed = await caller.metrics.recompute({ runId: run.id });
    expect(recomputed.map((m) => m.name)).toEqual(["f1.count"]);
    const after = (await caller.metrics.byRun({ runId: run.id })).groups[0].metrics.map((m) => m.name);
    expect(after).toEqual(["f1.count", "f1.mean"]);
    expect((await errorOf(caller.metrics.recompute({ runId: MISSING }))).code).toBe("NOT_FOUND");
  });
});
