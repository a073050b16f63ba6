import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDatabase, testDriver } from "@/test/db";
import * as schema from "./schema";
import { rows } from "./rows";

const require = createRequire(import.meta.url);
// drizzle-kit's programmatic API ships as CommonJS.
const kit = require("drizzle-kit/api") as typeof import("drizzle-kit/api");

function latestSnapshot() {
  const metaDir = path.join(process.cwd(), "drizzle", "meta");
  const last = readdirSync(metaDir)
    .filter((f) => f.endsWith("_snapshot.json"))
    .sort()
    .at(-1);
  if (!last) throw new Error("no migration snapshot in drizzle/meta");
  return JSON.parse(readFileSync(path.join(metaDir, last), "utf8"));
}

describe(`migrations (${testDriver()})`, () => {
  it("agree with the schema: drizzle-kit generate has nothing left to generate", async () => {
    const previous = latestSnapshot();
    const current = kit.generateDrizzleJson(schema, previous.id);
    const statements = await kit.generateMigration(previous, current);
    expect(statements).toEqual([]);
  });

  it("apply on an empty database and create every table", async () => {
    const database = await createTestDatabase();
    try {
      const tables = await rows<{ table_name: string }>(
        database.db,
        sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      const names = tables.map((t) => t.table_name);
      for (const table of ["projects", "datasets", "dataset_versions", "examples", "example_revisions", "runs", "results", "scores", "metrics"]) {
        expect(names).toContain(table);
      }
    } finally {
      await database.destroy();
    }
  });

  it("enforces the constraints that keep the data honest", async () => {
    const database = await createTestDatabase();
    const { db } = database;
    try {
      const [project] = await rows<{ id: string }>(db, sql`SELECT id FROM projects WHERE name = 'default'`);
      await db.execute(sql`INSERT INTO datasets (project_id, name) VALUES (${project.id}, 'a')`);
      await expect(db.execute(sql`INSERT INTO datasets (project_id, name) VALUES (${project.id}, 'a')`)).rejects.toThrow();
      await expect(db.execute(sql`INSERT INTO runs (project_id, name, status) VALUES (${project.id}, 'r', 'done')`)).rejects.toThrow();
      await expect(
        db.execute(sql`INSERT INTO runs (project_id, name, dataset_id) VALUES (${project.id}, 'r', '00000000-0000-4000-8000-000000000000')`),
      ).rejects.toThrow();
    } finally {
      await database.destroy();
    }
  });
});
