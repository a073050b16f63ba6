import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { errorOf } from "@/test/errors";
import { seedDataset, type SeededDataset } from "@/test/seed";
import { createCaller } from "../trpc/caller";

let database: TestDatabase;
let dataset: SeededDataset;
let v1Run: string;
let v2Run: string;
let subsetRun: string;
const MISSING = "00000000-0000-4000-8000-000000000000";

const id = (sourceId: string) => dataset.exampleIds.get(sourceId)!;

beforeAll(async () => {
  database = await createTestDatabase();
  const [project] = await rows<{ id: string }>(database.db, sql`SELECT id FROM projects WHERE name = 'default'`);
  // v1: a b c d; v2: a (kept), b (patched), c deleted, d (kept), e added.
  dataset = await seedDataset(database.db, {
    projectId: project.id,
    name: "qa",
    versions: [
      [
        { sourceId: "a", input: { q: "alpha" }, output: { answer: "A" } },
        { sourceId: "b", input: { q: "beta" }, output: { answer: "B-old" } },
        { sourceId: "c", input: { q: "gamma" }, output: { answer: "C" } },
        { sourceId: "d", input: { q: "delta" }, output: { answer: "D" } },
      ],
      [
        { sourceId: "a", input: { q: "alpha" }, output: { answer: "A" } },
        { sourceId: "b", input: { q: "beta" }, output: { answer: "B-new" } },
        { sourceId: "d", input: { q: "delta" }, output: { answer: "D" } },
        { sourceId: "e", input: { q: "epsilon" }, output: { answer: "E" } },
      ],
    ],
  });
  const caller = createCaller(database);
  const create = async (name: string, extra: object) =>
    (await caller.runs.create({ name, datasetId: dataset.datasetId, status: "running", ...extra })).id;
  v1Run = await create("v1", { datasetVersionId: dataset.versions[0].id, configuration: { model: "small" } });
  v2Run = await create("v2", { configuration: { model: "large" } });
  subsetRun = await create("subset", { datapointIds: [id("e"), id("a")] });
  const score = (f1: number, exact: boolean) => [
    { name: "f1", value: f1 },
    { name: "exact", value: exact },
  ];
  await caller.results.record({
    runId: v1Run,
    results: [
      { datapointId: id("a"), output: "a1", latencyMs: 10, scores: score(0.5, false) },
      { datapointId: id("b"), output: "b1", latencyMs: 11, scores: score(0.9, true) },
      { datapointId: id("c"), output: "c1", scores: score(0.1, false) },
      { datapointId: id("d"), output: "d1", scores: score(0.7, true) },
    ],
  });
  await caller.results.record({
    runId: v2Run,
    results: [
      { datapointId: id("a"), output: "a2 needle", latencyMs: 20, scores: score(0.8, true) }, // improved
      { datapointId: id("b"), output: "b2", latencyMs: 21, scores: score(0.4, false) }, // regressed
      { datapointId: id("d"), error: "boom", scores: score(0.7, true) }, // unchanged
      { datapointId: id("e"), output: "e2", scores: score(1, true) }, // only from v2 on
    ],
  });
  await caller.results.record({ runId: subsetRun, results: [{ datapointId: id("a"), output: "a3", scores: [{ name: "f1", value: 0.2 }] }] });
  await caller.metrics.record({ runId: v1Run, metrics: [{ name: "accuracy", value: 0.5, datasetId: dataset.datasetId }, { name: "cost", value: 2 }] });
  await caller.metrics.record({ runId: v2Run, metrics: [{ name: "accuracy", value: 0.75, datasetId: dataset.datasetId }] });
});
afterAll(async () => {
  await database.destroy();
});

describe(`compare router (${testDriver()})`, () => {
  it("aligns rows by example identity across versions, marking examples only some runs saw", async () => {
    const caller = createCaller(database);
    const page = await caller.compare.runs({ runIds: [v1Run, v2Run, subsetRun] });
    expect(page.baselineRunId).toBe(v1Run);
    expect(page.runs).toEqual([
      { id: v1Run, name: "v1" },
      { id: v2Run, name: "v2" },
      { id: subsetRun, name: "subset" },
    ]);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((r) => [r.sourceId, r.presentIn])).toEqual([
      ["a", [v1Run, v2Run, subsetRun]],
      ["b", [v1Run, v2Run]],
      ["c", [v1Run]],
      ["d", [v1Run, v2Run]],
      ["e", [v2Run, subsetRun]],
    ]);
    const [a, b, c, , e] = page.items;
    // Content from the newest version among the runs that saw the example.
    expect([b.versionNumber, b.input, b.expectedOutput]).toEqual([2, { q: "beta" }, { answer: "B-new" }]);
    expect([c.versionNumber, c.expectedOutput]).toEqual([1, { answer: "C" }]);
    expect(a.exampleId).toBe(id("a"));

    expect(a.runs.map((cell) => cell.output)).toEqual(["a1", "a2 needle", "a3"]);
    expect(a.runs[1]).toMatchObject({ runId: v2Run, present: true, hasResult: true, latencyMs: 20, error: null });
    const deltas = (cell: (typeof a.runs)[number]) => Object.fromEntries(cell.scores.map((s) => [s.name, [s.value, s.delta]]));
    expect(deltas(a.runs[0])).toEqual({ exact: [false, null], f1: [0.5, null] });
    expect(deltas(a.runs[1])).toEqual({ exact: [true, 1], f1: [0.8, 0.8 - 0.5] });
    expect(deltas(a.runs[2])).toEqual({ f1: [0.2, 0.2 - 0.5] });
    expect(deltas(b.runs[1])).toEqual({ exact: [false, -1], f1: [0.4, 0.4 - 0.9] });
    expect(e.runs[0]).toMatchObject({ present: false, hasResult: false, output: null, scores: [] });
    expect(deltas(e.runs[1])).toEqual({ exact: [true, null], f1: [1, null] });
    expect(e.runs[2]).toMatchObject({ present: true, hasResult: false, scores: [] });
    expect(page.items[3].runs[1]).toMatchObject({ error: "boom", output: null });
  });

  it("aligns runs that each cover a subset of their version", async () => {
    const caller = createCaller(database);
    const partial = await caller.runs.create({
      name: "v1 subset",
      datasetId: dataset.datasetId,
      datasetVersionId: dataset.versions[0].id,
      datapointIds: [id("c"), id("b")],
    });
    const page = await caller.compare.runs({ runIds: [partial.id, subsetRun] });
    expect(page.items.map((r) => [r.sourceId, r.presentIn, r.versionNumber])).toEqual([
      ["a", [subsetRun], 2],
      ["b", [partial.id], 1],
      ["c", [partial.id], 1],
      ["e", [subsetRun], 2],
    ]);
    expect(page.items[1].expectedOutput).toEqual({ answer: "B-old" });
  });

  it("pages by example order with a cursor", async () => {
    const caller = createCaller(database);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.compare.runs>> = await caller.compare.runs({ runIds: [v1Run, v2Run], limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((r) => r.sourceId!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("filters regressions, improvements, a score and text, against the chosen baseline", async () => {
    const caller = createCaller(database);
    const names = async (filter: object, baselineRunId?: string, runIds = [v1Run, v2Run, subsetRun]) =>
      (await caller.compare.runs({ runIds, baselineRunId, filter })).items.map((r) => r.sourceId);
    expect(await names({ regressionsOnly: true })).toEqual(["a", "b"]); // a: subset's f1 0.2 < 0.5
    expect(await names({ regressionsOnly: true }, undefined, [v1Run, v2Run])).toEqual(["b"]);
    expect(await names({ improvementsOnly: true })).toEqual(["a"]);
    expect(await names({ regressionsOnly: true, score: "exact" })).toEqual(["b"]);
    expect(await names({ regressionsOnly: true }, v2Run)).toEqual(["a"]);
    expect(await names({ improvementsOnly: true }, v2Run)).toEqual(["b"]);
    expect(await names({ score: "exact" })).toEqual(["a", "b", "c", "d", "e"]);
    expect(await names({ text: "NEEDLE" })).toEqual(["a"]);
    expect(await names({ text: "epsilon" })).toEqual(["e"]);
    expect(await names({ text: "B-new" })).toEqual(["b"]);
    const both = await errorOf(caller.compare.runs({ runIds: [v1Run, v2Run], filter: { regressionsOnly: true, improvementsOnly: true } }));
    expect(both.code).toBe("BAD_REQUEST");
  });

  it("summarises metrics with deltas, rows improved / regressed / unchanged, and configurations", async () => {
    const caller = createCaller(database);
    const summary = await caller.compare.summary({ runIds: [v1Run, v2Run, subsetRun] });
    expect(summary.baselineRunId).toBe(v1Run);
    expect(summary.runs.map((r) => [r.name, r.datasetVersionNumber, r.configuration, r.datapointCount])).toEqual([
      ["v1", 1, { model: "small" }, 4],
      ["v2", 2, { model: "large" }, 4],
      ["subset", 2, {}, 2],
    ]);
    const accuracy = summary.metrics.find((m) => m.name === "accuracy")!;
    expect(accuracy).toMatchObject({ datasetId: dataset.datasetId, datasetName: "qa" });
    expect(accuracy.values).toEqual([
      { runId: v1Run, value: 0.5, delta: null },
      { runId: v2Run, value: 0.75, delta: 0.25 },
      { runId: subsetRun, value: null, delta: null },
    ]);
    expect(summary.metrics.find((m) => m.name === "cost")!.datasetId).toBeNull();
    expect(summary.scores).toEqual([
      {
        name: "exact",
        runs: [
          { runId: v2Run, improved: 1, regressed: 1, unchanged: 1, compared: 3 },
          { runId: subsetRun, improved: 0, regressed: 0, unchanged: 0, compared: 0 },
        ],
      },
      {
        name: "f1",
        runs: [
          { runId: v2Run, improved: 1, regressed: 1, unchanged: 1, compared: 3 },
          { runId: subsetRun, improved: 0, regressed: 1, unchanged: 0, compared: 1 },
        ],
      },
    ]);
  });

  it("keeps the score counts of finished runs only, and counts running ones afresh", async () => {
    const caller = createCaller(database);
    const stored = async () =>
      rows<{ baseline_run_id: string; run_id: string; counts: Array<{ name: string; regressed: number }> }>(
        database.db,
        sql`SELECT baseline_run_id, run_id, counts FROM score_comparisons WHERE baseline_run_id IN (${v1Run}, ${v2Run}) ORDER BY run_id`,
      );
    const [a, b] = await Promise.all(["a", "b"].map((name) => caller.runs.create({ name: `cached-${name}`, datasetId: dataset.datasetId, status: "running" })));
    await caller.results.record({ runId: a.id, results: [{ datapointId: id("a"), output: "x", scores: [{ name: "f1", value: 0.5 }] }] });
    await caller.results.record({ runId: b.id, results: [{ datapointId: id("a"), output: "y", scores: [{ name: "f1", value: 0.4 }] }] });
    const regressedOf = async () => (await caller.compare.summary({ runIds: [a.id, b.id] })).scores[0].runs[0].regressed;
    expect(await regressedOf()).toBe(1);
    // Still running: nothing kept, so a score recorded since is counted.
    await caller.results.record({ runId: b.id, results: [{ datapointId: id("a"), output: "y", scores: [{ name: "f1", value: 0.6 }] }] });
    expect(await regressedOf()).toBe(0);
    const kept = () => rows<{ counts: unknown }>(database.db, sql`SELECT counts FROM score_comparisons WHERE baseline_run_id = ${a.id}`);
    expect(await kept()).toEqual([]);

    await caller.runs.update({ id: a.id, status: "completed" });
    await caller.runs.update({ id: b.id, status: "failed" });
    const first = await caller.compare.summary({ runIds: [a.id, b.id] });
    expect(await kept()).toEqual([{ counts: [{ name: "f1", improved: 1, regressed: 0, unchanged: 0, compared: 1 }] }]);
    // Read back, not recounted: a stored row that differs shows.
    await database.db.execute(sql`UPDATE score_comparisons SET counts = '[{"name":"f1","improved":0,"regressed":7,"unchanged":0,"compared":7}]' WHERE baseline_run_id = ${a.id}`);
    expect((await caller.compare.summary({ runIds: [a.id, b.id] })).scores).toEqual([
      { name: "f1", runs: [{ runId: b.id, improved: 0, regressed: 7, unchanged: 0, compared: 7 }] },
    ]);
    expect(first.scores[0].runs[0]).toMatchObject({ improved: 1, compared: 1 });
    // Per baseline: the other direction is counted (and kept) on its own.
    expect((await caller.compare.summary({ runIds: [a.id, b.id], baselineRunId: b.id })).scores[0].runs[0]).toMatchObject({ regressed: 1 });
    expect(await stored()).toEqual([]);
    await caller.runs.delete({ id: b.id });
    expect(await rows(database.db, sql`SELECT 1 FROM score_comparisons WHERE run_id = ${b.id} OR baseline_run_id = ${b.id}`)).toEqual([]);
  });

  it("finds sparse regressions beyond the walked window, page by page", async () => {
    const caller = createCaller(database);
    const size = 2_300;
    const big = await seedDataset(database.db, {
      projectId: (await caller.projects.get({ name: "default" })).id,
      name: "big",
      versions: [Array.from({ length: size }, (_, i) => ({ sourceId: `x${i}`, input: { i } }))],
    });
    const ids = [...big.exampleIds.values()];
    const runA = await caller.runs.create({ name: "A", datasetId: big.datasetId, status: "running" });
    const runB = await caller.runs.create({ name: "B", datasetId: big.datasetId, status: "running" });
    const regressed = new Set([5, 2_050, 2_299]);
    for (const [run, worse] of [
      [runA, false],
      [runB, true],
    ] as const) {
      for (let start = 0; start < size; start += 1_000) {
        const results = ids.slice(start, start + 1_000).map((datapointId, j) => {
          const i = start + j;
          const scores = [{ name: "f1", value: worse && regressed.has(i) ? 0 : 1 }];
          if (worse && i === 2_100) scores.push({ name: "rare", value: 1 });
          return { datapointId, scores };
        });
        await caller.results.record({ runId: run.id, results });
      }
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.compare.runs>> = await caller.compare.runs({
        runIds: [runA.id, runB.id],
        filter: { regressionsOnly: true },
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((r) => r.sourceId!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["x5", "x2050", "x2299"]);
    const rare = await caller.compare.runs({ runIds: [runA.id, runB.id], filter: { score: "rare" } });
    expect(rare.items.map((r) => r.sourceId)).toEqual(["x2100"]);
    const none = await caller.compare.runs({ runIds: [runA.id, runB.id], filter: { improvementsOnly: true } });
    expect(none).toMatchObject({ items: [], nextCursor: null });
  });

  it("answers NOT_FOUND for unknown runs and BAD_REQUEST for a bad selection", async () => {
    const caller = createCaller(database);
    const missing = await errorOf(caller.compare.runs({ runIds: [v1Run, MISSING] }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain(MISSING);
    expect((await errorOf(caller.compare.summary({ runIds: [v1Run, "nope"] }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.compare.runs({ runIds: [v1Run] }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(caller.compare.runs({ runIds: [v1Run, v1Run] }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(caller.compare.runs({ runIds: [v1Run, v2Run], baselineRunId: subsetRun }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(caller.compare.runs({ runIds: [v1Run, v2Run], cursor: "x" }))).code).toBe("BAD_REQUEST");
    const other = await caller.projects.create({ name: "cmp-other" });
    const foreign = await createCaller(database, { "x-cairn-project": other.id }).runs.create({ name: "theirs" });
    expect((await errorOf(caller.compare.runs({ runIds: [v1Run, foreign.id] }))).code).toBe("NOT_FOUND");
  });
});
