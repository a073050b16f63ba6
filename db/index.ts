import { databaseOptionsFromEnv, openDatabase, type Database } from "./client";
import { migrate } from "./migrate";

export * from "./client";
export { migrate, DEFAULT_PROJECT } from "./migrate";
export { jsonbBytesParam, jsonbParam } from "./jsonb-param";
export { rows, toDate } from "./rows";
export * as schema from "./schema";

// One database per server process, kept on globalThis so Next's module reloading in dev
// cannot open the PGlite data folder twice.
const globalForDb = globalThis as unknown as { cairnDatabase?: Promise<Database> };

/** The app's database: opened and migrated once, on first use. */
export function getDatabase(): Promise<Database> {
  globalForDb.cairnDatabase ??= (async () => {
    const database = await openDatabase(databaseOptionsFromEnv());
    await migrate(database);
    return database;
  })();
  return globalForDb.cairnDatabase;
}
