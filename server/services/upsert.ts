import { sql } from "drizzle-orm";
import { driverOf, jsonbBytesParam, jsonbParam, rows, type Db } from "@/db";
import { bucketDigitsOfLength } from "@/lib/manifest-buckets";
import { duplicateIds, nameIds } from "@/lib/source-ids";
import {
  isUuid,
  type DatasetSelector,
  type Project,
  type UpsertAbortResult,
  type UpsertBeginResult,
  type UpsertMode,
  type UpsertPayloadExample,
} from "@/lib/contracts";
import { badRequest, notFound, pgErrorCode } from "../errors";
import { requireDatasetId } from "./datasets";
import { bucketsDigestAt, touchedBuckets } from "./manifest-buckets";
import { fillManifestDigest } from "./manifest-digest";
import { mintBase, mintedId } from "./minted-ids";
import { dropSession, sweepAbandonedUpserts } from "./upsert-cleanup";
import { addPayloadWithEntries } from "./upsert-first-import";
import { lockSession } from "./upsert-lock";
import { payloadRecords } from "./upsert-payload-records";

// The upsert (sync) protocol, server side: begin -> manifest chunks -> payload chunks -> commit.
// Manifest and payloads are staged in upsert_entries; upsert-commit.ts turns them into a version.

export interface UpsertSession {
  id: string;
  datasetId: string;
  baseVersion: number;
  mode: UpsertMode;
  message: string;
  /** A first import whose manifest comes with the payloads: its size. Null: manifest calls. */
  payloadManifestSize: number | null;
}

/**
 * The session if it belongs to a dataset of the project (NOT_FOUND otherwise); marks it as used.
 * The mark is written at most once a minute (sessions expire after an idle hour): most calls
 * only read, and do not wait for a commit of their own.
 */
export async function touchSession(db: Db, projectId: string, sessionId: string): Promise<UpsertSession> {
  if (!isUuid(sessionId)) throw notFound("upsert session", sessionId);
  const [found] = await rows<{
    id: string;
    dataset_id: string;
    base_version: number;
    mode: UpsertMode;
    message: string;
    payload_manifest_size: number | null;
  }>(
    db,
    sql`WITH found AS (
          SELECT s.id, s.dataset_id, s.base_version, s.mode, s.message, s.payload_manifest_size, s.touched_at
          FROM upsert_sessions s JOIN datasets d ON d.id = s.dataset_id
          WHERE s.id = ${sessionId} AND d.project_id = ${projectId}
        ), touched AS (
          UPDATE upsert_sessions s SET touched_at = now()
          FROM found f WHERE s.id = f.id AND f.touched_at < now() - interval '1 minute'
        )
        SELECT id, dataset_id, base_version, mode, message, payload_manifest_size FROM found`,
  );
  if (!found) throw notFound("upsert session", sessionId);
  return {
    id: found.id,
    datasetId: found.dataset_id,
    baseVersion: Number(found.base_version),
    mode: found.mode,
    message: found.message,
    payloadManifestSize: found.payload_manifest_size === null ? null : Number(found.payload_manifest_size),
  };
}

/**
 * Step 1: picks (by name: creates) the dataset and opens a session based on its latest version.
 * A manifest equal to the latest version's is answered without a session (noop), first by one
 * read-only statement (latestNoop). Abandoned sessions (idle for an hour) are swept here too,
 * before a session is opened, so they do not pile up between restarts.
 */
export async function beginUpsert(
  db: Db,
  project: Project,
  input: DatasetSelector & {
    mode: UpsertMode;
    message: string;
    description?: string;
    manifestDigest?: string;
    bucketsDigest?: string;
    exampleCount?: number;
    manifestWithPayloads?: boolean;
  },
): Promise<UpsertBeginResult> {
  const noop = await latestNoop(db, project.id, input);
  if (noop) return noop;
  await sweepAbandonedUpserts(db);
  return db.transaction(async (tx) => {
    let datasetId: string;
    let created = false;
    if (input.datasetId !== undefined) {
      datasetId = await requireDatasetId(tx, project.id, { datasetId: input.datasetId });
    } else {
      const [inserted] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO datasets (project_id, name, description) VALUES (${project.id}, ${input.datasetName}, ${input.description ?? ""})
            ON CONFLICT (project_id, name) DO NOTHING RETURNING id`,
      );
      created = Boolean(inserted);
      datasetId = inserted ? inserted.id : await requireDatasetId(tx, project.id, { datasetName: input.datasetName });
    }
    const [latest] = await rows<{ id: string; number: number; example_count: number; manifest_digest: string | null }>(
      tx,
      sql`SELECT id, number, example_count, manifest_digest FROM dataset_versions WHERE dataset_id = ${datasetId} ORDER BY number DESC LIMIT 1`,
    );
    if (latest && (await isLatestManifest(tx, datasetId, latest, input))) {
      const count = Number(latest.example_count);
      return {
        sessionId: "",
        datasetId,
        baseVersion: Number(latest.number),
        created,
        baseExampleCount: count,
        noop: true,
        versionId: latest.id,
        summary: { added: 0, updated: 0, deleted: 0, unchanged: count },
      };
    }
    // A first import needs every entry: its manifest can come with the payloads.
    const payloadManifestSize = !latest && input.manifestWithPayloads && input.exampleCount !== undefined ? input.exampleCount : null;
    const [session] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO upsert_sessions (dataset_id, base_version, mode, message, payload_manifest_size)
          VALUES (${datasetId}, ${latest ? Number(latest.number) : 0}, ${input.mode}, ${input.message}, ${payloadManifestSize})
          RETURNING id`,
    );
    return {
      sessionId: session.id,
      datasetId,
      baseVersion: latest ? Number(latest.number) : 0,
      created,
      baseExampleCount: latest ? Number(latest.example_count) : 0,
      ...(payloadManifestSize === null ? {} : { manifestWithPayloads: true }),
    };
  });
}

/**
 * A no-op begin answered by one read-only statement instead of ~8 round trips (a sweep, then a
 * transaction): the dataset's latest version and its cached buckets digest, compared with the client's
 * digests. Undefined when that does not settle it (no dataset or version, a digest not cached or
 * not filled yet, a mismatch): beginUpsert's full path then answers, and fills what is missing.
 * The sweep runs at every begin that opens a session; a no-op opens none.
 */
async function latestNoop(
  db: Db,
  projectId: string,
  input: DatasetSelector & { manifestDigest?: string; bucketsDigest?: string; exampleCount?: number },
): Promise<UpsertBeginResult | undefined> {
  if (input.manifestDigest === undefined && input.bucketsDigest === undefined) return undefined;
  // A malformed id (NOT_FOUND) or a missing selector is the full path's to answer.
  if (input.datasetId !== undefined ? !isUuid(input.datasetId) : input.datasetName === undefined) return undefined;
  const dataset = input.datasetId !== undefined ? sql`d.id = ${input.datasetId}` : sql`d.name = ${input.datasetName}`;
  const [latest] = await rows<{
    dataset_id: string;
    id: string;
    number: number;
    example_count: number;
    manifest_digest: string | null;
    buckets_digest: string | null;
  }>(
    db,
    sql`SELECT d.id AS dataset_id, v.id, v.number, v.example_count, v.manifest_digest, b.buckets_digest
        FROM datasets d
        CROSS JOIN LATERAL (
          SELECT id, number, example_count, manifest_digest FROM dataset_versions
          WHERE dataset_id = d.id ORDER BY number DESC LIMIT 1
        ) v
        LEFT JOIN dataset_bucket_digests b ON b.dataset_id = d.id AND b.version = v.number
        WHERE ${dataset} AND d.project_id = ${projectId}`,
  );
  if (!latest) return undefined;
  const count = Number(latest.example_count);
  if (input.exampleCount !== undefined && input.exampleCount !== count) return undefined;
  const byBuckets = input.bucketsDigest !== undefined && Boolean(latest.buckets_digest) && latest.buckets_digest === input.bucketsDigest;
  const byManifest = input.manifestDigest !== undefined && latest.manifest_digest !== null && latest.manifest_digest === input.manifestDigest;
  if (!byBuckets && !byManifest) return undefined;
  return {
    sessionId: "",
    datasetId: latest.dataset_id,
    baseVersion: Number(latest.number),
    created: false,
    baseExampleCount: count,
    noop: true,
    versionId: latest.id,
    summary: { added: 0, updated: 0, deleted: 0, unchanged: count },
  };
}

/**
 * Whether the client's manifest is exactly the latest version (in merge mode too: nothing to add
 * or update), by its manifest digest or its buckets digest and its size. What is not filled in yet
 * (a large version's, just committed) is filled now.
 */
async function isLatestManifest(
  db: Db,
  datasetId: string,
  latest: { number: number; example_count: number; manifest_digest: string | null },
  input: { manifestDigest?: string; bucketsDigest?: string; exampleCount?: number },
): Promise<boolean> {
  const count = Number(latest.example_count);
  if (input.exampleCount !== undefined && input.exampleCount !== count) return false;
  if (input.bucketsDigest !== undefined && (await bucketsDigestAt(db, datasetId, Number(latest.number), count)) === input.bucketsDigest) {
    return true;
  }
  if (input.manifestDigest === undefined) return false;
  let digest = latest.manifest_digest;
  if (digest === null) {
    const filled = await fillManifestDigest(db, datasetId);
    if (filled?.number === Number(latest.number)) digest = filled.digest;
  }
  return digest === input.manifestDigest;
}

async function rejectDuplicates(db: Db, sessionId: string, duplicates: string[]): Promise<never> {
  await dropSession(db, sessionId);
  throw badRequest(`duplicate source ids in one upsert: ${nameIds(duplicates)}; the upsert was aborted, nothing was written`, {
    duplicates,
  });
}

/**
 * Step 2: compares a manifest chunk with the dataset's latest version (the session's base: a
 * commit on another base fails) and answers which of its source ids are new or changed, in one
 * set-based statement. Needed entries are staged one row each, with the example id and revision
 * kind the commit will write; the unchanged ones only as one array of source ids. A source id
 * seen twice in a chunk, or needed twice across chunks, aborts the session here; a duplicate
 * involving an unchanged entry is found at commit.
 */
export async function addManifest(
  db: Db,
  project: Project,
  input: { sessionId: string; entries: readonly (readonly [string, string])[]; bucketDigests?: string },
): Promise<{ needed: string[]; changed: number; touchedBuckets?: number[] }> {
  const session = await touchSession(db, project.id, input.sessionId);
  if (session.payloadManifestSize !== null) {
    throw badRequest("this session takes its manifest with the payloads (manifestWithPayloads): send payloads with their hashes, not manifest calls");
  }
  const touched = input.bucketDigests === undefined ? undefined : await bucketsOfSession(db, session, input.bucketDigests);
  const buckets = touched ? { touchedBuckets: touched } : {};
  if (input.entries.length === 0) return { needed: [], changed: 0, ...buckets };
  const inChunk = duplicateIds(input.entries.map(([sourceId]) => sourceId));
  if (inChunk.length) await rejectDuplicates(db, session.id, inChunk);

  // One index probe per entry (examples by dataset and source id): LATERAL ... LIMIT 1 keeps that
  // plan whatever the table statistics say. Without a base version there is nothing to find, and
  // every entry is needed.
  // New examples get ids minted (minted-ids.ts) with the entry's place in the chunk.
  // A plain insert: a source id already staged by an earlier chunk is a unique violation, caught
  // below (ON CONFLICT DO NOTHING, a speculative insertion, cost ~5 µs per entry on PGlite).
  const fresh = session.baseVersion === 0;
  let answer: { locked: number; needed: string[] | null; changed: number };
  try {
    [answer] = await rows<{ locked: number; needed: string[] | null; changed: number }>(
      db,
      sql`WITH locked AS MATERIALIZED (${lockSession(session.id)}), probed AS MATERIALIZED (
            SELECT t.e->>0 AS source_id, t.e->>1 AS hash, t.n, x.id AS example_id, x.latest_hash
            FROM jsonb_array_elements(${jsonbParam(JSON.stringify(input.entries), driverOf(db))}) WITH ORDINALITY AS t(e, n)
            LEFT JOIN LATERAL (
              SELECT x.id, x.latest_hash FROM examples x
              WHERE ${!fresh} AND x.dataset_id = ${session.datasetId} AND x.source_id = t.e->>0
              LIMIT 1
            ) x ON true
          ), minted AS MATERIALIZED (
            SELECT ${mintBase} AS base
          ), staged AS (
            INSERT INTO upsert_entries (session_id, source_id, hash, example_id, new_example, kind)
            SELECT locked.id, source_id, hash, COALESCE(example_id, ${mintedId(sql`base`, sql`n`)}),
                   example_id IS NULL, CASE WHEN latest_hash IS NULL THEN 'CREATE' ELSE 'PATCH' END
            FROM probed, minted, locked
            WHERE latest_hash IS DISTINCT FROM hash
            ORDER BY n
          ), listed AS (
            INSERT INTO upsert_unchanged (session_id, source_ids)
            SELECT locked.id, array_agg(source_id) FROM probed, locked WHERE latest_hash = hash GROUP BY locked.id
          )
          SELECT (SELECT count(*) FROM locked)::int AS locked,
                 ${fresh ? sql`NULL` : sql`jsonb_agg(source_id ORDER BY n) FILTER (WHERE latest_hash IS DISTINCT FROM hash)`} AS needed,
                 count(*) FILTER (WHERE latest_hash <> hash)::int AS changed
          FROM probed`,
    );
  } catch (error) {
    if (pgErrorCode(error) !== "23505") throw error;
    // Needed twice across chunks (the statement wrote nothing): the ids an earlier chunk staged.
    const staged = new Set(await neededIn(db, session.id, input.entries));
    const duplicates = input.entries.map(([sourceId]) => sourceId).filter((id) => staged.has(id));
    if (duplicates.length === 0) throw error;
    return rejectDuplicates(db, session.id, duplicates);
  }
  if (answer.locked === 0) throw notFound("upsert session", session.id);
  return {
    needed: fresh ? input.entries.map(([sourceId]) => sourceId) : (answer.needed ?? []),
    changed: Number(answer.changed),
    ...buckets,
  };
}

/**
 * A bucketed manifest (lib/manifest-buckets.ts): compares the client's bucket digests with the
 * base version's and records the buckets that differ in the session, for the commit's mirror
 * deletions. Only in a session's first manifest call; without a base version every entry is new,
 * and the answer is undefined (send them all).
 */
async function bucketsOfSession(db: Db, session: UpsertSession, digests: string): Promise<number[] | undefined> {
  if (session.baseVersion === 0) return undefined;
  const digits = bucketDigitsOfLength(digests.length);
  if (digits === 0) throw badRequest("bucketDigests: 4,096 or 65,536 digests of 16 hex digits");
  const touched = await touchedBuckets(db, session.datasetId, session.baseVersion, digits, digests);
  const [first] = await rows<{ id: string }>(
    db,
    sql`UPDATE upsert_sessions s SET bucket_digits = ${digits}, touched_buckets = ${`{${touched.join(",")}}`}::int[]
        WHERE s.id = ${session.id} AND s.bucket_digits IS NULL
          AND NOT EXISTS (SELECT 1 FROM upsert_entries WHERE session_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM upsert_unchanged WHERE session_id = s.id)
        RETURNING s.id`,
  );
  if (!first) throw badRequest("bucketDigests: only in the first manifest call of a session, before any entry");
  return touched;
}

/** Source ids of `entries` staged as needed (for naming duplicates). */
async function neededIn(db: Db, sessionId: string, entries: readonly (readonly [string, string])[]): Promise<string[]> {
  const found = await rows<{ source_id: string }>(
    db,
    sql`SELECT source_id FROM upsert_entries
        WHERE session_id = ${sessionId} AND source_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(entries.map(([id]) => id))}::jsonb))`,
  );
  return found.map((row) => row.source_id);
}

/**
 * Step 3: stores payloads of needed entries. The server hashes every example itself; a payload
 * whose hash differs from its manifest entry, or that was not asked for, rejects the whole chunk.
 */
export async function addPayload(
  db: Db,
  project: Project,
  input: { sessionId: string; examples: readonly UpsertPayloadExample[]; position?: number },
): Promise<{ stored: number }> {
  const session = await touchSession(db, project.id, input.sessionId);
  const inChunk = duplicateIds(input.examples.map((e) => e.sourceId));
  if (inChunk.length) throw badRequest(`duplicate source ids in one payload: ${nameIds(inChunk)}`, { duplicates: inChunk });
  const { payloadManifestSize } = session;
  if (payloadManifestSize !== null) return addPayloadWithEntries(db, { ...session, payloadManifestSize }, input);
  if (input.position !== undefined || input.examples.some((e) => e.hash !== undefined)) {
    throw badRequest("hash and position belong to a session that takes its manifest with the payloads (manifestWithPayloads)");
  }

  const { bytes: records, hashes } = payloadRecords(input.examples);
  const driver = driverOf(db);
  return db.transaction(async (tx) => {
    // Each example that the session needs, with the hash the manifest gave it, is stored as the
    // dataset's content under that hash (already there: kept as it is, content-addressed).
    // `= ANY(ids)` makes the staged rows an index lookup of this chunk's ids: joined on source id
    // alone, the planner may read every staged row of the session for each chunk.
    const [locked] = await rows<{ id: string }>(tx, lockSession(session.id));
    if (!locked) throw notFound("upsert session", session.id);
    const ids = JSON.stringify(input.examples.map((e) => e.sourceId));
    // The positions of the entries stored are recorded as received: what the commit counts.
    // Written only if every example matched (otherwise the throw below rolls all of it back).
    // Only their count comes back (100k source ids cost ~0.2 s to read back on PGlite); the ids
    // are looked up again when some example was not stored.
    const [stored] = await rows<{ count: number }>(
      tx,
      sql`WITH matched AS MATERIALIZED (
            SELECT t.s, t.h, t.input, t.output, t.metadata, u.position
            FROM jsonb_to_recordset(${jsonbBytesParam(records, driver)}) AS t(s text, h text, input jsonb, output jsonb, metadata jsonb)
            JOIN upsert_entries u ON u.session_id = ${session.id} AND u.source_id = t.s AND u.hash = t.h
            WHERE u.source_id = ANY(ARRAY(SELECT jsonb_array_elements_text(${jsonbParam(ids, driver)})))
          ), written AS (
            INSERT INTO example_contents (dataset_id, hash, input, output, metadata)
            SELECT ${session.datasetId}, h, input, output, metadata FROM matched
            ON CONFLICT (dataset_id, hash) DO NOTHING
          ), received AS (
            INSERT INTO upsert_received (session_id, positions)
            SELECT ${session.id}, array_agg(position) FROM matched HAVING count(*) > 0
          )
          SELECT count(*)::int AS count FROM matched`,
    );
    if (Number(stored.count) === input.examples.length) return { stored: Number(stored.count) };

    // Explain every rejected example (what the manifest staged for each id of the chunk: an entry
    // with the hash it needs, an unchanged one, or nothing); the throw rolls the chunk back.
    const staged = await rows<{ source_id: string; hash: string | null }>(
      tx,
      sql`WITH sent AS (SELECT jsonb_array_elements_text(${jsonbParam(ids, driver)}) AS source_id)
          SELECT source_id, hash FROM upsert_entries WHERE session_id = ${session.id} AND source_id IN (SELECT source_id FROM sent)
          UNION ALL
          SELECT source_id, NULL FROM upsert_unchanged, unnest(source_ids) AS source_id
          WHERE session_id = ${session.id} AND source_id IN (SELECT source_id FROM sent)`,
    );
    // An id staged as needed and also listed unchanged (a duplicate, which the commit rejects) is needed here.
    const bySource = new Map<string, string | null>();
    for (const e of staged) if (e.hash !== null || !bySource.has(e.source_id)) bySource.set(e.source_id, e.hash);
    const rejected = input.examples.map((e) => e.sourceId).filter((id) => bySource.get(id) !== hashes.get(id));
    const mismatched = rejected.filter((id) => bySource.get(id));
    const unknown = rejected.filter((id) => !bySource.has(id));
    const unneeded = rejected.filter((id) => bySource.has(id) && bySource.get(id) === null);
    const problems = [
      mismatched.length && `content does not match the manifest hash for ${nameIds(mismatched)}`,
      unknown.length && `not in the manifest: ${nameIds(unknown)}`,
      unneeded.length && `not needed (unchanged, the server did not ask for them): ${nameIds(unneeded)}`,
    ].filter(Boolean);
    throw badRequest(`payload rejected: ${problems.join("; ")}`, { mismatched, unknown, unneeded });
  });
}

export async function abortUpsert(db: Db, project: Project, sessionId: string): Promise<UpsertAbortResult> {
  if (!isUuid(sessionId)) return { sessionId, aborted: false };
  const [mine] = await rows<{ id: string }>(
    db,
    sql`SELECT s.id FROM upsert_sessions s JOIN datasets d ON d.id = s.dataset_id WHERE s.id = ${sessionId} AND d.project_id = ${project.id}`,
  );
  return { sessionId, aborted: Boolean(mine) && (await dropSession(db, sessionId)) };
}
