import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db";
import { notFound } from "../errors";
import type { Caller } from "../rest/operation";
import type { RunCounts } from "./wire";

/** The number of a dataset's version from its id (Phoenix selects versions by id, Cairn by number). */
export async function versionNumber(caller: Caller, datasetId: string, versionId: string): Promise<number> {
  let cursor: string | undefined;
  do {
    const page = await caller.versions.list({ datasetId, cursor, limit: 200 });
    const found = page.items.find((v) => v.id === versionId);
    if (found) return found.number;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  throw notFound("version", versionId);
}

/** Results with and without an error, per run (runs already read through the caller, so in the project). */
export async function runCounts(database: Database, runIds: readonly string[]): Promise<Map<string, RunCounts>> {
  const counts = new Map<string, RunCounts>(runIds.map((id) => [id, { successful: 0, failed: 0 }]));
  if (runIds.length === 0) return counts;
  const found = await rows<{ run_id: string; successful: number; failed: number }>(
    database.db,
    sql`SELECT run_id::text, count(*) FILTER (WHERE error IS NULL)::int AS successful, count(*) FILTER (WHERE error IS NOT NULL)::int AS failed
        FROM results WHERE run_id = ANY(${`{${runIds.join(",")}}`}::uuid[]) GROUP BY run_id`,
  );
  for (const row of found) counts.set(row.run_id, { successful: Number(row.successful), failed: Number(row.failed) });
  return counts;
}

/** The datapoints of a run that have a result without an error. */
export async function succeededDatapoints(database: Database, runId: string): Promise<Set<string>> {
  const found = await rows<{ example_id: string }>(database.db, sql`SELECT example_id::text FROM results WHERE run_id = ${runId}::uuid AND error IS NULL`);
  return new Set(found.map((r) => r.example_id));
}

/** The stored result of one datapoint, to record a score without replacing its output. */
export async function storedResult(database: Database, runId: string, datapointId: string) {
  const [found] = await rows<{ output: unknown; error: string | null; latency_ms: number | null; prompt_tokens: number | null; completion_tokens: number | null; total_tokens: number | null; cost: number | null }>(
    database.db,
    sql`SELECT output, error, latency_ms, prompt_tokens, completion_tokens, total_tokens, cost FROM results WHERE run_id = ${runId}::uuid AND example_id = ${datapointId}::uuid`,
  );
  return found ?? null;
}

export interface ScoredResult {
  example_id: string;
  output: unknown;
  latency_ms: number | null;
  updated_at: unknown;
  names: string[];
}

/** The successful results of some datapoints of a run, with the names of their scores. */
export async function scoredResults(database: Database, runId: string, datapointIds: readonly string[]): Promise<Map<string, ScoredResult>> {
  if (datapointIds.length === 0) return new Map();
  const found = await rows<ScoredResult>(
    database.db,
    sql`SELECT r.example_id::text, r.output, r.latency_ms, r.updated_at,
               coalesce(array_agg(s.name) FILTER (WHERE s.name IS NOT NULL), '{}') AS names
        FROM results r LEFT JOIN scores s ON s.run_id = r.run_id AND s.example_id = r.example_id
        WHERE r.run_id = ${runId}::uuid AND r.error IS NULL AND r.example_id = ANY(${`{${datapointIds.join(",")}}`}::uuid[])
        GROUP BY r.example_id, r.output, r.latency_ms, r.updated_at`,
  );
  return new Map(found.map((r) => [r.example_id, r]));
}
