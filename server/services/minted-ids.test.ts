import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { example, syncThrough } from "@/test/sync-helpers";
import { mintedId } from "./minted-ids";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const { sync } = syncThrough(() => database);

async function idsOf(datasetId: string) {
  const found = await rows<{ id: string; source_id: string }>(
    database.db,
    sql`SELECT id::text AS id, source_id FROM examples WHERE dataset_id = ${datasetId} ORDER BY ordinal`,
  );
  return found;
}

describe(`minted example ids (${testDriver()})`, () => {
  it("are the base's first 28 characters and the place as 8 hex digits, zero-padded, up to 2^32 - 1", async () => {
    const base = "0e8b5a7c-1d2e-4f3a-8b9c-0d1e2f3a4b5c";
    for (const place of [0, 1, 15, 16, 255, 65_535, 2 ** 31 - 1, 2 ** 32 - 1]) {
      const [found] = await rows<{ id: string; old: string }>(
        database.db,
        sql`SELECT ${mintedId(sql`left(${base}::text, 28)`, sql`${place}::bigint`)}::text AS id,
                   overlay(${base}::text placing lpad(to_hex(${place}::bigint), 8, '0') from 29)::uuid::text AS old`,
      );
      expect(found.id).toBe(`${base.slice(0, 28)}${place.toString(16).padStart(8, "0")}`);
      expect(found.id).toBe(found.old);
    }
  });

  it("of a first import share a random base and end with their manifest position; a re-sync's new ones, their place in the chunk", async () => {
    const first = await sync("minted", [example("a", "qa"), example("b", "qb"), example("c", "qc")]);
    const ids = await idsOf(first.datasetId);
    expect(ids.map((row) => row.source_id)).toEqual(["a", "b", "c"]);
    const base = ids[0].id.slice(0, 28);
    expect(ids.map((row) => row.id)).toEqual(["00000000", "00000001", "00000002"].map((place) => base + place));

    // The manifest chunk lists a, b, c, d, e: the new d and e are its 4th and 5th entries (from 1).
    await sync("minted", [example("a", "qa"), example("b", "qb"), example("c", "qc"), example("d", "qd"), example("e", "qe")]);
    const added = (await idsOf(first.datasetId)).slice(3);
    expect(added.map((row) => row.source_id)).toEqual(["d", "e"]);
    const again = added[0].id.slice(0, 28);
    expect(again).not.toBe(base);
    expect(added.map((row) => row.id)).toEqual([`${again}00000004`, `${again}00000005`]);
  });
});
