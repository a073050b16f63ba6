import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { migrate, openDatabase, type Database, type Driver } from "@/db";

export const DEFAULT_BENCH_URL = "postgres://root@127.0.0.1:5432/test";

export interface BenchDatabase extends Database {
  /** What the numbers ran on, for the report. */
  label: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one bench section: its own PostgreSQL database (created and
 * dropped on the server of DATABASE_URL), or PGlite in a temporary data folder on disk, as
 * `npm start` runs it.
 */
export async function openBenchDatabase(driver: Driver): Promise<BenchDatabase> {
  if (driver === "pglite") {
    const dataDir = mkdtempSync(path.join(tmpdir(), "cairn-bench-"));
    const database = await openDatabase({ driver: "pglite", dataDir });
    await migrate(database);
    return {
      ...database,
      label: "PGlite (on disk)",
      destroy: async () => {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const fresh = await createBenchPostgres();
  const database = await openDatabase({ driver: "postgres", url: fresh.url });
  await migrate(database);
  return {
    ...database,
    label: fresh.label,
    destroy: async () => {
      await database.close();
      await fresh.drop();
    },
  };
}

/** An empty database of its own on the PostgreSQL server of DATABASE_URL (not migrated), and how to drop it. */
export async function createBenchPostgres(): Promise<{ url: string; label: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL ?? DEFAULT_BENCH_URL;
  const name = `cairn_bench_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const [{ server_version: version }] = await admin.unsafe<{ server_version: string }[]>(`SHOW server_version`);
  return {
    url: dbUrl.toString(),
    label: `PostgreSQL ${version}`,
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
