import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";
import type { ResultsDistribution, ResultsDistributionInput } from "@/lib/contracts";
import { requireRunCore } from "./run-coverage";

interface ScoreStatsRecord {
  name: string;
  boolean: boolean;
  n: number;
  mean: number;
  lo: number;
  hi: number;
  range_lo: number;
  range_hi: number;
  truthy: number;
  buckets: Array<{ bucket: number; count: number }>;
}

/**
 * A run's score distributions, for the run page's small charts: one histogram per numeric score
 * (width_bucket over the score's range, counted in SQL), pass/fail counts per boolean score, and
 * the run's result, error and latency figures. Two statements whatever the run's size.
 */
export async function scoreDistribution(db: Db, projectId: string, input: ResultsDistributionInput): Promise<ResultsDistribution> {
  const run = await requireRunCore(db, projectId, input.runId);
  const k = input.buckets;
  const stats = await rows<ScoreStatsRecord>(
    db,
    sql`WITH stats AS (
          SELECT name, bool_and(kind = 'boolean') AS boolean, count(*)::int AS n, avg(value) AS mean,
                 min(value) AS lo, max(value) AS hi, count(*) FILTER (WHERE value <> 0)::int AS truthy
          FROM scores WHERE run_id = ${run.id}::uuid
          GROUP BY name
        ), ranged AS (
          -- Scores in [0, 1] (the common case) get the whole unit range, so runs chart alike.
          SELECT stats.*,
                 CASE WHEN lo >= 0 AND hi <= 1 THEN 0 ELSE lo END AS range_lo,
                 CASE WHEN lo >= 0 AND hi <= 1 THEN 1 ELSE hi END AS range_hi
          FROM stats
        ), counted AS (
          SELECT s.name,
                 CASE WHEN g.range_hi = g.range_lo THEN 1
                      ELSE LEAST(width_bucket(s.value, g.range_lo, g.range_hi, ${k}::int), ${k}::int) END AS bucket,
                 count(*)::int AS count
          FROM scores s JOIN ranged g ON g.name = s.name AND NOT g.boolean
          WHERE s.run_id = ${run.id}::uuid
          GROUP BY 1, 2
        )
        SELECT g.name, g.boolean, g.n, g.mean, g.lo, g.hi, g.range_lo, g.range_hi, g.truthy,
               COALESCE((SELECT jsonb_agg(jsonb_build_object('bucket', c.bucket, 'count', c.count) ORDER BY c.bucket)
                         FROM counted c WHERE c.name = g.name), '[]'::jsonb) AS buckets
        FROM ranged g
        ORDER BY g.name`,
  );
  const [totals] = await rows<{ results: number; errors: number; p50: number | null; p95: number | null }>(
    db,
    sql`SELECT count(*)::int AS results, count(*) FILTER (WHERE error IS NOT NULL)::int AS errors,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
        FROM results WHERE run_id = ${run.id}::uuid`,
  );

  return {
    runId: run.id,
    results: Number(totals.results),
    errors: Number(totals.errors),
    latencyP50: totals.p50 == null ? null : Number(totals.p50),
    latencyP95: totals.p95 == null ? null : Number(totals.p95),
    scores: stats.map((s) => {
      const count = Number(s.n);
      const boolean = s.boolean;
      const lo = Number(s.range_lo);
      const hi = Number(s.range_hi);
      const counts = new Map(s.buckets.map((b) => [Number(b.bucket), Number(b.count)]));
      const width = (hi - lo) / k;
      const buckets = boolean
        ? []
        : hi === lo
          ? [{ lo, hi, count }]
          : Array.from({ length: k }, (_, i) => ({ lo: lo + i * width, hi: i === k - 1 ? hi : lo + (i + 1) * width, count: counts.get(i + 1) ?? 0 }));
      return {
        name: s.name,
        kind: boolean ? ("boolean" as const) : ("number" as const),
        count,
        mean: Number(s.mean),
        min: Number(s.lo),
        max: Number(s.hi),
        buckets,
        passed: boolean ? Number(s.truthy) : null,
        failed: boolean ? count - Number(s.truthy) : null,
      };
    }),
  };
}
