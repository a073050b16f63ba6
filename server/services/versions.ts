import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rows, toDate, type Db } from "@/db";
import { exampleRevisions } from "@/db/schema";
import type { DiffEntry, ExampleContent, Project, Version } from "@/lib/contracts";
import { badRequest, notFound } from "../errors";
import { requireDatasetId } from "./datasets";
import { revisionVisibleAt } from "./visibility";

interface VersionRecord {
  id: string;
  dataset_id: string;
  number: number;
  message: string;
  parent_id: string | null;
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
  example_count: number;
  created_at: unknown;
}

/**
 * SQL: the revision of example `x` in force at `version` (not a deletion), with its content, as
 * one row (valid_from, kind, hash, input, output, metadata), or none; for LATERAL joins over
 * examples `x` of the dataset. `match` is a condition over `x`, `r` (the revision) and `c` (its
 * content). LIMIT 1 (there is at most one such revision) keeps the subquery a lateral one, two
 * index probes per example: flattened, the planner may hash every content row of the dataset.
 */
function revisionContentAt(datasetId: string, version: number, match?: SQL): SQL {
  return sql`SELECT r.valid_from, r.kind, r.hash, c.input, c.output, c.metadata
             FROM example_revisions r JOIN example_contents c ON c.dataset_id = ${datasetId} AND c.hash = r.hash
             WHERE r.example_id = x.id AND ${revisionVisibleAt(version, revisionAlias)} ${match ? sql`AND ${match}` : sql``}
             LIMIT 1`;
}

/** example_revisions as `r`, for revisionVisibleAt in queries that alias the table. */
// (Typed as the table: revisionVisibleAt only reads its columns, which render as "r"."...".)
export const revisionAlias = alias(exampleRevisions, "r") as unknown as typeof exampleRevisions;

const VERSION_COLUMNS = sql`id, dataset_id, number, message, parent_id, added, updated, deleted, unchanged, example_count, created_at`;

function toVersion(r: VersionRecord): Version {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    number: Number(r.number),
    message: r.message,
    parentId: r.parent_id,
    summary: { added: Number(r.added), updated: Number(r.updated), deleted: Number(r.deleted), unchanged: Number(r.unchanged) },
    exampleCount: Number(r.example_count),
    createdAt: toDate(r.created_at),
  };
}

/** A keyset cursor that is a non-negative integer (an ordinal or a version number). */
export function parseIntCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined || cursor === "") return null;
  if (!/^\d{1,15}$/.test(cursor)) throw badRequest(`cursor '${cursor}' is not valid`);
  return Number(cursor);
}

/** The dataset's latest version, or null when it has none. */
export async function latestVersion(db: Db, datasetId: string): Promise<Version | null> {
  const [found] = await rows<VersionRecord>(
    db,
    sql`SELECT ${VERSION_COLUMNS} FROM dataset_versions WHERE dataset_id = ${datasetId} ORDER BY number DESC LIMIT 1`,
  );
  return found ? toVersion(found) : null;
}

/** Version `number` of the dataset (NOT_FOUND when it does not exist); absent -> the latest, or null. */
export async function resolveVersion(db: Db, datasetId: string, number?: number): Promise<Version | null> {
  if (number === undefined) return latestVersion(db, datasetId);
  const [found] = await rows<VersionRecord>(
    db,
    sql`SELECT ${VERSION_COLUMNS} FROM dataset_versions WHERE dataset_id = ${datasetId} AND number = ${number}`,
  );
  if (!found) throw notFound("version", `${datasetId}@${number}`);
  return toVersion(found);
}

export async function listVersions(
  db: Db,
  project: Project,
  input: { datasetId: string; cursor?: string | null; limit: number },
): Promise<{ items: Version[]; nextCursor: string | null }> {
  const datasetId = await requireDatasetId(db, project.id, { datasetId: input.datasetId });
  const before = parseIntCursor(input.cursor);
  const found = await rows<VersionRecord>(
    db,
    sql`SELECT ${VERSION_COLUMNS} FROM dataset_versions
        WHERE dataset_id = ${datasetId} ${before === null ? sql`` : sql`AND number < ${before}`}
        ORDER BY number DESC LIMIT ${input.limit + 1}`,
  );
  const items = found.slice(0, input.limit).map(toVersion);
  return { items, nextCursor: found.length > input.limit ? String(items[items.length - 1].number) : null };
}

export async function getVersion(db: Db, project: Project, input: { datasetId: string; version: number }): Promise<Version> {
  const datasetId = await requireDatasetId(db, project.id, { datasetId: input.datasetId });
  return (await resolveVersion(db, datasetId, input.version))!;
}

interface DiffRecord {
  example_id: string;
  source_id: string | null;
  ordinal: number | string;
  a_kind: string | null;
  a_input: Record<string, unknown> | null;
  a_output: Record<string, unknown> | null;
  a_metadata: Record<string, unknown> | null;
  b_kind: string | null;
  b_input: Record<string, unknown> | null;
  b_output: Record<string, unknown> | null;
  b_metadata: Record<string, unknown> | null;
}

const content = (input: unknown, output: unknown, metadata: unknown): ExampleContent => ({
  input: (input ?? {}) as Record<string, unknown>,
  output: (output ?? {}) as Record<string, unknown>,
  metadata: (metadata ?? {}) as Record<string, unknown>,
});

/**
 * What changed from version `from` to version `to`, in example order. Only examples with a
 * revision created between the two versions can differ, so the candidates come from the
 * (dataset_id, valid_from) index instead of a scan of every example.
 */
export async function diffVersions(
  db: Db,
  project: Project,
  input: { datasetId: string; from: number; to: number; cursor?: string | null; limit: number },
): Promise<{
  from: number;
  to: number;
  counts: { added: number; updated: number; deleted: number } | null;
  items: DiffEntry[];
  nextCursor: string | null;
}> {
  const datasetId = await requireDatasetId(db, project.id, { datasetId: input.datasetId });
  for (const number of [input.from, input.to]) if (number > 0) await resolveVersion(db, datasetId, number);
  const after = parseIntCursor(input.cursor);
  const lo = Math.min(input.from, input.to);
  const hi = Math.max(input.from, input.to);
  const changed = sql`
    WITH candidates AS (
      SELECT DISTINCT example_id FROM example_revisions
      WHERE dataset_id = ${datasetId} AND valid_from > ${lo} AND valid_from <= ${hi}
    )
    SELECT x.id AS example_id, x.source_id, x.ordinal,
           a.kind AS a_kind, a.hash AS a_hash, a.input AS a_input, a.output AS a_output, a.metadata AS a_metadata,
           b.kind AS b_kind, b.hash AS b_hash, b.input AS b_input, b.output AS b_output, b.metadata AS b_metadata
    FROM candidates c
    JOIN examples x ON x.id = c.example_id
    LEFT JOIN LATERAL (${revisionContentAt(datasetId, input.from)}) a ON true
    LEFT JOIN LATERAL (${revisionContentAt(datasetId, input.to)}) b ON true
    WHERE a.hash IS DISTINCT FROM b.hash`;
  const found = await rows<DiffRecord>(
    db,
    sql`SELECT * FROM (${changed}) d ${after === null ? sql`` : sql`WHERE d.ordinal > ${after}`}
        ORDER BY d.ordinal LIMIT ${input.limit + 1}`,
  );
  let counts = null;
  if (after === null) {
    const [c] = await rows<{ added: number; updated: number; deleted: number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE a_kind IS NULL)::int AS added,
                 count(*) FILTER (WHERE a_kind IS NOT NULL AND b_kind IS NOT NULL)::int AS updated,
                 count(*) FILTER (WHERE b_kind IS NULL)::int AS deleted
          FROM (${changed}) d`,
    );
    counts = c;
  }
  const items = found.slice(0, input.limit).map((r): DiffEntry => {
    const before = r.a_kind === null ? null : content(r.a_input, r.a_output, r.a_metadata);
    const afterContent = r.b_kind === null ? null : content(r.b_input, r.b_output, r.b_metadata);
    return {
      exampleId: r.example_id,
      sourceId: r.source_id,
      change: before === null ? "added" : afterContent === null ? "deleted" : "updated",
      before,
      after: afterContent,
    };
  });
  const nextCursor = found.length > input.limit ? String(found[input.limit - 1].ordinal) : null;
  return { from: input.from, to: input.to, counts, items, nextCursor };
}

export interface VisibleExampleRecord {
  id: string;
  source_id: string | null;
  ordinal: number | string;
  created_at: unknown;
  valid_from: number;
  kind: "CREATE" | "PATCH";
  hash: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * Up to `limit` examples in force at `version` after ordinal `after`, in insertion order, and
 * whether more follow. Examples are read in bounded ordinal batches and each one's revision is
 * probed by index (LATERAL), so a page costs a few index probes whatever the planner statistics
 * say; examples not in force at the version (deleted, or added later), or not matching `match`
 * (a condition over `x` and `r`), are skipped by reading the next batch.
 */
/**
 * With a text `match`, a page reads at most this many examples: a rare match then answers a short
 * (even empty) page with a cursor to go on from, in bounded time, instead of scanning the dataset.
 */
export const MATCH_SCAN_BUDGET = 10_000;

export async function examplesAtVersion(
  db: Db,
  datasetId: string,
  version: number,
  after: number | null,
  limit: number,
  match?: SQL,
): Promise<{ items: VisibleExampleRecord[]; more: boolean; resumeAfter: number | null }> {
  const items: VisibleExampleRecord[] = [];
  let cursor = after ?? -1;
  let batch = limit + 1;
  let scanned = 0;
  for (;;) {
    const found = await rows<VisibleExampleRecord | (Omit<VisibleExampleRecord, "kind"> & { kind: null })>(
      db,
      sql`SELECT x.id, x.source_id, x.ordinal, x.created_at, r.valid_from, r.kind, r.hash, r.input, r.output, r.metadata
          FROM (SELECT id, source_id, ordinal, created_at FROM examples
                WHERE dataset_id = ${datasetId} AND ordinal > ${cursor} ORDER BY ordinal LIMIT ${batch}) x
          LEFT JOIN LATERAL (${revisionContentAt(datasetId, version, match)}) r ON true
          ORDER BY x.ordinal`,
    );
    for (const row of found) {
      if (row.kind === null) continue;
      if (items.length === limit) return { items, more: true, resumeAfter: Number(items[items.length - 1].ordinal) };
      items.push(row as VisibleExampleRecord);
    }
    if (found.length < batch) return { items, more: false, resumeAfter: null };
    cursor = Number(found[found.length - 1].ordinal);
    scanned += found.length;
    if (match && scanned >= MATCH_SCAN_BUDGET) return { items, more: true, resumeAfter: cursor };
    batch = Math.min(batch * 4, 5_000, match ? MATCH_SCAN_BUDGET - scanned : 5_000);
  }
}

/** One keyset page of a version's examples as JSONL lines (without newline). */
export async function exportPage(
  db: Db,
  datasetId: string,
  version: number,
  after: number | null,
  limit: number,
): Promise<{ lines: string[]; last: number | null; more: boolean }> {
  const page = await examplesAtVersion(db, datasetId, version, after, limit);
  // `id` is the source id, so that re-upserting an export (sourceIdKey "id") is a no-op.
  const lines = page.items.map((r) =>
    JSON.stringify({ id: r.source_id ?? r.id, input: r.input, output: r.output, metadata: r.metadata }),
  );
  const last = page.items.length ? Number(page.items[page.items.length - 1].ordinal) : null;
  return { lines, last, more: page.more };
}

export async function exportVersionPage(
  db: Db,
  project: Project,
  input: { datasetId: string; version?: number; cursor?: string | null; limit: number },
): Promise<{ version: number; lines: string[]; nextCursor: string | null }> {
  const datasetId = await requireDatasetId(db, project.id, { datasetId: input.datasetId });
  const version = await resolveVersion(db, datasetId, input.version);
  if (!version) throw notFound("version", `${datasetId}@latest`);
  const page = await exportPage(db, datasetId, version.number, parseIntCursor(input.cursor), input.limit);
  return { version: version.number, lines: page.lines, nextCursor: page.more ? String(page.last) : null };
}

/**
 * The whole version as JSONL lines (each ending in a newline), read in keyset pages so memory
 * stays flat however large the dataset is: stream it from a route handler.
 */
export async function* exportVersionLines(db: Db, datasetId: string, version: number, pageSize = 1000): AsyncGenerator<string> {
  let after: number | null = null;
  for (;;) {
    const page = await exportPage(db, datasetId, version, after, pageSize);
    for (const line of page.lines) yield `${line}\n`;
    if (!page.more) return;
    after = page.last;
  }
}
