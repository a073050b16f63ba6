import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { rows } from "./rows";

describe("openDatabase (PGlite on disk)", () => {
  it("creates a data folder whose parents do not exist yet (`.cairn/data` on a fresh clone)", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "cairn-client-"));
    try {
      const database = await openDatabase({ driver: "pglite", dataDir: path.join(root, ".cairn", "data") });
      const [row] = await rows<{ one: number }>(database.db, sql`SELECT 1 AS one`);
      expect(row.one).toBe(1);
      // PGlite's own start parameters, and new WAL segments not zero-filled (see openDatabase).
      const settings = await rows<{ name: string; setting: string }>(
        database.db,
        sql`SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'search_path', 'wal_init_zero') ORDER BY name`,
      );
      expect(settings).toEqual([
        { name: "fsync", setting: "off" },
        { name: "search_path", setting: "public" },
        { name: "wal_init_zero", setting: "off" },
      ]);
      await database.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
