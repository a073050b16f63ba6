import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db";
import { encodeCursor } from "@/server/services/cursor";
import { createCaller } from "@/server/trpc/caller";
import { seedDataset } from "@/test/seed";
import { percentile, seeded } from "./stats";

export type BenchRow = Record<string, string | number>;

const BATCH = 1_000;
const PAGE = 50;

/**
 * Runs, results and compare at scale: a dataset of n examples in two versions (v2 patches 1%),
 * three runs of n results with 2 scores each (recorded through the tRPC caller in batches of
 * 1,000), then compare pages of 50 rows across the three runs at random positions.
 */
export async function benchRuns(database: Database, opts: { n: number; samples?: number; log?: (line: string) => void }): Promise<BenchRow[]> {
  const { n } = opts;
  const samples = opts.samples ?? 40;
  const log = opts.log ?? (() => {});
  const out: BenchRow[] = [];
  const report = (name: string, value: number, unit: string) => {
    out.push({ section: "runs", name, value: Math.round(value * 10) / 10, unit });
    log(`${name}: ${value.toFixed(1)} ${unit}`);
  };

  const projectName = `bench-runs-${randomBytes(4).toString("hex")}`;
  const [project] = await rows<{ id: string }>(database.db, sql`INSERT INTO projects (name) VALUES (${projectName}) RETURNING id`);
  try {
    const caller = createCaller(database, { "x-cairn-project": project.id });
    const v1 = Array.from({ length: n }, (_, i) => ({
      sourceId: `ex-${i}`,
      input: { question: `What is item ${i}?`, context: `context for item ${i} `.repeat(3) },
      output: { answer: `answer ${i}` },
    }));
    const v2 = v1.map((e, i) => (i % 100 === 0 ? { ...e, output: { answer: `revised answer ${i}` } } : e));
    let t = performance.now();
    const dataset = await seedDataset(database.db, { projectId: project.id, name: "bench", versions: [v1, v2] });
    log(`seeded ${n} examples x 2 versions in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const runIds: string[] = [];
    for (const [i, version] of [dataset.versions[0], dataset.versions[1], dataset.versions[1]].entries()) {
      t = performance.now();
      const run = await caller.runs.create({ name: `run-${i}`, datasetId: dataset.datasetId, datasetVersionId: version.id, status: "running" });
      if (i === 0) report(`runs.create over ${n} datapoints (default: all at the version)`, performance.now() - t, "ms");
      runIds.push(run.id);
    }

    // Quality per example; each run keeps it 90% of the time, so regressions are a minority.
    const random = seeded(42);
    const quality = Array.from({ length: n }, () => Math.round(random() * 10) / 10);
    const exampleIds = [...dataset.exampleIds.values()];
    for (const [r, runId] of runIds.entries()) {
      t = performance.now();
      for (let start = 0; start < n; start += BATCH) {
        const results = exampleIds.slice(start, start + BATCH).map((datapointId, j) => {
          const f1 = r === 0 || random() < 0.9 ? quality[start + j] : Math.round(random() * 10) / 10;
          return {
            datapointId,
            output: { answer: `answer ${start + j}`, run: r },
            latencyMs: 50 + random() * 500,
            promptTokens: 120,
            completionTokens: 30,
            totalTokens: 150,
            cost: 0.0002,
            scores: [
              { name: "f1", value: f1 },
              { name: "exact", value: f1 >= 0.5 },
            ],
          };
        });
        await caller.results.record({ runId, results });
      }
      const seconds = (performance.now() - t) / 1000;
      report(`results.record run ${r + 1}/3: ${n} results + ${2 * n} scores, batches of ${BATCH}`, n / seconds, "rows/s");
    }
    for (const runId of runIds) {
      t = performance.now();
      await caller.runs.update({ id: runId, status: "completed" });
      if (runId === runIds[0]) report(`runs.update -> completed (computes metrics over ${2 * n} scores)`, performance.now() - t, "ms");
    }
    await database.db.execute(sql`ANALYZE`);

    const [range] = await rows<{ lo: string; hi: string }>(
      database.db,
      sql`SELECT min(ordinal)::text AS lo, max(ordinal)::text AS hi FROM examples WHERE dataset_id = ${dataset.datasetId}`,
    );
    const lo = Number(range.lo);
    const span = Number(range.hi) - lo;
    const at = () => encodeCursor([lo - 1 + Math.floor(random() * Math.max(1, span - PAGE))]);

    const timeCompare = async (filter: object | undefined) => {
      const times: number[] = [];
      for (let i = 0; i < samples + 3; i++) {
        const cursor = i === 0 ? null : at();
        const start = performance.now();
        const page = await caller.compare.runs({ runIds, filter, cursor, limit: PAGE });
        const elapsed = performance.now() - start;
        if (page.items.length === 0) throw new Error("bench: empty compare page");
        if (i >= 3) times.push(elapsed); // the first calls warm caches and plans
      }
      return times;
    };
    const plain = await timeCompare(undefined);
    report(`compare.runs page of ${PAGE} rows x 3 runs of ${n} results, p50`, percentile(plain, 50), "ms");
    report(`compare.runs page of ${PAGE} rows x 3 runs of ${n} results, p95`, percentile(plain, 95), "ms");
    const regressions = await timeCompare({ regressionsOnly: true });
    report(`compare.runs regressionsOnly page of ${PAGE}, p50`, percentile(regressions, 50), "ms");
    report(`compare.runs regressionsOnly page of ${PAGE}, p95`, percentile(regressions, 95), "ms");

    // The compare page asks for its first page of rows and the summary at once (rows first).
    // The summary's score counts join every score pair of baseline and run: counted once, then
    // kept for finished runs. So: the first visit of a baseline (counts computed), then visits
    // after (counts kept), each with the time the rows answer and the time both have answered.
    const firstLoad = async (baselineRunId: string | undefined, filter: object | undefined) => {
      const start = performance.now();
      let rowsAt = 0;
      const [, summary] = await Promise.all([
        caller.compare.runs({ runIds, baselineRunId, filter, limit: PAGE }).then(() => void (rowsAt = performance.now() - start)),
        caller.compare.summary({ runIds, baselineRunId }),
      ]);
      return { rows: rowsAt, both: performance.now() - start, summary };
    };
    for (const [label, baselineRunId] of [["", undefined], [", baseline = run 2", runIds[1]]] as const) {
      const cold = await firstLoad(baselineRunId, undefined);
      report(`compare page first visit${label}: first ${PAGE} rows (while the summary counts)`, cold.rows, "ms");
      report(`compare page first visit${label}: summary counted over 3 runs of ${n} results`, cold.both, "ms");
      if (!baselineRunId) {
        const regressed = cold.summary.scores.find((s) => s.name === "f1")!.runs.map((r) => r.regressed);
        log(`  (f1 rows regressed vs baseline: ${regressed.join(", ")})`);
      }
    }
    for (const [label, baselineRunId, filter] of [
      ["", undefined, undefined],
      [", baseline = run 2", runIds[1], undefined],
      [", regressions only", undefined, { regressionsOnly: true }],
    ] as const) {
      const loads = [];
      for (let i = 0; i < Math.min(samples, 15) + 2; i++) loads.push(await firstLoad(baselineRunId, filter));
      const warm = loads.slice(2);
      report(`compare page load (counts kept)${label}: first ${PAGE} rows, p95`, percentile(warm.map((l) => l.rows), 95), "ms");
      report(`compare page load (counts kept)${label}: rows + summary, p50`, percentile(warm.map((l) => l.both), 50), "ms");
      report(`compare page load (counts kept)${label}: rows + summary, p95`, percentile(warm.map((l) => l.both), 95), "ms");
    }
    const distributionTimes: number[] = [];
    for (let i = 0; i < Math.min(samples, 10) + 1; i++) {
      const start = performance.now();
      await caller.results.distribution({ runId: runIds[1] });
      if (i >= 1) distributionTimes.push(performance.now() - start);
    }
    report(`results.distribution (run page charts) over ${n} results, p50`, percentile(distributionTimes, 50), "ms");

    const listTimes: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await caller.results.list({ runId: runIds[1], limit: PAGE, scoreName: "f1", maxValue: 0.3 });
      listTimes.push(performance.now() - start);
    }
    report(`results.list page of ${PAGE} (score filter), p95`, percentile(listTimes, 95), "ms");
    return out;
  } catch (error) {
    log(`runs benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw error;
  } finally {
    await database.db.execute(sql`DELETE FROM projects WHERE id = ${project.id}`);
  }
}
