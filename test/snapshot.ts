import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";

/**
 * Columns that reads write on purpose, left out of the fingerprint: a key's "last used" (updated
 * on authentication, at most once a minute).
 */
const VOLATILE: Record<string, readonly string[]> = { api_keys: ["last_used_at"] };

/**
 * The state of every table in `public`: its row count and an md5 of all its rows (as JSON, sorted),
 * so a test can say "nothing was written": an insert, a delete or an update of any column shows.
 */
export type DatabaseSnapshot = Record<string, { rows: number; md5: string }>;

export async function databaseSnapshot(db: Db): Promise<DatabaseSnapshot> {
  const tables = await rows<{ table_name: string }>(
    db,
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const snapshot: DatabaseSnapshot = {};
  for (const { table_name: table } of tables) {
    const dropped = (VOLATILE[table] ?? []).map((column) => ` - '${column}'`).join("");
    const [state] = await rows<{ rows: number; md5: string }>(
      db,
      sql.raw(`SELECT count(*)::int AS rows, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS md5
               FROM (SELECT (to_jsonb(t)${dropped})::text AS r FROM "${table}" t) x`),
    );
    snapshot[table] = { rows: Number(state.rows), md5: state.md5 };
  }
  return snapshot;
}
