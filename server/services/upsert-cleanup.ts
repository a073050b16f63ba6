import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";

/**
 * How long an upsert session may sit unused before it counts as abandoned. An hour, not less:
 * on a shared PostgreSQL another server process may be in the middle of that upsert (sessions
 * are touched at most once a minute, see touchSession).
 */
export const UPSERT_SESSION_IDLE = "1 hour";

/**
 * Drops upsert sessions idle for longer than UPSERT_SESSION_IDLE (a client that stopped midway,
 * a server killed during an upload); their staged rows go with them (upsert_entries and
 * upsert_unchanged cascade). Run when the server starts and at every upsert begin. Answers how
 * many sessions were dropped.
 */
export async function sweepAbandonedUpserts(db: Db): Promise<number> {
  const dropped = await rows<{ id: string }>(
    db,
    sql`DELETE FROM upsert_sessions WHERE touched_at < now() - ${UPSERT_SESSION_IDLE}::interval RETURNING id`,
  );
  return dropped.length;
}
