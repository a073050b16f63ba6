import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rows, toDate, type Db } from "@/db";
import { exampleRevisions } from "@/db/schema";
import {
  EXTERNAL_DATASET_PREFIX,
  RUN_TRANSITIONS,
  isUuid,
  type Deleted,
  type Run,
  type RunCreateInput,
  type RunListInput,
  type RunListItem,
  type RunStatusValue,
  type RunUpdateInput,
} from "@/lib/contracts";
import { badRequest, notFound } from "../errors";
import { decodeCursor, encodeCursor, timestampFromKey, timestampKey } from "./cursor";
import { recomputeMetrics } from "./metrics";
import { uuidArray } from "./run-coverage";
import { revisionVisibleAt } from "./visibility";

/** How many offending ids an error message names. */
const MAX_NAMED_IDS = 20;
const TERMINAL: readonly RunStatusValue[] = ["completed", "failed", "cancelled"];

interface RunRecord {
  id: string;
  project_id: string;
  name: string;
  description: string;
  status: RunStatusValue;
  dataset_id: string | null;
  dataset_name: string | null;
  dataset_version_id: string | null;
  dataset_version_number: number | null;
  external_dataset_id: string | null;
  datapoint_ids?: string[];
  datapoint_count: number;
  event_ids: string[];
  configuration: Record<string, unknown>;
  metadata: Record<string, unknown>;
  created_at: unknown;
  updated_at: unknown;
  started_at: unknown;
  ended_at: unknown;
  created_key?: string;
  headline_metrics?: Array<{ name: string; value: number; datasetId: string | null }>;
}

// Arrays travel as jsonb: both drivers parse json the same way, whatever their array support.
function selectRuns(options: { datapointIds: boolean; headline: boolean }, where: SQL, tail: SQL = sql``): SQL {
  return sql`
    SELECT r.id, r.project_id, r.name, r.description, r.status, r.dataset_id, d.name AS dataset_name,
           r.dataset_version_id, v.number AS dataset_version_number, r.external_dataset_id,
           ${options.datapointIds ? sql`to_jsonb(r.datapoint_ids) AS datapoint_ids,` : sql``}
           cardinality(r.datapoint_ids)::int AS datapoint_count, to_jsonb(r.event_ids) AS event_ids,
           r.configuration, r.metadata, r.created_at, r.updated_at, r.started_at, r.ended_at,
           ${timestampKey(sql`r.created_at`)} AS created_key
           ${options.headline ? sql`, ${headlineMetrics()} AS headline_metrics` : sql``}
    FROM runs r
    LEFT JOIN datasets d ON d.id = r.dataset_id
    LEFT JOIN dataset_versions v ON v.id = r.dataset_version_id
    WHERE ${where}
    ${tail}`;
}

// Up to 3 metrics of the run's dataset (run-wide for runs without one): recorded ones first, then
// computed ones other than counts, by name.
function headlineMetrics(): SQL {
  return sql`(
    SELECT COALESCE(jsonb_agg(jsonb_build_object('name', h.name, 'value', h.value, 'datasetId', h.dataset_id)), '[]'::jsonb)
    FROM (
      SELECT m.name, m.value, m.dataset_id FROM metrics m
      WHERE m.run_id = r.id AND m.dataset_id IS NOT DISTINCT FROM r.dataset_id
      ORDER BY m.source = 'computed', m.name LIKE '%.count', m.name
      LIMIT 3
    ) h)`;
}

function toRun(r: RunRecord): Run {
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    description: r.description,
    status: r.status,
    datasetId: r.dataset_id,
    datasetName: r.dataset_name,
    datasetVersionId: r.dataset_version_id,
    datasetVersionNumber: r.dataset_version_number == null ? null : Number(r.dataset_version_number),
    externalDatasetId: r.external_dataset_id,
    datapointIds: r.datapoint_ids ?? [],
    datapointCount: Number(r.datapoint_count),
    eventIds: r.event_ids ?? [],
    configuration: r.configuration ?? {},
    metadata: r.metadata ?? {},
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    startedAt: r.started_at == null ? null : toDate(r.started_at),
    endedAt: r.ended_at == null ? null : toDate(r.ended_at),
  };
}

export async function getRun(db: Db, projectId: string, id: string): Promise<Run> {
  if (!isUuid(id)) throw notFound("run", id);
  const [found] = await rows<RunRecord>(db, selectRuns({ datapointIds: true, headline: false }, sql`r.id = ${id} AND r.project_id = ${projectId}`));
  if (!found) throw notFound("run", id);
  return toRun(found);
}

interface Linkage {
  datasetId: string | null;
  externalDatasetId: string | null;
}

/** Reads `datasetId` / `externalDatasetId`, including the `EXT-` compatibility form. */
function linkageOf(input: RunCreateInput): Linkage {
  const external = input.datasetId?.startsWith(EXTERNAL_DATASET_PREFIX) ?? false;
  const datasetId = input.datasetId != null && !external ? input.datasetId : null;
  const externalDatasetId = input.externalDatasetId ?? (external ? input.datasetId! : null);
  if (input.datasetId != null && input.externalDatasetId != null) {
    throw badRequest("give either datasetId or externalDatasetId, not both");
  }
  if (datasetId === null && input.datasetVersionId != null) {
    throw badRequest("datasetVersionId needs the datasetId of the Cairn dataset it belongs to");
  }
  if (datasetId === null && input.datapointIds != null && input.datapointIds.length > 0) {
    throw badRequest("datapointIds name examples of a Cairn dataset: give its datasetId");
  }
  return { datasetId, externalDatasetId };
}

const pinned = alias(exampleRevisions, "rv") as unknown as typeof exampleRevisions;

export async function createRun(db: Db, projectId: string, input: RunCreateInput): Promise<Run> {
  const { datasetId, externalDatasetId } = linkageOf(input);
  const status = input.status ?? "pending";
  const now = sql`now()`;
  const startedAt = status === "pending" ? sql`NULL` : now;
  const endedAt = TERMINAL.includes(status) ? now : sql`NULL`;
  const datapointIds = input.datapointIds ?? null;
  if (datapointIds) rejectDuplicates(datapointIds);

  return db.transaction(async (tx) => {
    let version: { id: string; number: number } | null = null;
    if (datasetId !== null) {
      version = await pinVersion(tx, projectId, datasetId, input.datasetVersionId ?? null);
      if (datapointIds) await rejectAbsentDatapoints(tx, datasetId, version.number, datapointIds);
    }
    const datapoints =
      datapointIds !== null
        ? sql`${uuidArray(datapointIds)}::uuid[]`
        : version !== null
          ? sql`COALESCE((SELECT array_agg(e.id ORDER BY e.ordinal) FROM example_revisions rv JOIN examples e ON e.id = rv.example_id
                          WHERE rv.dataset_id = ${datasetId}::uuid AND ${revisionVisibleAt(version.number, pinned)}), '{}'::uuid[])`
          : sql`'{}'::uuid[]`;
    const [created] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO runs (project_id, name, description, status, dataset_id, dataset_version_id, external_dataset_id,
                            datapoint_ids, event_ids, configuration, metadata, started_at, ended_at)
          VALUES (${projectId}, ${input.name}, ${input.description ?? ""}, ${status}, ${datasetId}, ${version?.id ?? null},
                  ${externalDatasetId}, ${datapoints},
                  ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(input.eventIds ?? [])}::jsonb)),
                  ${JSON.stringify(input.configuration ?? {})}::jsonb, ${JSON.stringify(input.metadata ?? {})}::jsonb,
                  ${startedAt}, ${endedAt})
          RETURNING id`,
    );
    return getRun(tx, projectId, created.id);
  });
}

/** The version a new run is pinned to: the one asked for (of this dataset) or the latest. Locks the dataset against deletion meanwhile. */
async function pinVersion(db: Db, projectId: string, datasetId: string, versionId: string | null): Promise<{ id: string; number: number }> {
  if (!isUuid(datasetId)) throw notFound("dataset", datasetId);
  const [dataset] = await rows<{ id: string; latest_id: string | null; latest_number: number | null }>(
    db,
    sql`SELECT d.id, v.id AS latest_id, v.number AS latest_number
        FROM datasets d
        LEFT JOIN LATERAL (SELECT id, number FROM dataset_versions WHERE dataset_id = d.id ORDER BY number DESC LIMIT 1) v ON true
        WHERE d.id = ${datasetId} AND d.project_id = ${projectId}
        FOR KEY SHARE OF d`,
  );
  if (!dataset) throw notFound("dataset", datasetId);
  if (versionId === null) {
    if (dataset.latest_id === null) {
      throw badRequest(`dataset '${datasetId}' has no versions yet: a run is pinned to a version, so upsert examples first`);
    }
    return { id: dataset.latest_id, number: Number(dataset.latest_number) };
  }
  if (!isUuid(versionId)) throw notFound("version", versionId);
  const [version] = await rows<{ id: string; number: number; dataset_id: string }>(
    db,
    sql`SELECT v.id, v.number, v.dataset_id FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
        WHERE v.id = ${versionId} AND d.project_id = ${projectId}`,
  );
  if (!version) throw notFound("version", versionId);
  if (version.dataset_id !== datasetId) {
    throw badRequest(`version '${versionId}' belongs to another dataset than '${datasetId}'`, { datasetVersionId: versionId });
  }
  return { id: version.id, number: Number(version.number) };
}

function rejectDuplicates(ids: string[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) (seen.has(id) ? duplicates : seen).add(id);
  if (duplicates.size > 0) {
    const named = [...duplicates].slice(0, MAX_NAMED_IDS);
    throw badRequest(`datapointIds has ${duplicates.size} duplicate id(s): ${named.join(", ")}`, { duplicateDatapointIds: named });
  }
}

/** Every datapoint must be an example present at the pinned version; checked in one query. */
async function rejectAbsentDatapoints(db: Db, datasetId: string, versionNumber: number, ids: string[]): Promise<void> {
  const malformed = ids.filter((id) => !isUuid(id));
  const wellFormed = ids.filter(isUuid);
  const absent = await rows<{ id: string; total: number }>(
    db,
    sql`WITH missing AS (
          SELECT d.id, d.n FROM unnest(${uuidArray(wellFormed)}::uuid[]) WITH ORDINALITY AS d(id, n)
          WHERE NOT EXISTS (SELECT 1 FROM example_revisions rv
                            WHERE rv.example_id = d.id AND rv.dataset_id = ${datasetId}::uuid AND ${revisionVisibleAt(versionNumber, pinned)}))
        SELECT id::text, (SELECT count(*)::int FROM missing) AS total FROM missing ORDER BY n LIMIT ${MAX_NAMED_IDS}`,
  );
  const total = malformed.length + (absent[0] ? Number(absent[0].total) : 0);
  if (total === 0) return;
  const named = [...malformed, ...absent.map((a) => a.id)].slice(0, MAX_NAMED_IDS);
  throw badRequest(`${total} datapoint id(s) are not examples of dataset '${datasetId}' at version ${versionNumber}: ${named.join(", ")}`, {
    invalidDatapointIds: named,
    count: total,
  });
}

export async function updateRun(db: Db, projectId: string, input: RunUpdateInput): Promise<Run> {
  if (!isUuid(input.id)) throw notFound("run", input.id);
  return db.transaction(async (tx) => {
    const [current] = await rows<{ status: RunStatusValue }>(
      tx,
      sql`SELECT status FROM runs WHERE id = ${input.id} AND project_id = ${projectId} FOR UPDATE`,
    );
    if (!current) throw notFound("run", input.id);
    const from = current.status;
    const to = input.status ?? from;
    if (to !== from && !RUN_TRANSITIONS[from].includes(to)) {
      const allowed = RUN_TRANSITIONS[from];
      throw badRequest(
        `run status cannot change from '${from}' to '${to}'` + (allowed.length ? ` (allowed: ${allowed.join(", ")})` : ` ('${from}' is final)`),
        { from, to },
      );
    }
    const sets: SQL[] = [sql`updated_at = now()`];
    if (input.name !== undefined) sets.push(sql`name = ${input.name}`);
    if (input.description !== undefined) sets.push(sql`description = ${input.description}`);
    if (input.metadata !== undefined) sets.push(sql`metadata = ${JSON.stringify(input.metadata)}::jsonb`);
    if (to !== from) {
      sets.push(sql`status = ${to}`);
      if (to === "running") sets.push(sql`started_at = COALESCE(started_at, now())`);
      if (TERMINAL.includes(to)) sets.push(sql`ended_at = now()`);
    }
    await tx.execute(sql`UPDATE runs SET ${sql.join(sets, sql`, `)} WHERE id = ${input.id}`);
    if (to === "completed" && from !== "completed") await recomputeMetrics(tx, projectId, input.id);
    return getRun(tx, projectId, input.id);
  });
}

export async function deleteRun(db: Db, projectId: string, id: string): Promise<Deleted> {
  if (!isUuid(id)) throw notFound("run", id);
  const [deleted] = await rows<{ id: string }>(db, sql`DELETE FROM runs WHERE id = ${id} AND project_id = ${projectId} RETURNING id`);
  if (!deleted) throw notFound("run", id);
  return { id: deleted.id, deleted: true };
}

/** Newest first, keyset on (createdAt, id). */
export async function listRuns(db: Db, projectId: string, input: RunListInput): Promise<{ items: RunListItem[]; nextCursor: string | null }> {
  const where: SQL[] = [sql`r.project_id = ${projectId}`];
  if (input.datasetId != null) {
    if (!isUuid(input.datasetId)) throw notFound("dataset", input.datasetId);
    const [dataset] = await rows<{ id: string }>(db, sql`SELECT id FROM datasets WHERE id = ${input.datasetId} AND project_id = ${projectId}`);
    if (!dataset) throw notFound("dataset", input.datasetId);
    where.push(sql`r.dataset_id = ${input.datasetId}`);
  }
  if (input.status != null) {
    const statuses = Array.isArray(input.status) ? input.status : [input.status];
    where.push(sql`r.status IN (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)})`);
  }
  if (input.name) where.push(sql`r.name ILIKE ${`%${escapeLike(input.name)}%`}`);
  if (input.cursor) {
    const [createdAt, id] = decodeCursor<[number, string]>(input.cursor, ["number", "string"]);
    if (!isUuid(id)) throw badRequest(`cursor '${input.cursor}' is not valid: pass nextCursor from the previous page`);
    where.push(sql`(r.created_at, r.id) < (${timestampFromKey(createdAt)}, ${id}::uuid)`);
  }
  const found = await rows<RunRecord>(
    db,
    selectRuns(
      { datapointIds: input.includeDatapointIds, headline: true },
      sql.join(where, sql` AND `),
      sql`ORDER BY r.created_at DESC, r.id DESC LIMIT ${input.limit + 1}`,
    ),
  );
  const page = found.slice(0, input.limit);
  const items = page.map((r): RunListItem => {
    const run: RunListItem = { ...toRun(r), headlineMetrics: (r.headline_metrics ?? []).map((m) => ({ ...m, value: Number(m.value) })) };
    if (!input.includeDatapointIds) delete run.datapointIds;
    return run;
  });
  const last = page.at(-1);
  return { items, nextCursor: found.length > input.limit && last ? encodeCursor([Number(last.created_key), last.id]) : null };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
