import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rows, toDate, type Db } from "@/db";
import { exampleRevisions } from "@/db/schema";
import {
  type CompareRow,
  type CompareRunsInput,
  type CompareRunsOutput,
  type CompareSummary,
  type CompareSummaryInput,
  type RunStatusValue,
} from "@/lib/contracts";
import { notFound } from "../errors";
import { decodeCursor, encodeCursor } from "./cursor";
import { scoresJson, toScore, type StoredScore } from "./results";
import { findRunCores, runsCoverage, uuidArray, type RunCore } from "./run-coverage";
import { escapeLike } from "./runs";
import { scoreComparisons } from "./score-comparisons";
import { contentOf, revisionVisibleAt } from "./visibility";

/** The runs in the order asked for; NOT_FOUND naming the first id that is not a run of the project. */
async function requireRuns(db: Db, projectId: string, runIds: string[]): Promise<RunCore[]> {
  const found = new Map((await findRunCores(db, projectId, runIds)).map((r) => [r.id, r]));
  return runIds.map((id) => {
    const run = found.get(id);
    if (!run) throw notFound("run", id);
    return run;
  });
}

const shown = alias(exampleRevisions, "rv") as unknown as typeof exampleRevisions;
/** Examples a filtered compare page walks before it looks the matches up set-based. */
const WALK_WINDOW = 2_000;

interface CompareRecord {
  id: string;
  source_id: string | null;
  dataset_id: string;
  ordinal: string;
  version_number: number | null;
  input: unknown;
  expected_output: unknown;
  present: boolean[];
  cells: Array<{
    has: boolean;
    output: unknown;
    error: string | null;
    latencyMs: number | null;
    scores: StoredScore[];
  }>;
}

/**
 * Runs side by side, one row per example (example identity, so an example kept across versions
 * is one row whichever versions the runs used), in dataset order, keyset on the example ordinal.
 *
 * The page query walks the examples of the runs' datasets in ordinal order and keeps those some
 * run covers and that pass the filters; results and scores are then fetched for the page only, by
 * primary key. Regressions and improvements compare each run with the baseline per score name,
 * higher being better.
 */
export async function compareRuns(db: Db, projectId: string, input: CompareRunsInput): Promise<CompareRunsOutput> {
  const runs = await requireRuns(db, projectId, input.runIds);
  const baselineRunId = input.baselineRunId ?? input.runIds[0];
  const others = runs.filter((r) => r.id !== baselineRunId);
  const datasetIds = [...new Set(runs.map((r) => r.datasetId).filter((id): id is string => id !== null))];
  const named = runs.map((run) => ({ id: run.id, name: run.name }));
  if (datasetIds.length === 0) return { runIds: input.runIds, baselineRunId, runs: named, items: [], nextCursor: null };

  const filter = input.filter ?? {};
  const p = (k: number) => sql.raw(`cov.p${k}`);
  // The newest version among the runs that cover the example: the content the row shows.
  const newest = sql`GREATEST(${sql.join(
    runs.map((run, k) => (run.versionNumber === null ? sql`NULL::int` : sql`CASE WHEN ${p(k)} THEN ${run.versionNumber}::int END`)),
    sql`, `,
  )})`;

  const runIds = uuidArray(input.runIds);
  const inDatasets = sql`e.dataset_id IN (${sql.join(
    datasetIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
  const where: SQL[] = [];
  // Examples whose scores pass the score filters: the candidates when walking finds them sparse.
  let scored: SQL | null = null;
  if (filter.score != null) {
    where.push(sql`EXISTS (SELECT 1 FROM scores sf WHERE sf.run_id = ANY(${runIds}::uuid[]) AND sf.example_id = c.id AND sf.name = ${filter.score})`);
    scored = sql`SELECT sf.example_id FROM scores sf WHERE sf.run_id = ANY(${runIds}::uuid[]) AND sf.name = ${filter.score}`;
  }
  if ((filter.regressionsOnly || filter.improvementsOnly) && others.length > 0) {
    const direction = filter.regressionsOnly ? sql`so.value < sb.value` : sql`so.value > sb.value`;
    const changed = (exampleId: SQL | null) => sql`
      SELECT sb.example_id FROM scores sb
      JOIN scores so ON so.run_id = ANY(${uuidArray(others.map((r) => r.id))}::uuid[]) AND so.example_id = sb.example_id AND so.name = sb.name
      WHERE sb.run_id = ${baselineRunId}::uuid ${exampleId ? sql`AND sb.example_id = ${exampleId}` : sql``}
        ${filter.score != null ? sql`AND sb.name = ${filter.score}` : sql``} AND ${direction}`;
    where.push(sql`EXISTS (${changed(sql`c.id`)})`);
    scored = changed(null);
  }
  if (filter.text != null) {
    const pattern = `%${escapeLike(filter.text)}%`;
    where.push(sql`(rc.input::text ILIKE ${pattern} OR rc.output::text ILIKE ${pattern}
                    OR EXISTS (SELECT 1 FROM results rt WHERE rt.run_id = ANY(${runIds}::uuid[])
                               AND rt.example_id = c.id AND rt.output::text ILIKE ${pattern}))`);
  }
  const after = input.cursor ? decodeCursor<[number]>(input.cursor, ["number"])[0] : 0;

  // One page: examples from `source` (rows `e`) that some run covers and that pass the filters.
  const pageOf = (source: SQL, limit: number) => sql`
    WITH page AS (
      SELECT c.id, c.source_id, c.dataset_id, c.ordinal, c.version_number, rc.input, rc.output AS expected_output, c.present
      FROM (
        SELECT e.id, e.source_id, e.dataset_id, e.ordinal, ${newest} AS version_number,
               ARRAY[${sql.join(
                 runs.map((_, k) => p(k)),
                 sql`, `,
               )}] AS present
        FROM (SELECT e.id, e.source_id, e.dataset_id, e.ordinal FROM ${source}) e
        CROSS JOIN LATERAL ${runsCoverage(runs, sql`e.id`)} AS cov
        WHERE (${sql.join(
          runs.map((_, k) => p(k)),
          sql` OR `,
        )})
      ) c
      LEFT JOIN example_revisions rv ON rv.example_id = c.id AND ${revisionVisibleAt(sql`c.version_number`, shown)}
      LEFT JOIN LATERAL (${contentOf(sql`c.dataset_id`, sql`rv.hash`)}) rc ON true
      WHERE ${where.length > 0 ? sql.join(where, sql` AND `) : sql`true`}
      ORDER BY c.ordinal
      LIMIT ${limit}
    )
    SELECT p.id, p.source_id, p.dataset_id, p.ordinal::text AS ordinal, p.version_number, p.input, p.expected_output,
           to_jsonb(p.present) AS present,
           (SELECT jsonb_agg(jsonb_build_object(
                     'has', r.run_id IS NOT NULL, 'output', r.output, 'error', r.error, 'latencyMs', r.latency_ms,
                     'scores', CASE WHEN r.run_id IS NULL THEN '[]'::jsonb ELSE ${scoresJson(sql`u.run_id`, sql`p.id`)} END)
                   ORDER BY u.k)
            FROM unnest(${runIds}::uuid[]) WITH ORDINALITY AS u(run_id, k)
            LEFT JOIN results r ON r.run_id = u.run_id AND r.example_id = p.id) AS cells
    FROM page p
    ORDER BY p.ordinal`;

  // Walking the examples in order finds a page fast when matches are common. With score filters
  // matches can be rare, so the walk covers a bounded window and, if the page is not full, the
  // rest comes from the matching scores, found set-based (a hash join instead of a probe per example).
  let windowEnd: number | null = null;
  if (scored !== null) {
    const [edge] = await rows<{ ordinal: string }>(
      db,
      sql`SELECT e.ordinal::text AS ordinal FROM examples e WHERE ${inDatasets} AND e.ordinal > ${after}
          ORDER BY e.ordinal OFFSET ${WALK_WINDOW - 1} LIMIT 1`,
    );
    windowEnd = edge ? Number(edge.ordinal) : null;
  }
  const walk = sql`examples e WHERE ${inDatasets} AND e.ordinal > ${after} ${windowEnd !== null ? sql`AND e.ordinal <= ${windowEnd}` : sql``}`;
  let found = await rows<CompareRecord>(db, pageOf(walk, input.limit + 1));
  if (scored !== null && windowEnd !== null && found.length <= input.limit) {
    const candidates = sql`examples e WHERE ${inDatasets} AND e.ordinal > ${windowEnd}
                             AND e.id IN (SELECT example_id FROM (${scored}) s OFFSET 0)`;
    found = [...found, ...(await rows<CompareRecord>(db, pageOf(candidates, input.limit + 1 - found.length)))];
  }

  const page = found.slice(0, input.limit);
  const baseIndex = input.runIds.indexOf(baselineRunId);
  const items = page.map((row): CompareRow => {
    const baseline = new Map(row.cells[baseIndex].scores.map((s) => [s.name, Number(s.value)]));
    return {
      exampleId: row.id,
      sourceId: row.source_id,
      datasetId: row.dataset_id,
      versionNumber: row.version_number == null ? null : Number(row.version_number),
      input: row.input ?? null,
      expectedOutput: row.expected_output ?? null,
      presentIn: input.runIds.filter((_, k) => row.present[k]),
      runs: row.cells.map((cell, k) => ({
        runId: input.runIds[k],
        present: row.present[k],
        hasResult: cell.has,
        output: cell.output ?? null,
        error: cell.error ?? null,
        latencyMs: cell.latencyMs == null ? null : Number(cell.latencyMs),
        scores: cell.scores.map((s) => {
          const base = k === baseIndex ? undefined : baseline.get(s.name);
          return { ...toScore(s), delta: base === undefined ? null : Number(s.value) - base };
        }),
      })),
    };
  });
  const last = page.at(-1);
  return { runIds: input.runIds, baselineRunId, runs: named, items, nextCursor: found.length > input.limit && last ? encodeCursor([Number(last.ordinal)]) : null };
}

interface SummaryRunRecord {
  id: string;
  name: string;
  status: RunStatusValue;
  dataset_id: string | null;
  dataset_name: string | null;
  dataset_version_id: string | null;
  dataset_version_number: number | null;
  external_dataset_id: string | null;
  datapoint_count: number;
  configuration: Record<string, unknown>;
  created_at: unknown;
}

/** Per metric: each run's value and delta to the baseline; per score: rows improved / regressed / unchanged. */
export async function compareSummary(db: Db, projectId: string, input: CompareSummaryInput): Promise<CompareSummary> {
  await requireRuns(db, projectId, input.runIds);
  const baselineRunId = input.baselineRunId ?? input.runIds[0];
  const ids = uuidArray(input.runIds);
  const others = input.runIds.filter((id) => id !== baselineRunId);

  const runRecords = await rows<SummaryRunRecord>(
    db,
    sql`SELECT r.id, r.name, r.status, r.dataset_id, d.name AS dataset_name, r.dataset_version_id, v.number AS dataset_version_number,
               r.external_dataset_id, cardinality(r.datapoint_ids)::int AS datapoint_count, r.configuration, r.created_at
        FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id LEFT JOIN dataset_versions v ON v.id = r.dataset_version_id
        WHERE r.id = ANY(${ids}::uuid[])`,
  );
  const byId = new Map(runRecords.map((r) => [r.id, r]));

  const metricRecords = await rows<{ run_id: string; name: string; dataset_id: string | null; dataset_name: string | null; value: number }>(
    db,
    sql`SELECT m.run_id, m.name, m.dataset_id, d.name AS dataset_name, m.value
        FROM metrics m LEFT JOIN datasets d ON d.id = m.dataset_id
        WHERE m.run_id = ANY(${ids}::uuid[])
        ORDER BY m.dataset_id IS NULL, d.name, m.dataset_id, m.name`,
  );
  const metrics = new Map<string, { name: string; datasetId: string | null; datasetName: string | null; values: Map<string, number> }>();
  for (const m of metricRecords) {
    const key = `${m.dataset_id ?? ""}\u0000${m.name}`;
    let metric = metrics.get(key);
    if (!metric) metrics.set(key, (metric = { name: m.name, datasetId: m.dataset_id, datasetName: m.dataset_name, values: new Map() }));
    metric.values.set(m.run_id, Number(m.value));
  }

  const status = (id: string) => ({ id, status: byId.get(id)!.status });
  const counts = await scoreComparisons(db, status(baselineRunId), others.map(status));
  const scoreNames = [...new Set([...counts.values()].flatMap((list) => list.map((c) => c.name)))].sort();

  return {
    baselineRunId,
    runs: input.runIds.map((id) => {
      const r = byId.get(id)!;
      return {
        id: r.id,
        name: r.name,
        status: r.status,
        datasetId: r.dataset_id,
        datasetName: r.dataset_name,
        datasetVersionId: r.dataset_version_id,
        datasetVersionNumber: r.dataset_version_number == null ? null : Number(r.dataset_version_number),
        externalDatasetId: r.external_dataset_id,
        datapointCount: Number(r.datapoint_count),
        configuration: r.configuration ?? {},
        createdAt: toDate(r.created_at),
      };
    }),
    metrics: [...metrics.values()].map((m) => {
      const base = m.values.get(baselineRunId);
      return {
        name: m.name,
        datasetId: m.datasetId,
        datasetName: m.datasetName,
        values: input.runIds.map((runId) => {
          const value = m.values.get(runId);
          return { runId, value: value ?? null, delta: runId === baselineRunId || value === undefined || base === undefined ? null : value - base };
        }),
      };
    }),
    scores: scoreNames.map((name) => ({
      name,
      runs: others.map((runId) => {
        const s = counts.get(runId)?.find((c) => c.name === name);
        return { runId, improved: s?.improved ?? 0, regressed: s?.regressed ?? 0, unchanged: s?.unchanged ?? 0, compared: s?.compared ?? 0 };
      }),
    })),
  };
}
