import { sql, type SQL } from "drizzle-orm";

/**
 * SQL: the session's id, its row and its dataset's locked as a foreign key check would lock them
 * (FOR KEY SHARE), for statements that stage rows of the session or store contents of the
 * dataset: a concurrent drop of either waits for them, and its trigger then deletes what they
 * wrote (the staged rows have no foreign keys, see db/schema). No row: the session is gone and
 * the statement writes nothing.
 */
export function lockSession(sessionId: string): SQL {
  return sql`SELECT s.id FROM upsert_sessions s JOIN datasets d ON d.id = s.dataset_id WHERE s.id = ${sessionId} FOR KEY SHARE`;
}
