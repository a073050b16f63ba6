// Runs once when the server starts: open the database and apply migrations before the first
// request, so `npm start` fails fast on a bad DATABASE_URL instead of on the first page view.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDatabase } = await import("./db");
  const database = await getDatabase();
  console.log(`cairn: database ready (${database.driver})`);
}
