// Runs once when the server starts: open the database and apply migrations before the first
// request, so `npm start` fails fast on a bad DATABASE_URL instead of on the first page view.
// Upserts abandoned by a previous process (killed mid-upload) are swept here as well.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDatabase } = await import("./db");
  const { sweepAbandonedUpserts } = await import("./server/services/upsert-cleanup");
  const database = await getDatabase();
  const swept = await sweepAbandonedUpserts(database.db);
  console.log(`cairn: database ready (${database.driver})${swept ? `; dropped ${swept} abandoned upsert session${swept === 1 ? "" : "s"}` : ""}`);
}
