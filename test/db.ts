import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migrate, openDatabase, type Database, type Driver } from "@/db";

/** Which driver the integration tests run on: CAIRN_TEST_DB=postgres (with DATABASE_URL) or pglite. */
export function testDriver(): Driver {
  return process.env.CAIRN_TEST_DB === "postgres" ? "postgres" : "pglite";
}

export interface TestDatabase extends Database {
  /** Drops the database (PostgreSQL) or closes the in-memory one (PGlite). */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated, isolated database: its own in-memory PGlite, or its own PostgreSQL database.
 * `migrate: false` leaves it empty (for migration tests).
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrate ?? true;
  if (testDriver() === "pglite") {
    const database = await openDatabase({ driver: "pglite" });
    if (migrated) await migrate(database);
    return { ...database, destroy: () => database.close() };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("CAIRN_TEST_DB=postgres needs DATABASE_URL");
  const name = `cairn_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ driver: "postgres", url: dbUrl.toString(), max: 8 });
  if (migrated) await migrate(database);
  return {
    ...database,
    destroy: async () => {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
