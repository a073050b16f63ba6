import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";
import type { ScoreComparisonCounts } from "@/db/schema";
import { recordsResults } from "./results";
import { uuidArray } from "./run-coverage";

interface ComparedRun {
  id: string;
  status: string;
}

/**
 * Per non-baseline run: for each score name, the examples both runs scored, by direction (higher
 * is better). Counting joins every score pair of the two runs (100k examples x 2 scores: a few
 * hundred ms), so the counts of two finished runs are stored and read back next time.
 */
export async function scoreComparisons(db: Db, baseline: ComparedRun, others: ComparedRun[]): Promise<Map<string, ScoreComparisonCounts>> {
  const counts = new Map<string, ScoreComparisonCounts>();
  if (others.length === 0) return counts;
  // Scores change only while a run records results: the counts of two runs past that are final.
  const finished = recordsResults(baseline.status) ? [] : others.filter((run) => !recordsResults(run.status));
  if (finished.length > 0) {
    const stored = await rows<{ run_id: string; counts: ScoreComparisonCounts }>(
      db,
      sql`SELECT run_id, counts FROM score_comparisons
          WHERE baseline_run_id = ${baseline.id}::uuid AND run_id = ANY(${uuidArray(finished.map((r) => r.id))}::uuid[])`,
    );
    for (const row of stored) counts.set(row.run_id, row.counts);
  }
  const missing = others.filter((run) => !counts.has(run.id));
  if (missing.length === 0) return counts;

  const counted = await rows<{ run_id: string; name: string; improved: number; regressed: number; unchanged: number; compared: number }>(
    db,
    sql`SELECT so.run_id, sb.name,
               count(*) FILTER (WHERE so.value > sb.value)::int AS improved,
               count(*) FILTER (WHERE so.value < sb.value)::int AS regressed,
               count(*) FILTER (WHERE so.value = sb.value)::int AS unchanged,
               count(*)::int AS compared
        FROM scores sb
        JOIN scores so ON so.example_id = sb.example_id AND so.name = sb.name AND so.run_id = ANY(${uuidArray(missing.map((r) => r.id))}::uuid[])
        WHERE sb.run_id = ${baseline.id}::uuid
        GROUP BY so.run_id, sb.name
        ORDER BY sb.name`,
  );
  for (const run of missing) {
    counts.set(
      run.id,
      counted
        .filter((c) => c.run_id === run.id)
        .map((c) => ({ name: c.name, improved: Number(c.improved), regressed: Number(c.regressed), unchanged: Number(c.unchanged), compared: Number(c.compared) })),
    );
  }
  const keep = missing.filter((run) => finished.includes(run));
  if (keep.length > 0) {
    // A concurrent summary may have stored the same counts: they are equal, keep the first.
    await db.execute(
      sql`INSERT INTO score_comparisons (baseline_run_id, run_id, counts)
          SELECT ${baseline.id}::uuid, (c->>'runId')::uuid, c->'counts'
          FROM jsonb_array_elements(${JSON.stringify(keep.map((run) => ({ runId: run.id, counts: counts.get(run.id) })))}::jsonb) AS c
          ON CONFLICT DO NOTHING`,
    );
  }
  return counts;
}
