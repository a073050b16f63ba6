import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";

/**
 * How long an upsert session may sit unused before it counts as abandoned. An hour, not less:
 * on a shared PostgreSQL another server process may be in the middle of that upsert (sessions
 * are touched at most once a minute, see touchSession).
 */
export const UPSERT_SESSION_IDLE = "1 hour";

/**
 * Drops an upsert session that will not commit (aborted, rejected, abandoned): its staged rows
 * cascade, and so do the contents its payloads stored (example_contents, written at upload time;
 * the hashes of its staged entries, or of its payload calls' entries when the manifest came with
 * the payloads) unless a revision of the dataset or another open session of it has the same hash.
 * Answers whether the session was there. The checks read the dataset's own rows only (a constant
 * dataset id: the planner takes the dataset indexes), in one statement, so a concurrent commit
 * is seen either as staged entries or as revisions, never as neither.
 */
export async function dropSession(db: Db, sessionId: string): Promise<boolean> {
  const [session] = await rows<{ dataset_id: string }>(db, sql`SELECT dataset_id FROM upsert_sessions WHERE id = ${sessionId}`);
  if (!session) return false;
  const D = session.dataset_id;
  const dropped = await rows<{ id: string }>(
    db,
    sql`WITH dropped AS (
          DELETE FROM upsert_sessions WHERE id = ${sessionId} RETURNING id
        ), unused AS (
          DELETE FROM example_contents c
          USING (SELECT hash FROM upsert_entries WHERE session_id = ${sessionId}
                 UNION SELECT unnest(hashes) FROM upsert_payload_entries WHERE session_id = ${sessionId}) staged
          WHERE c.dataset_id = ${D} AND c.hash = staged.hash
            AND NOT EXISTS (SELECT 1 FROM example_revisions r WHERE r.dataset_id = ${D} AND r.hash = c.hash)
            AND NOT EXISTS (SELECT 1 FROM upsert_sessions s JOIN upsert_entries o ON o.session_id = s.id
                            WHERE s.dataset_id = ${D} AND s.id <> ${sessionId} AND o.hash = c.hash)
            AND NOT EXISTS (SELECT 1 FROM upsert_sessions s JOIN upsert_payload_entries o ON o.session_id = s.id, unnest(o.hashes) AS k(hash)
                            WHERE s.dataset_id = ${D} AND s.id <> ${sessionId} AND k.hash = c.hash)
        )
        SELECT id FROM dropped`,
  );
  return dropped.length > 0;
}

/**
 * Drops upsert sessions idle for longer than UPSERT_SESSION_IDLE (a client that stopped midway,
 * a server killed during an upload), with what they staged and stored (dropSession). Run when
 * the server starts and at every upsert begin. Answers how many sessions were dropped.
 */
export async function sweepAbandonedUpserts(db: Db): Promise<number> {
  const idle = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM upsert_sessions WHERE touched_at < now() - ${UPSERT_SESSION_IDLE}::interval`,
  );
  let dropped = 0;
  for (const { id } of idle) if (await dropSession(db, id)) dropped++;
  return dropped;
}
