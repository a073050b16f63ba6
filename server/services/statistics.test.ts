import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { rows, type Db } from "@/db";
import { syncDataset, type SyncExample } from "@/lib/sync";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { createCaller } from "../trpc/caller";

const examples = (n: number): SyncExample[] => Array.from({ length: n }, (_, i) => ({ sourceId: `s-${i}`, input: { i } }));

/** The planner's row count of example_revisions (-1: never analyzed). */
async function estimate(db: Db): Promise<number> {
  const [table] = await rows<{ estimate: number }>(db, sql`SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = 'example_revisions'::regclass`);
  return Number(table.estimate);
}

async function bulkImport(database: TestDatabase, n: number) {
  return syncDataset({ transport: createCaller(database).datasets, dataset: { datasetName: "bulk" }, examples: examples(n) });
}

describe(`statistics after a bulk commit (${testDriver()})`, () => {
  it("are refreshed: before the answer on PGlite, in the background on PostgreSQL", async () => {
    const database = await createTestDatabase();
    try {
      await bulkImport(database, 2_000);
      if (testDriver() === "pglite") expect(await estimate(database.db)).toBe(2_000);
      else await vi.waitFor(async () => expect(await estimate(database.db)).toBe(2_000), { timeout: 20_000, interval: 50 });
    } finally {
      await database.destroy();
    }
  });

  it("let the database close right after the commit", async () => {
    const database = await createTestDatabase();
    const result = await bulkImport(database, 2_000);
    expect(result.summary.added).toBe(2_000);
    // A refresh still running fails quietly (an unhandled rejection would fail this run).
    await database.destroy();
  });
});
