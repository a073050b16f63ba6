import { sql, type SQL } from "drizzle-orm";
import { rows, toDate, type Db } from "@/db";
import {
  isUuid,
  type Metric,
  type MetricSearchItem,
  type MetricsByRun,
  type MetricsRecordInput,
  type MetricsSearchInput,
} from "@/lib/contracts";
import { badRequest, notFound } from "../errors";
import { decodeCursor, encodeCursor, timestampFromKey, timestampKey } from "./cursor";
import { requireRunCore } from "./run-coverage";

interface MetricRecord {
  id: string;
  run_id: string;
  name: string;
  dataset_id: string | null;
  value: number;
  source: Metric["source"];
  created_at: unknown;
  updated_at: unknown;
}

const METRIC_COLUMNS = sql`m.id, m.run_id, m.name, m.dataset_id, m.value, m.source, m.created_at, m.updated_at`;

function toMetric(r: MetricRecord): Metric {
  return {
    id: r.id,
    runId: r.run_id,
    name: r.name,
    datasetId: r.dataset_id,
    value: Number(r.value),
    source: r.source,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

/**
 * Records caller metrics; the identity is (run, name, dataset), so recording one again replaces
 * its value (and a recorded value replaces a computed one of the same identity).
 */
export async function recordMetrics(db: Db, projectId: string, input: MetricsRecordInput): Promise<Metric[]> {
  const identities = new Set<string>();
  const duplicates: string[] = [];
  for (const m of input.metrics) {
    const key = `${m.name}\u0000${m.datasetId ?? ""}`;
    if (identities.has(key)) duplicates.push(m.datasetId ? `${m.name} (dataset ${m.datasetId})` : m.name);
    identities.add(key);
  }
  if (duplicates.length > 0) throw badRequest(`metrics named twice in one call: ${duplicates.slice(0, 20).join(", ")}`, { duplicates });

  return db.transaction(async (tx) => {
    await requireRunCore(tx, projectId, input.runId, "share");
    const datasetIds = [...new Set(input.metrics.map((m) => m.datasetId).filter((id): id is string => id != null))];
    await requireDatasets(tx, projectId, datasetIds);
    const payload = input.metrics.map((m) => ({ name: m.name, value: m.value, dataset_id: m.datasetId ?? null }));
    const written = await rows<MetricRecord>(
      tx,
      sql`INSERT INTO metrics AS m (run_id, name, dataset_id, value, source)
          SELECT ${input.runId}::uuid, x.name, x.dataset_id, x.value, 'recorded'
          FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(name text, value float8, dataset_id uuid)
          ON CONFLICT ON CONSTRAINT metrics_identity_unique
          DO UPDATE SET value = EXCLUDED.value, source = 'recorded', updated_at = now()
          RETURNING ${METRIC_COLUMNS}`,
    );
    return written.map(toMetric);
  });
}

async function requireDatasets(db: Db, projectId: string, ids: string[]): Promise<void> {
  const malformed = ids.find((id) => !isUuid(id));
  if (malformed) throw notFound("dataset", malformed);
  if (ids.length === 0) return;
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM datasets WHERE project_id = ${projectId} AND id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  const known = new Set(found.map((d) => d.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing) throw notFound("dataset", missing);
}

/**
 * Recomputes the score aggregates of a run, per dataset of the scored examples:
 * `<score>.mean`, `<score>.count`, and `<score>.pass_rate` (share of true) for boolean scores.
 * They are stored with source 'computed'; a metric the caller recorded under the same identity
 * is left alone. Runs when the run completes; callers may run it again at any time.
 */
export async function recomputeMetrics(db: Db, projectId: string, runId: string): Promise<Metric[]> {
  return db.transaction(async (tx) => {
    await requireRunCore(tx, projectId, runId, "share");
    const aggregates = sql`
      WITH agg AS (
        SELECT e.dataset_id, s.name, avg(s.value) AS mean, count(*) AS n, bool_and(s.kind = 'boolean') AS boolean
        FROM scores s JOIN examples e ON e.id = s.example_id
        WHERE s.run_id = ${runId}::uuid
        GROUP BY e.dataset_id, s.name
      )
      SELECT dataset_id, name || '.mean' AS name, mean AS value FROM agg
      UNION ALL SELECT dataset_id, name || '.count', n FROM agg
      UNION ALL SELECT dataset_id, name || '.pass_rate', mean FROM agg WHERE boolean`;
    await tx.execute(sql`
      WITH fresh AS (${aggregates})
      DELETE FROM metrics m WHERE m.run_id = ${runId}::uuid AND m.source = 'computed'
        AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.name = m.name AND f.dataset_id IS NOT DISTINCT FROM m.dataset_id)`);
    const written = await rows<MetricRecord>(
      tx,
      sql`INSERT INTO metrics AS m (run_id, name, dataset_id, value, source)
          SELECT ${runId}::uuid, f.name, f.dataset_id, f.value, 'computed' FROM (${aggregates}) f
          ON CONFLICT ON CONSTRAINT metrics_identity_unique
          DO UPDATE SET value = EXCLUDED.value, updated_at = now() WHERE m.source = 'computed'
          RETURNING ${METRIC_COLUMNS}`,
    );
    return written.map(toMetric).sort((a, b) => (a.datasetId ?? "").localeCompare(b.datasetId ?? "") || a.name.localeCompare(b.name));
  });
}

/** A run's metrics grouped by dataset (by dataset name), then the run-wide group. */
export async function metricsByRun(db: Db, projectId: string, runId: string): Promise<MetricsByRun> {
  await requireRunCore(db, projectId, runId);
  const found = await rows<MetricRecord & { dataset_name: string | null }>(
    db,
    sql`SELECT ${METRIC_COLUMNS}, d.name AS dataset_name
        FROM metrics m LEFT JOIN datasets d ON d.id = m.dataset_id
        WHERE m.run_id = ${runId}::uuid
        ORDER BY m.dataset_id IS NULL, d.name, m.dataset_id, m.name`,
  );
  const groups: MetricsByRun["groups"] = [];
  for (const r of found) {
    let group = groups.at(-1);
    if (!group || group.datasetId !== r.dataset_id) {
      group = { datasetId: r.dataset_id, datasetName: r.dataset_name, metrics: [] };
      groups.push(group);
    }
    group.metrics.push(toMetric(r));
  }
  return { runId, groups };
}

/** The dataset's metrics across the project's runs, oldest run first (a trend), keyset paged. */
export async function searchMetrics(
  db: Db,
  projectId: string,
  input: MetricsSearchInput,
): Promise<{ items: MetricSearchItem[]; nextCursor: string | null }> {
  if (!isUuid(input.datasetId)) throw notFound("dataset", input.datasetId);
  const [dataset] = await rows<{ id: string }>(db, sql`SELECT id FROM datasets WHERE id = ${input.datasetId} AND project_id = ${projectId}`);
  if (!dataset) throw notFound("dataset", input.datasetId);
  const where: SQL[] = [sql`m.dataset_id = ${input.datasetId}::uuid`, sql`r.project_id = ${projectId}`];
  if (input.name != null) where.push(sql`m.name = ${input.name}`);
  if (input.cursor) {
    const [createdAt, runId, name] = decodeCursor<[number, string, string]>(input.cursor, ["number", "string", "string"]);
    if (!isUuid(runId)) throw badRequest(`cursor '${input.cursor}' is not valid: pass nextCursor from the previous page`);
    where.push(sql`(r.created_at, r.id, m.name) > (${timestampFromKey(createdAt)}, ${runId}::uuid, ${name})`);
  }
  const found = await rows<
    MetricRecord & {
      run_name: string;
      run_status: string;
      run_created_at: unknown;
      run_created_key: string;
      dataset_version_id: string | null;
      dataset_version_number: number | null;
    }
  >(
    db,
    sql`SELECT ${METRIC_COLUMNS}, r.name AS run_name, r.status AS run_status, r.created_at AS run_created_at,
               ${timestampKey(sql`r.created_at`)} AS run_created_key, v.id AS dataset_version_id, v.number AS dataset_version_number
        FROM metrics m
        JOIN runs r ON r.id = m.run_id
        LEFT JOIN dataset_versions v ON v.id = r.dataset_version_id AND v.dataset_id = m.dataset_id
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY r.created_at, r.id, m.name
        LIMIT ${input.limit + 1}`,
  );
  const page = found.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...toMetric(r),
      runName: r.run_name,
      runStatus: r.run_status,
      runCreatedAt: toDate(r.run_created_at),
      datasetVersionId: r.dataset_version_id,
      datasetVersionNumber: r.dataset_version_number == null ? null : Number(r.dataset_version_number),
    })),
    nextCursor: found.length > input.limit && last ? encodeCursor([Number(last.run_created_key), last.run_id, last.name]) : null,
  };
}
