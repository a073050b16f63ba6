import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** One typed database for both drivers: every query in Cairn is written against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = "pglite" | "postgres";

export interface Database {
  db: Db;
  driver: Driver;
  close(): Promise<void>;
}

const drivers = new WeakMap<Db, Driver>();
const BYTEA_OID = 17;

/** The driver under a database opened by openDatabase (undefined for a transaction's handle). */
export function driverOf(db: Db): Driver | undefined {
  return drivers.get(db);
}

export type DatabaseOptions = { driver: "postgres"; url: string; max?: number } | { driver: "pglite"; dataDir?: string };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.driver === "postgres") {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    drivers.set(db, "postgres");
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  // No dataDir: an in-memory database (tests). PGlite creates only the last folder of its
  // dataDir: the default `.cairn/data` of a fresh clone needs `.cairn` first.
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // bytea parameters go as they are, in binary format (PGlite's default writes them as hex text):
  // see jsonbParam.
  // New WAL segments are not zero-filled first (wal_init_zero=off): PGlite runs without fsync, so
  // the space reserved that way guards nothing, and a 100k-example import wrote 869 MB instead
  // of 594 MB (its 263 MB of WAL twice).
  const pgliteOptions = {
    serializers: { [BYTEA_OID]: (value: unknown) => value as string },
    startParams: [...PGlite.defaultStartParams, "-c", "wal_init_zero=off"],
  };
  const client = options.dataDir ? new PGlite(options.dataDir, pgliteOptions) : new PGlite(pgliteOptions);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  drivers.set(db, "pglite");
  return { db, driver: "pglite", close: () => client.close() };
}

/** The options the app runs with: DATABASE_URL -> PostgreSQL, else embedded PGlite on disk. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  if (env.DATABASE_URL) return { driver: "postgres", url: env.DATABASE_URL };
  return { driver: "pglite", dataDir: env.CAIRN_DATA_DIR ?? ".cairn/data" };
}
