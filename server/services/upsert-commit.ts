import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";
import type { Project, UpsertCommitResult } from "@/lib/contracts";
import { nameIds } from "@/lib/source-ids";
import { badRequest, conflict, notFound, pgErrorCode } from "../errors";
import { entryDigest } from "./manifest-buckets";
import { digestWorkMem, latestManifestDigest } from "./manifest-digest";
import { refreshStatistics } from "./statistics";
import { touchSession, type UpsertSession } from "./upsert";
import { checkPayloadEntries, duplicatePayloadEntries, insertFirstImport } from "./upsert-first-import";
import { dropSession } from "./upsert-cleanup";
import { digestAfterCommit, fillVersionCaches } from "./version-caches";

class Duplicates extends Error {
  constructor(readonly ids: string[]) {
    super("duplicate source ids");
  }
}

class StaleBase extends Error {
  constructor(readonly latest: number) {
    super("stale base version");
  }
}

/**
 * Step 4: turns a session into one new version, in one transaction, set-based. The staged entries
 * already carry their example ids and revision kinds (upsert.ts), and their contents are stored
 * (example_contents, at upload), so the writes are narrow copies of the session's rows:
 * - changed examples: the revision in force is closed (valid_to = the new version) and a PATCH
 *   (a deleted one that reappears: CREATE, same example row) is written;
 * - new source ids: an example row (in manifest order) and a CREATE revision;
 * - mirror mode: examples in force but absent from the manifest get a DELETE revision;
 * - examples.latest_hash follows every change.
 * The dataset row is locked first, so concurrent commits of one dataset run one after the other;
 * a commit whose base version is no longer the latest fails with CONFLICT (the client re-plans).
 * Nothing changed -> no version; the latest is returned with `noop: true`.
 */
export async function commitUpsert(db: Db, project: Project, sessionId: string): Promise<UpsertCommitResult> {
  const session = await touchSession(db, project.id, sessionId);
  try {
    const result = await db.transaction((tx) => commitInTransaction(tx, session));
    const { added, updated, deleted, unchanged } = result.summary;
    if (!result.noop && digestAfterCommit(added + updated + unchanged)) await fillVersionCaches(db, session.datasetId);
    await refreshStatistics(db, added + updated + deleted);
    return result;
  } catch (error) {
    // A first import's source id sent in two payload calls: the examples' unique key says so.
    if (session.payloadManifestSize !== null && pgErrorCode(error) === "23505") {
      const ids = await duplicatePayloadEntries(db, session.id);
      if (ids.length) error = new Duplicates(ids);
    }
    if (error instanceof Duplicates) {
      await dropSession(db, session.id);
      throw badRequest(`duplicate source ids in one upsert: ${nameIds(error.ids)}; the upsert was aborted, nothing was written`, {
        duplicates: error.ids,
      });
    }
    if (error instanceof StaleBase) {
      await dropSession(db, session.id);
      throw conflict(
        `dataset '${session.datasetId}' changed during the upsert: it is at version ${error.latest}, the upsert was planned against version ${session.baseVersion}; plan again`,
      );
    }
    throw error;
  }
}

async function commitInTransaction(tx: Db, session: UpsertSession): Promise<UpsertCommitResult> {
  const D = session.datasetId;
  const S = session.id;
  // The lock a foreign key check would take per row, once (see db/schema/examples.ts).
  const [dataset] = await rows<{ id: string }>(tx, sql`SELECT id FROM datasets WHERE id = ${D} FOR UPDATE`);
  if (!dataset) throw notFound("dataset", D);
  await tx.execute(digestWorkMem);
  // The same session committed twice at once: the second finds it gone (its entries too).
  const [open] = await rows<{ id: string; bucket_digits: number | null; touched_buckets: number[] | null }>(
    tx,
    sql`SELECT id, bucket_digits, touched_buckets FROM upsert_sessions WHERE id = ${S} FOR UPDATE`,
  );
  if (!open) throw notFound("upsert session", S);
  const [latest] = await rows<{ id: string; number: number; example_count: number }>(
    tx,
    sql`SELECT id, number, example_count FROM dataset_versions WHERE dataset_id = ${D} ORDER BY number DESC LIMIT 1`,
  );
  const base = latest ? Number(latest.number) : 0;
  if (base !== session.baseVersion) throw new StaleBase(base);

  const V = base + 1;
  const baseCount = latest ? Number(latest.example_count) : 0;
  const size = session.payloadManifestSize;
  const { added, updated, deleted } =
    size === null ? await writeStagedEntries(tx, session, open, baseCount, V) : await writeFirstImport(tx, session, size, V);
  const exampleCount = baseCount + added - deleted;
  await tx.execute(sql`DELETE FROM upsert_sessions WHERE id = ${S}`);

  if (added + updated + deleted === 0) {
    return {
      datasetId: D,
      versionId: latest?.id ?? null,
      versionNumber: base,
      summary: { added: 0, updated: 0, deleted: 0, unchanged: exampleCount },
      noop: true,
    };
  }
  const summary = { added, updated, deleted, unchanged: exampleCount - added - updated };
  // A large version's manifest digest (a sort of every example) is filled after the commit.
  const digest = digestAfterCommit(exampleCount) ? sql`NULL` : sql`(${latestManifestDigest(D)})`;
  const [version] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO dataset_versions (dataset_id, number, message, parent_id, added, updated, deleted, unchanged, example_count, manifest_digest)
        VALUES (${D}, ${V}, ${session.message}, ${latest?.id ?? null}, ${added}, ${updated}, ${deleted}, ${summary.unchanged}, ${exampleCount},
                ${digest})
        RETURNING id`,
  );
  await tx.execute(sql`UPDATE datasets SET updated_at = now() WHERE id = ${D}`);
  return { datasetId: D, versionId: version.id, versionNumber: V, summary, noop: false };
}

/**
 * The writes of a session whose manifest was staged by manifest calls: revisions of the needed
 * entries (their payloads all stored), and the mirror deletions.
 */
async function writeStagedEntries(
  tx: Db,
  session: UpsertSession,
  open: { bucket_digits: number | null; touched_buckets: number[] | null },
  baseCount: number,
  V: number,
): Promise<{ added: number; updated: number; deleted: number }> {
  const S = session.id;
  const D = session.datasetId;
  const base = session.baseVersion;
  // A needed entry is ready when this session's payloads stored its content (upsert_received:
  // distinct positions, counted instead of a content lookup per entry). Stored content stays
  // while the session is open: dropping another session keeps hashes this one has staged.
  const [staged] = await rows<{ missing: number; needed: number; created: number; patched: number; unchanged: number }>(
    tx,
    sql`SELECT (count(*) - (SELECT count(DISTINCT p) FROM upsert_received, unnest(positions) AS p WHERE session_id = ${S}))::int AS missing,
               count(*)::int AS needed,
               count(*) FILTER (WHERE kind = 'CREATE')::int AS created, count(*) FILTER (WHERE kind = 'PATCH')::int AS patched,
               (SELECT COALESCE(sum(cardinality(source_ids)), 0) FROM upsert_unchanged WHERE session_id = ${S})::int AS unchanged
        FROM upsert_entries u WHERE session_id = ${S}`,
  );
  if (staged.missing > 0) {
    const missing = await rows<{ source_id: string }>(
      tx,
      sql`SELECT source_id FROM upsert_entries u
          WHERE session_id = ${S}
            AND u.position NOT IN (SELECT unnest(positions) FROM upsert_received WHERE session_id = ${S})
          ORDER BY position LIMIT 20`,
    );
    const ids = missing.map((m) => m.source_id);
    throw badRequest(
      `payloads missing for ${staged.missing} needed example(s): ${nameIds(ids)}${staged.missing > ids.length ? ` and ${staged.missing - ids.length} more` : ""}`,
      { missing: ids, count: staged.missing },
    );
  }
  // Needed entries are unique (their primary key); a source id listed as unchanged as well, or
  // twice as unchanged, is a duplicate the manifest step could not see.
  if (staged.unchanged > 0) {
    const duplicates = await rows<{ source_id: string }>(
      tx,
      sql`SELECT source_id FROM (
            SELECT unnest(source_ids) AS source_id FROM upsert_unchanged WHERE session_id = ${S}
            UNION ALL SELECT source_id FROM upsert_entries WHERE session_id = ${S}
          ) listed GROUP BY source_id HAVING count(*) > 1 ORDER BY source_id LIMIT 100`,
    );
    if (duplicates.length) throw new Duplicates(duplicates.map((d) => d.source_id));
  }

  if (staged.needed > 0) {
    // Revised examples: close the revision in force (an index lookup per example id).
    if (base > 0) {
      await tx.execute(
        sql`UPDATE example_revisions r SET valid_to = ${V}
            WHERE r.example_id = ANY(ARRAY(SELECT example_id FROM upsert_entries WHERE session_id = ${S} AND NOT new_example))
              AND r.valid_to IS NULL`,
      );
      await tx.execute(
        sql`UPDATE examples x SET latest_hash = u.hash, latest_digest = ${entryDigest(sql`x.source_id`, sql`u.hash`)}
            FROM upsert_entries u
            WHERE u.session_id = ${S} AND NOT u.new_example AND x.id = u.example_id`,
      );
    }
    // New examples in manifest order (their ordinals), then every revision.
    await tx.execute(
      sql`INSERT INTO examples (id, dataset_id, source_id, latest_hash, latest_digest)
          SELECT example_id, ${D}, source_id, hash, ${entryDigest(sql`source_id`, sql`hash`)} FROM upsert_entries
          WHERE session_id = ${S} AND new_example
          ORDER BY position`,
    );
    await tx.execute(
      sql`INSERT INTO example_revisions (example_id, dataset_id, valid_from, kind, hash)
          SELECT example_id, ${D}, ${V}, kind, hash FROM upsert_entries
          WHERE session_id = ${S}`,
    );
  }
  // Mirror: examples in force at the base but absent from the manifest get a DELETE revision.
  // Those present are the unchanged entries plus the patched ones; when they are all of the
  // base version, nothing is missing and the anti-join is skipped. A bucketed manifest lists the
  // touched buckets only: the examples of the others are all there, unchanged.
  const digits = open.bucket_digits === null ? 0 : Number(open.bucket_digits);
  // (As hex prefixes of the hash: cheaper per example than its bucket number.)
  const prefixes = (open.touched_buckets ?? []).map((bucket) => Number(bucket).toString(16).padStart(digits, "0"));
  const inTouched = digits ? sql`AND left(x.latest_hash, ${digits}) = ANY(${`{${prefixes.join(",")}}`}::text[])` : sql``;
  let deleted = 0;
  if (session.mode === "mirror" && staged.unchanged + staged.patched < baseCount) {
    const [gone] = await rows<{ deleted: number }>(
      tx,
      sql`WITH listed AS (
            SELECT unnest(source_ids) AS source_id FROM upsert_unchanged WHERE session_id = ${S}
            UNION ALL SELECT source_id FROM upsert_entries WHERE session_id = ${S}
          ), absent AS MATERIALIZED (
            SELECT x.id FROM examples x
            WHERE x.dataset_id = ${D} AND x.latest_hash IS NOT NULL ${inTouched}
              AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.source_id = x.source_id)
          ), cleared AS (
            UPDATE examples x SET latest_hash = NULL, latest_digest = NULL WHERE x.id = ANY(ARRAY(SELECT id FROM absent))
          ), closed AS (
            UPDATE example_revisions r SET valid_to = ${V}
            WHERE r.example_id = ANY(ARRAY(SELECT id FROM absent)) AND r.valid_to IS NULL
            RETURNING r.example_id
          ), written AS (
            INSERT INTO example_revisions (example_id, dataset_id, valid_from, kind, hash)
            SELECT example_id, ${D}, ${V}, 'DELETE', '' FROM closed
            RETURNING 1
          )
          SELECT count(*)::int AS deleted FROM written`,
    );
    deleted = gone.deleted;
  }

  return { added: staged.created, updated: staged.patched, deleted };
}

/** The writes of a first import whose manifest came with the payloads: an example and a CREATE revision per entry. */
async function writeFirstImport(tx: Db, session: UpsertSession, size: number, V: number): Promise<{ added: number; updated: number; deleted: number }> {
  await checkPayloadEntries(tx, session.id, size);
  const [written] = await rows<{ created: number }>(tx, insertFirstImport(session.datasetId, session.id, V));
  return { added: Number(written.created), updated: 0, deleted: 0 };
}
