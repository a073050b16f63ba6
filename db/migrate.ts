import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { sql } from "drizzle-orm";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { Database } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");
export const DEFAULT_PROJECT = "default";

/** Applies every migration in drizzle/ and makes sure the default project exists. */
export async function migrate(database: Database, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (database.driver === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await migratePostgres(database.db as unknown as PostgresJsDatabase, { migrationsFolder });
  }
  await database.db.execute(sql`INSERT INTO projects (name) VALUES (${DEFAULT_PROJECT}) ON CONFLICT (name) DO NOTHING`);
}
