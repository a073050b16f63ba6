import { sql } from "drizzle-orm";
import { driverOf, rows, type Db } from "@/db";
import { queueBackground } from "./background";

/** Per database: the rows changed since the last refresh started. */
const changedSince = new WeakMap<Db, { changed: number }>();

/**
 * ANALYZE the example tables after a bulk change (>= 1,000 rows and >= 10% of the table), so that
 * the planner knows how large datasets are: autovacuum may be off, and embedded PGlite runs none.
 * Housekeeping after a committed write, errors ignored (the database may even be closed meanwhile).
 * On PostgreSQL it runs in the background queue (background.ts): callers answer without waiting
 * for it, and changes that arrive before it starts are folded into it.
 * On PGlite (or a handle of unknown driver) it is awaited: one connection, and the engine runs on
 * this thread, so a background ANALYZE would only stall whatever request comes next for as long.
 */
export async function refreshStatistics(db: Db, changed: number): Promise<void> {
  if (changed < 1_000) return;
  if (driverOf(db) !== "postgres") return analyzeIfLarge(db, changed, false).catch(() => undefined);
  const since = changedSince.get(db) ?? { changed: 0 };
  changedSince.set(db, since);
  since.changed += changed;
  queueBackground(db, "statistics", async () => {
    const pending = since.changed;
    since.changed = 0;
    if (pending > 0) await analyzeIfLarge(db, pending, true);
  });
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
  // A sample of 3,000 rows a table (statistics target 10, against 30,000 by default): what this
  // refresh is for is the tables' sizes and the datasets' shares, which it estimates as well; the
  // default sample cost ~0.6 s per 100k examples on PostgreSQL (the wide contents most), 0.05 s
  // this way. Autovacuum, where it runs, refreshes them later at the configured target.
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL default_statistics_target = 10`);
    await tx.execute(withContents ? sql`ANALYZE examples, example_revisions, example_contents (dataset_id, hash)` : sql`ANALYZE examples, example_revisions`);
  });
}
