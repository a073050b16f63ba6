import { sql } from "drizzle-orm";
import { driverOf, rows, type Db } from "@/db";

/** Per database: the refresh running in the background, and the changes that arrived meanwhile. */
const refreshing = new WeakMap<Db, { changed: number }>();

/**
 * ANALYZE the example tables after a bulk change (>= 1,000 rows and >= 10% of the table), so that
 * the planner knows how large datasets are: autovacuum may be off, and embedded PGlite runs none.
 * Housekeeping after a committed write, errors ignored (the database may even be closed meanwhile).
 * On PostgreSQL it runs in the background, on a connection of its own: callers answer without
 * waiting for it, and changes that arrive while it runs are folded into one more run after it.
 * On PGlite (or a handle of unknown driver) it is awaited: one connection, and the engine runs on
 * this thread, so a background ANALYZE would only stall whatever request comes next for as long.
 */
export async function refreshStatistics(db: Db, changed: number): Promise<void> {
  if (changed < 1_000) return;
  if (driverOf(db) !== "postgres") return analyzeIfLarge(db, changed, false).catch(() => undefined);
  const running = refreshing.get(db);
  if (running) {
    running.changed += changed;
    return;
  }
  const next = { changed: 0 };
  refreshing.set(db, next);
  void (async () => {
    try {
      for (let pending = changed; pending > 0; pending = next.changed, next.changed = 0) await analyzeIfLarge(db, pending, true);
    } catch {
      // Best effort: the next bulk change (or autovacuum) tries again.
    } finally {
      refreshing.delete(db);
    }
  })();
}

/**
 * `withContents`: example_contents too (its keys only). Its sample reads the wide rows (~0.26 s
 * per 100k examples on PostgreSQL), so only where the refresh runs in the background. Without it
 * PostgreSQL overestimates content lookups and JIT-compiles page queries (~150 ms each); PGlite
 * has no JIT, and content lookups are index probes either way (LIMIT 1 laterals).
 */
async function analyzeIfLarge(db: Db, changed: number, withContents: boolean): Promise<void> {
  const [table] = await rows<{ estimate: number }>(
    db,
    sql`SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = 'example_revisions'::regclass`,
  );
  if (Number(table?.estimate) > 0 && changed < 0.1 * Number(table.estimate)) return;
  await db.execute(withContents ? sql`ANALYZE examples, example_revisions, example_contents (dataset_id, hash)` : sql`ANALYZE examples, example_revisions`);
}
