import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { entryDigestOf } from "@/lib/entry-digest";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import * as schema from "./schema";
import { migrate, MIGRATIONS_FOLDER } from "./migrate";
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

/** Applies drizzle/ cut back to migrations 0000..`last` (the migrator reads only the journal and the .sql files). */
async function migrateUpTo(database: Parameters<typeof migrate>[0], folder: string, last: number) {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const before = journal.entries.filter((e) => e.idx <= last);
  expect(before.map((e) => e.tag.slice(0, 4))).toEqual(Array.from({ length: last + 1 }, (_, i) => String(i).padStart(4, "0")));
  await mkdir(path.join(folder, "meta"), { recursive: true });
  await writeFile(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: before }));
  for (const { tag } of before) await copyFile(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), path.join(folder, `${tag}.sql`));
  await migrate(database, folder);
}

/** `check` on a fresh database migrated up to `last` (and a folder of its own); both dropped afterwards. */
async function atMigration(last: number, check: (database: TestDatabase, folder: string) => Promise<void>) {
  const folder = await mkdtemp(path.join(os.tmpdir(), "cairn-migrations-"));
  const database = await createTestDatabase({ migrate: false });
  try {
    await migrateUpTo(database, folder, last);
    await check(database, folder);
  } finally {
    await database.destroy();
    await rm(folder, { recursive: true, force: true });
  }
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

  // 0004 moves example content out of example_revisions into example_contents. This builds a
  // database as of 0003, fills it the way the app did then, applies the rest of drizzle/ and checks
  // that no content, revision or version bookkeeping was lost on the way.
  it("0004 moves existing revision content into example_contents without losing data (and 0006 digests it)", () =>
    atMigration(3, async (database, folder) => {
      const { db } = database;

      const [project] = await rows<{ id: string }>(db, sql`SELECT id FROM projects WHERE name = 'default'`);
      const [a] = await rows<{ id: string }>(db, sql`INSERT INTO datasets (project_id, name) VALUES (${project.id}, 'a') RETURNING id`);
      const [b] = await rows<{ id: string }>(db, sql`INSERT INTO datasets (project_id, name) VALUES (${project.id}, 'b') RETURNING id`);
      type Content = { input: object; output: object; metadata: object };
      const shared: Content = { input: { q: "2+2" }, output: { a: "4" }, metadata: { tag: "math" } };
      const original: Content = { input: { q: "capital of France" }, output: { a: "paris" }, metadata: {} };
      const patched: Content = { input: { q: "capital of France" }, output: { a: "Paris" }, metadata: { reviewed: true } };
      const example = async (dataset: string, sourceId: string, latestHash: string | null) => {
        const [row] = await rows<{ id: string }>(
          db,
          sql`INSERT INTO examples (dataset_id, source_id, latest_hash) VALUES (${dataset}, ${sourceId}, ${latestHash}) RETURNING id`,
        );
        return row.id;
      };
      const e1 = await example(a.id, "e1", "h-shared");
      const e2 = await example(a.id, "e2", null);
      const e3 = await example(a.id, "e3", "h-patched");
      const e4 = await example(b.id, "e4", "h-shared");
      type Revision = { exampleId: string; datasetId: string; from: number; to: number | null; kind: string; hash: string };
      const revision = ({ exampleId, datasetId, from, to, kind, hash }: Revision, { input, output, metadata }: Content) =>
        db.execute(sql`
          INSERT INTO example_revisions (example_id, dataset_id, valid_from, valid_to, kind, hash, input, output, metadata)
          VALUES (${exampleId}, ${datasetId}, ${from}, ${to}, ${kind}, ${hash},
                  ${JSON.stringify(input)}::jsonb, ${JSON.stringify(output)}::jsonb, ${JSON.stringify(metadata)}::jsonb)`);
      // Dataset a, v1: e1 and e2 share content (one hash); e3 is created. v2: e3 patched. v3: e2 deleted.
      await revision({ exampleId: e1, datasetId: a.id, from: 1, to: null, kind: "CREATE", hash: "h-shared" }, shared);
      await revision({ exampleId: e2, datasetId: a.id, from: 1, to: 3, kind: "CREATE", hash: "h-shared" }, shared);
      await revision({ exampleId: e3, datasetId: a.id, from: 1, to: 2, kind: "CREATE", hash: "h-original" }, original);
      await revision({ exampleId: e3, datasetId: a.id, from: 2, to: null, kind: "PATCH", hash: "h-patched" }, patched);
      // A delete as the app wrote it: no hash, default (empty) content.
      await db.execute(sql`
        INSERT INTO example_revisions (example_id, dataset_id, valid_from, kind, hash) VALUES (${e2}, ${a.id}, 3, 'DELETE', '')`);
      // Dataset b holds the same content under the same hash: it keeps its own copy.
      await revision({ exampleId: e4, datasetId: b.id, from: 1, to: null, kind: "CREATE", hash: "h-shared" }, shared);
      await db.execute(sql`
        INSERT INTO dataset_versions (dataset_id, number, added, updated, deleted, example_count) VALUES
          (${a.id}, 1, 3, 0, 0, 3), (${a.id}, 2, 0, 1, 0, 3), (${a.id}, 3, 0, 0, 1, 2), (${b.id}, 1, 1, 0, 0, 1)`);
      const [session] = await rows<{ id: string }>(
        db,
        sql`INSERT INTO upsert_sessions (dataset_id, base_version, mode) VALUES (${a.id}, 3, 'merge') RETURNING id`,
      );
      await db.execute(sql`
        INSERT INTO upsert_entries (session_id, source_id, hash, example_id, new_example, kind, input, output, metadata)
        VALUES (${session.id}, 'e5', 'h-new', gen_random_uuid(), true, 'CREATE', '{"q": "new"}'::jsonb, '{}'::jsonb, '{}'::jsonb)`);
      const revisionsQuery = sql`
        SELECT example_id, dataset_id, valid_from, valid_to, kind, hash FROM example_revisions
        ORDER BY dataset_id, example_id, valid_from`;
      const revisionsBefore = await rows<Record<string, unknown>>(db, revisionsQuery);

      // Up to 0011: 0012 digests anew (its own test below), and these hashes are not hex.
      await migrateUpTo(database, path.join(folder, "to-0011"), 11);

      const contents = await rows<{ dataset_id: string; hash: string; input: unknown; output: unknown; metadata: unknown }>(
        db,
        sql`SELECT dataset_id, hash, input, output, metadata FROM example_contents ORDER BY dataset_id, hash`,
      );
      const expected = [
        { dataset_id: a.id, hash: "h-original", ...original },
        { dataset_id: a.id, hash: "h-patched", ...patched },
        { dataset_id: a.id, hash: "h-shared", ...shared },
        { dataset_id: b.id, hash: "h-shared", ...shared },
      ];
      const byKey = (x: { dataset_id: string; hash: string }, y: { dataset_id: string; hash: string }) =>
        `${x.dataset_id} ${x.hash}` < `${y.dataset_id} ${y.hash}` ? -1 : 1;
      expect(contents.sort(byKey)).toEqual(expected.sort(byKey));

      const revisionColumns = await rows<{ column_name: string }>(
        db,
        sql`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'example_revisions'`,
      );
      expect(revisionColumns.map((c) => c.column_name)).not.toContain("input");
      expect(await rows(db, revisionsQuery)).toEqual(revisionsBefore);
      expect(revisionsBefore).toHaveLength(6);
      const [sessions] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM upsert_sessions`);
      expect(sessions.n).toBe(0);
      const [entries] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM upsert_entries`);
      expect(entries.n).toBe(0);

      // 0006 backfills each example's entry digest (lib/manifest-buckets.ts) where it has content.
      const digest = (sourceId: string, hash: string) =>
        BigInt.asIntN(64, BigInt(`0x${createHash("sha256").update(`${Buffer.byteLength(sourceId)}:${sourceId}${hash}`).digest("hex").slice(0, 16)}`)).toString();
      const digests = await rows<{ source_id: string; latest_digest: string | null }>(
        db,
        sql`SELECT source_id, latest_digest::text AS latest_digest FROM examples ORDER BY source_id`,
      );
      expect(digests).toEqual([
        { source_id: "e1", latest_digest: digest("e1", "h-shared") },
        { source_id: "e2", latest_digest: null },
        { source_id: "e3", latest_digest: digest("e3", "h-patched") },
        { source_id: "e4", latest_digest: digest("e4", "h-shared") },
      ]);

      // The delete trigger (0005's): a dataset's contents go with it, and only its own.
      await db.execute(sql`DELETE FROM datasets WHERE id = ${a.id}`);
      const left = await rows<{ dataset_id: string; hash: string }>(db, sql`SELECT dataset_id, hash FROM example_contents`);
      expect(left).toEqual([{ dataset_id: b.id, hash: "h-shared" }]);
    }));

  it("0012 makes every entry digest anew (lib/entry-digest.ts) and drops the bucket digests made of the old ones", () =>
    atMigration(11, async (database) => {
      const { db } = database;
      const [project] = await rows<{ id: string }>(db, sql`SELECT id FROM projects WHERE name = 'default'`);
      const [dataset] = await rows<{ id: string }>(db, sql`INSERT INTO datasets (project_id, name) VALUES (${project.id}, 'a') RETURNING id`);
      const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");
      const examples = [
        { sourceId: "e1", hash: hashOf("one") },
        { sourceId: "é-中-😀", hash: hashOf("two") },
        { sourceId: "e3", hash: null },
        { sourceId: "e4", hash: "not-hex" },
      ];
      for (const { sourceId, hash } of examples) {
        await db.execute(sql`INSERT INTO examples (dataset_id, source_id, latest_hash, latest_digest) VALUES (${dataset.id}, ${sourceId}, ${hash}, ${hash ? 42 : null})`);
      }
      await db.execute(sql`INSERT INTO dataset_bucket_digests (dataset_id, version, digests, buckets_digest) VALUES (${dataset.id}, 1, '', NULL)`);

      await migrate(database);

      const digestOf = (sourceId: string, hash: string) => {
        const out = new Uint32Array(2);
        entryDigestOf(sourceId, hash, out, 0);
        return BigInt.asIntN(64, (BigInt(out[0]) << 32n) | BigInt(out[1])).toString();
      };
      const digests = await rows<{ source_id: string; latest_digest: string | null }>(
        db,
        sql`SELECT source_id, latest_digest::text AS latest_digest FROM examples ORDER BY source_id`,
      );
      expect(digests).toEqual([
        { source_id: "e1", latest_digest: digestOf("e1", examples[0].hash!) },
        { source_id: "e3", latest_digest: null },
        { source_id: "e4", latest_digest: null },
        { source_id: "é-中-😀", latest_digest: digestOf("é-中-😀", examples[1].hash!) },
      ]);
      expect(await rows(db, sql`SELECT dataset_id FROM dataset_bucket_digests`)).toEqual([]);
    }));

  it("0008 counts what open sessions had stored as received, so their commits still go through", () =>
    atMigration(7, async (database) => {
      const { db } = database;
      const [project] = await rows<{ id: string }>(db, sql`SELECT id FROM projects WHERE name = 'default'`);
      const [dataset] = await rows<{ id: string }>(db, sql`INSERT INTO datasets (project_id, name) VALUES (${project.id}, 'a') RETURNING id`);
      const session = async () =>
        (await rows<{ id: string }>(db, sql`INSERT INTO upsert_sessions (dataset_id, base_version, mode) VALUES (${dataset.id}, 0, 'mirror') RETURNING id`))[0].id;
      const [sent, idle] = [await session(), await session()];
      const stage = (sessionId: string, sourceId: string, hash: string) =>
        db.execute(sql`INSERT INTO upsert_entries (session_id, source_id, hash, example_id, new_example, kind)
                       VALUES (${sessionId}, ${sourceId}, ${hash}, gen_random_uuid(), true, 'CREATE')`);
      await stage(sent, "a", "h-a");
      await stage(sent, "b", "h-b");
      await stage(sent, "c", "h-c");
      await stage(idle, "z", "h-z");
      // The payloads of a and c were stored before the upgrade; b's and z's were not.
      await db.execute(sql`INSERT INTO example_contents (dataset_id, hash, input, output, metadata)
                           VALUES (${dataset.id}, 'h-a', '{}', '{}', '{}'), (${dataset.id}, 'h-c', '{}', '{}', '{}')`);

      await migrate(database);

      const received = await rows<{ session_id: string; source_id: string }>(
        db,
        sql`SELECT r.session_id, u.source_id FROM upsert_received r, unnest(r.positions) AS p
            JOIN upsert_entries u ON u.position = p ORDER BY u.source_id`,
      );
      expect(received).toEqual([
        { session_id: sent, source_id: "a" },
        { session_id: sent, source_id: "c" },
      ]);
    }));
});
