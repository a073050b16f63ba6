import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";
import type { Project, UpsertCommitResult } from "@/lib/contracts";
import { badRequest, conflict, notFound } from "../errors";
import { deleteSession, nameIds, touchSession, type UpsertSession } from "./upsert";

class StaleBase extends Error {
  constructor(readonly latest: number) {
    super("stale base version");
  }
}

/**
 * Step 4: turns a session into one new version, in one transaction, set-based:
 * - changed examples get a PATCH revision (a deleted one that reappears: CREATE, same example row);
 * - new source ids get an example row (in manifest order) and a CREATE revision;
 * - mirror mode: examples in force but absent from the manifest get a DELETE revision;
 * - superseded revisions are closed (valid_to = the new version).
 * The dataset row is locked first, so concurrent commits of one dataset run one after the other;
 * a commit whose base version is no longer the latest fails with CONFLICT (the client re-plans).
 * Nothing changed -> no version; the latest is returned with `noop: true`.
 */
export async function commitUpsert(db: Db, project: Project, sessionId: string): Promise<UpsertCommitResult> {
  const session = await touchSession(db, project.id, sessionId);
  try {
    const result = await db.transaction((tx) => commitInTransaction(tx, session));
    const { added, updated, deleted } = result.summary;
    await refreshStatistics(db, added + updated + deleted);
    return result;
  } catch (error) {
    if (error instanceof StaleBase) {
      await deleteSession(db, session.id);
      throw conflict(
        `dataset '${session.datasetId}' changed during the upsert: it is at version ${error.latest}, the upsert was planned against version ${session.baseVersion}; plan again`,
      );
    }
    throw error;
  }
}

/**
 * ANALYZE the example tables after a bulk change (>= 1,000 rows and >= 10% of the table), so that
 * the planner knows how large datasets are. PostgreSQL's autovacuum would get there within a
 * minute or so; embedded PGlite runs no autovacuum at all.
 */
export async function refreshStatistics(db: Db, changed: number): Promise<void> {
  if (changed < 1_000) return;
  const [table] = await rows<{ estimate: number }>(
    db,
    sql`SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = 'example_revisions'::regclass`,
  );
  if (Number(table?.estimate) > 0 && changed < 0.1 * Number(table.estimate)) return;
  // Best effort: the version is committed whatever happens here.
  await db.execute(sql`ANALYZE examples, example_revisions`).catch(() => undefined);
}

async function commitInTransaction(tx: Db, session: UpsertSession): Promise<UpsertCommitResult> {
  const D = session.datasetId;
  const S = session.id;
  await tx.execute(sql`SELECT id FROM datasets WHERE id = ${D} FOR UPDATE`);
  // The same session committed twice at once: the second finds it gone (its entries too).
  const [open] = await rows<{ id: string }>(tx, sql`SELECT id FROM upsert_sessions WHERE id = ${S} FOR UPDATE`);
  if (!open) throw notFound("upsert session", S);
  const [latest] = await rows<{ id: string; number: number; example_count: number }>(
    tx,
    sql`SELECT id, number, example_count FROM dataset_versions WHERE dataset_id = ${D} ORDER BY number DESC LIMIT 1`,
  );
  const base = latest ? Number(latest.number) : 0;
  if (base !== session.baseVersion) throw new StaleBase(base);

  const [staged] = await rows<{ missing: number; unchanged: number }>(
    tx,
    sql`SELECT count(*) FILTER (WHERE needed AND input IS NULL)::int AS missing, count(*) FILTER (WHERE NOT needed)::int AS unchanged
        FROM upsert_entries WHERE session_id = ${S}`,
  );
  if (staged.missing > 0) {
    const missing = await rows<{ source_id: string }>(
      tx,
      sql`SELECT source_id FROM upsert_entries WHERE session_id = ${S} AND needed AND input IS NULL ORDER BY position LIMIT 20`,
    );
    const ids = missing.map((m) => m.source_id);
    throw badRequest(
      `payloads missing for ${staged.missing} needed example(s): ${nameIds(ids)}${staged.missing > ids.length ? ` and ${staged.missing - ids.length} more` : ""}`,
      { missing: ids, count: staged.missing },
    );
  }

  // The LATERAL joins below pin the plans to "for each staged entry, probe an index": the
  // statistics of staging rows are always stale, and a hash join over a dataset's revisions
  // would read every payload of the dataset.
  const V = base + 1;
  // Existing examples whose content changed, or that come back after a deletion.
  const [revised] = await rows<{ created: number; patched: number }>(
    tx,
    sql`WITH matched AS MATERIALIZED (
          SELECT x.id AS example_id, u.source_id
          FROM upsert_entries u
          JOIN LATERAL (SELECT id FROM examples x WHERE x.dataset_id = ${D} AND x.source_id = u.source_id) x ON true
          WHERE u.session_id = ${S} AND u.needed
        ), closed AS (
          UPDATE example_revisions r SET valid_to = ${V}
          FROM matched m WHERE r.example_id = m.example_id AND r.valid_to IS NULL
          RETURNING r.example_id, r.kind
        ), written AS (
          INSERT INTO example_revisions (example_id, dataset_id, valid_from, kind, input, output, metadata, hash)
          SELECT m.example_id, ${D}, ${V}, CASE WHEN c.kind = 'DELETE' THEN 'CREATE' ELSE 'PATCH' END,
                 u.input, u.output, u.metadata, u.hash
          FROM closed c
          JOIN matched m ON m.example_id = c.example_id
          JOIN LATERAL (SELECT * FROM upsert_entries u WHERE u.session_id = ${S} AND u.source_id = m.source_id) u ON true
          RETURNING kind
        )
        SELECT count(*) FILTER (WHERE kind = 'CREATE')::int AS created, count(*) FILTER (WHERE kind = 'PATCH')::int AS patched
        FROM written`,
  );
  // New source ids: example rows in manifest order (their ordinals), then their CREATE revisions.
  const [fresh] = await rows<{ created: number }>(
    tx,
    sql`WITH inserted AS (
          INSERT INTO examples (dataset_id, source_id)
          SELECT ${D}, u.source_id FROM upsert_entries u
          LEFT JOIN LATERAL (SELECT 1 AS hit FROM examples x WHERE x.dataset_id = ${D} AND x.source_id = u.source_id) known ON true
          WHERE u.session_id = ${S} AND u.needed AND known.hit IS NULL
          ORDER BY u.position
          RETURNING id, source_id
        ), written AS (
          INSERT INTO example_revisions (example_id, dataset_id, valid_from, kind, input, output, metadata, hash)
          SELECT i.id, ${D}, ${V}, 'CREATE', u.input, u.output, u.metadata, u.hash
          FROM inserted i
          JOIN LATERAL (SELECT * FROM upsert_entries u WHERE u.session_id = ${S} AND u.source_id = i.source_id) u ON true
          RETURNING 1
        )
        SELECT count(*)::int AS created FROM written`,
  );
  // Mirror: examples in force at the base but absent from the manifest get a DELETE revision.
  // Those present are the unchanged entries plus the patched ones; when they are all of the
  // base version, nothing is missing and the anti-join is skipped.
  const baseCount = latest ? Number(latest.example_count) : 0;
  let deleted = 0;
  if (session.mode === "mirror" && staged.unchanged + revised.patched < baseCount) {
    const [gone] = await rows<{ deleted: number }>(
      tx,
      sql`WITH absent AS MATERIALIZED (
            SELECT x.id FROM examples x
            LEFT JOIN LATERAL (SELECT 1 AS hit FROM upsert_entries u WHERE u.session_id = ${S} AND u.source_id = x.source_id) listed ON true
            WHERE x.dataset_id = ${D} AND listed.hit IS NULL
          ), closed AS (
            UPDATE example_revisions r SET valid_to = ${V}
            FROM absent a
            WHERE r.example_id = a.id AND r.valid_to IS NULL AND r.valid_from < ${V} AND r.kind <> 'DELETE'
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

  const added = revised.created + fresh.created;
  const updated = revised.patched;
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
  const [version] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO dataset_versions (dataset_id, number, message, parent_id, added, updated, deleted, unchanged, example_count)
        VALUES (${D}, ${V}, ${session.message}, ${latest?.id ?? null}, ${added}, ${updated}, ${deleted}, ${summary.unchanged}, ${exampleCount})
        RETURNING id`,
  );
  await tx.execute(sql`UPDATE datasets SET updated_at = now() WHERE id = ${D}`);
  return { datasetId: D, versionId: version.id, versionNumber: V, summary, noop: false };
}
