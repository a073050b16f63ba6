import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { driverOf, jsonbParam, rows, toDate, type Db } from "@/db";
import { exampleRevisions } from "@/db/schema";
import { isUuid, type Result, type ResultsListInput, type ResultsRecordInput, type ResultsRecordOutput, type Score } from "@/lib/contracts";
import { badRequest } from "../errors";
import { decodeCursor, encodeCursor } from "./cursor";
import { requireRunCore, runsCoverage, uuidArray } from "./run-coverage";
import { contentOf, revisionVisibleAt } from "./visibility";

const MAX_NAMED_IDS = 20;
const RECORDING_STATUSES = new Set(["pending", "running"]);

/** Whether a run in this status may still record results (and so change its scores). */
export function recordsResults(status: string): boolean {
  return RECORDING_STATUSES.has(status);
}

/**
 * Upserts a batch of results by (run, datapoint), in one transaction and a fixed number of
 * statements. A result recorded again is replaced whole; its scores are merged by name (scores of
 * other names stay). Results can be recorded while the run is pending or running: a finished
 * run's computed metrics must keep describing its results.
 */
export async function recordResults(db: Db, projectId: string, input: ResultsRecordInput): Promise<ResultsRecordOutput> {
  const ids = input.results.map((r) => r.datapointId);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) (seen.has(id) ? duplicates : seen).add(id);
  if (duplicates.size > 0) {
    const named = [...duplicates].slice(0, MAX_NAMED_IDS);
    throw badRequest(`datapoint id(s) appear more than once in this batch: ${named.join(", ")}`, { duplicateDatapointIds: named });
  }

  const driver = driverOf(db);
  return db.transaction(async (tx) => {
    const run = await requireRunCore(tx, projectId, input.runId, "share");
    if (!recordsResults(run.status)) {
      throw badRequest(`run '${run.id}' is ${run.status}: results can only be recorded while a run is pending or running`);
    }
    if (run.datasetId === null) {
      throw badRequest(`run '${run.id}' has no Cairn dataset: results are recorded for its datapoints, and it has none`);
    }

    const malformed = ids.filter((id) => !isUuid(id));
    const outside = await rows<{ id: string; total: number }>(
      tx,
      sql`WITH outside AS (
            SELECT d.id, d.n FROM unnest(${uuidArray(ids.filter(isUuid))}::uuid[]) WITH ORDINALITY AS d(id, n)
            CROSS JOIN LATERAL ${runsCoverage([run], sql`d.id`)} AS cov
            WHERE NOT cov.p0)
          SELECT id::text, (SELECT count(*)::int FROM outside) AS total FROM outside ORDER BY n LIMIT ${MAX_NAMED_IDS}`,
    );
    const total = malformed.length + (outside[0] ? Number(outside[0].total) : 0);
    if (total > 0) {
      const named = [...malformed, ...outside.map((o) => o.id)].slice(0, MAX_NAMED_IDS);
      throw badRequest(`${total} datapoint id(s) are not datapoints of run '${run.id}': ${named.join(", ")}`, {
        invalidDatapointIds: named,
        count: total,
      });
    }

    const payload = JSON.stringify(
      input.results.map((r) => ({
        datapoint_id: r.datapointId,
        output: r.output === undefined ? null : r.output,
        error: r.error ?? null,
        latency_ms: r.latencyMs ?? null,
        prompt_tokens: r.promptTokens ?? null,
        completion_tokens: r.completionTokens ?? null,
        total_tokens: r.totalTokens ?? null,
        cost: r.cost ?? null,
        scores: (r.scores ?? []).map((s) => ({
          name: s.name,
          kind: typeof s.value === "boolean" ? "boolean" : "number",
          value: typeof s.value === "boolean" ? Number(s.value) : s.value,
          label: s.label ?? null,
          explanation: s.explanation ?? null,
        })),
      })),
    );
    const records = jsonbParam(payload, driver);
    const [counts] = await rows<{ created: number; updated: number }>(
      tx,
      sql`WITH written AS (
            INSERT INTO results AS r (run_id, example_id, output, error, latency_ms, prompt_tokens, completion_tokens, total_tokens, cost)
            SELECT ${run.id}::uuid, x.datapoint_id, x.output, x.error, x.latency_ms, x.prompt_tokens, x.completion_tokens, x.total_tokens, x.cost
            FROM jsonb_to_recordset(${records}) AS x(datapoint_id uuid, output jsonb, error text, latency_ms float8,
                 prompt_tokens int, completion_tokens int, total_tokens int, cost float8)
            ON CONFLICT (run_id, example_id) DO UPDATE SET
              output = EXCLUDED.output, error = EXCLUDED.error, latency_ms = EXCLUDED.latency_ms,
              prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens,
              total_tokens = EXCLUDED.total_tokens, cost = EXCLUDED.cost, updated_at = now()
            RETURNING (xmax = 0) AS created)
          SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated FROM written`,
    );
    const [scored] = await rows<{ scores: number }>(
      tx,
      sql`WITH written AS (
            INSERT INTO scores AS s (run_id, example_id, name, kind, value, label, explanation)
            SELECT ${run.id}::uuid, x.datapoint_id, y.name, y.kind, y.value, y.label, y.explanation
            FROM jsonb_to_recordset(${records}) AS x(datapoint_id uuid, scores jsonb)
            CROSS JOIN LATERAL jsonb_to_recordset(x.scores) AS y(name text, kind text, value float8, label text, explanation text)
            ON CONFLICT (run_id, example_id, name) DO UPDATE SET
              kind = EXCLUDED.kind, value = EXCLUDED.value, label = EXCLUDED.label, explanation = EXCLUDED.explanation
            RETURNING 1)
          SELECT count(*)::int AS scores FROM written`,
    );
    const created = Number(counts.created);
    const updated = Number(counts.updated);
    return { runId: run.id, recorded: created + updated, created, updated, scores: Number(scored.scores) };
  });
}

interface ResultRecord {
  seq: string;
  example_id: string;
  source_id: string | null;
  input: unknown;
  expected_output: unknown;
  output: unknown;
  error: string | null;
  latency_ms: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  cost: number | null;
  scores: StoredScore[];
  created_at: unknown;
  updated_at: unknown;
}

export interface StoredScore {
  name: string;
  kind: "number" | "boolean";
  value: number;
  label: string | null;
  explanation: string | null;
}

export function toScore(s: StoredScore): Score {
  const value = Number(s.value);
  return { name: s.name, value: s.kind === "boolean" ? value !== 0 : value, label: s.label, explanation: s.explanation };
}

/** A json array of the result's scores, by name, for raw SQL selects. */
export function scoresJson(runId: SQL, exampleId: SQL): SQL {
  return sql`(SELECT COALESCE(jsonb_agg(jsonb_build_object('name', s.name, 'kind', s.kind, 'value', s.value,
                'label', s.label, 'explanation', s.explanation) ORDER BY s.name), '[]'::jsonb)
              FROM scores s WHERE s.run_id = ${runId} AND s.example_id = ${exampleId})`;
}

const atVersion = alias(exampleRevisions, "rv") as unknown as typeof exampleRevisions;

/** A run's results in recording order, keyset on seq, each with the example as the run saw it. */
export async function listResults(db: Db, projectId: string, input: ResultsListInput): Promise<{ items: Result[]; nextCursor: string | null }> {
  const run = await requireRunCore(db, projectId, input.runId);
  const where: SQL[] = [sql`r.run_id = ${run.id}::uuid`];
  if (input.cursor) {
    const [seq] = decodeCursor<[number]>(input.cursor, ["number"]);
    where.push(sql`r.seq > ${seq}`);
  }
  if (input.hasError != null) where.push(input.hasError ? sql`r.error IS NOT NULL` : sql`r.error IS NULL`);
  if (input.scoreName != null) {
    const range: SQL[] = [];
    if (input.minValue != null) range.push(sql`AND sf.value >= ${input.minValue}`);
    if (input.maxValue != null) range.push(sql`AND sf.value <= ${input.maxValue}`);
    where.push(sql`EXISTS (SELECT 1 FROM scores sf WHERE sf.run_id = r.run_id AND sf.example_id = r.example_id
                           AND sf.name = ${input.scoreName} ${sql.join(range, sql` `)})`);
  }
  const version = run.versionNumber ?? 0;
  const found = await rows<ResultRecord>(
    db,
    sql`SELECT r.seq::text AS seq, r.example_id, e.source_id, rc.input, rc.output AS expected_output,
               r.output, r.error, r.latency_ms, r.prompt_tokens, r.completion_tokens, r.total_tokens, r.cost,
               ${scoresJson(sql`r.run_id`, sql`r.example_id`)} AS scores, r.created_at, r.updated_at
        FROM results r
        JOIN examples e ON e.id = r.example_id
        LEFT JOIN example_revisions rv ON rv.example_id = r.example_id AND ${revisionVisibleAt(version, atVersion)}
        LEFT JOIN LATERAL (${contentOf(sql`e.dataset_id`, sql`rv.hash`)}) rc ON true
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY r.seq
        LIMIT ${input.limit + 1}`,
  );
  const page = found.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      datapointId: r.example_id,
      sourceId: r.source_id,
      input: r.input ?? null,
      expectedOutput: r.expected_output ?? null,
      output: r.output ?? null,
      error: r.error,
      latencyMs: r.latency_ms == null ? null : Number(r.latency_ms),
      promptTokens: r.prompt_tokens == null ? null : Number(r.prompt_tokens),
      completionTokens: r.completion_tokens == null ? null : Number(r.completion_tokens),
      totalTokens: r.total_tokens == null ? null : Number(r.total_tokens),
      cost: r.cost == null ? null : Number(r.cost),
      scores: (r.scores ?? []).map(toScore),
      createdAt: toDate(r.created_at),
      updatedAt: toDate(r.updated_at),
    })),
    nextCursor: found.length > input.limit && last ? encodeCursor([Number(last.seq)]) : null,
  };
}
