import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { driverOf } from "./client";
import { jsonbBytesParam, jsonbParam } from "./jsonb-param";
import { rows } from "./rows";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await database.destroy();
});

describe(`jsonbParam (${testDriver()})`, () => {
  it("arrives as the JSON it was, whatever the characters, in a statement and in a transaction", async () => {
    const value = {
      ascii: "plain",
      escapes: 'quote " backslash \\ newline \n tab \t nul-escape \u0001',
      multibyte: "é ü 中文 — 🧪 𝔘",
      numbers: [0, -1.5, 1e21, 12345678901234],
      nested: { deep: [{ a: null, b: true }] },
      long: "x".repeat(200_000),
    };
    const text = JSON.stringify(value);
    const driver = driverOf(database.db);
    const [direct] = await rows<{ v: unknown }>(database.db, sql`SELECT ${jsonbParam(text, driver)} AS v`);
    expect(direct.v).toEqual(value);
    const inTransaction = await database.db.transaction(async (tx) => rows<{ n: number }>(tx, sql`SELECT jsonb_array_length(${jsonbParam(text, driver)}->'numbers')::int AS n`));
    expect(inTransaction[0].n).toBe(4);
  });

  it("JSON written as UTF-8 bytes arrives as that JSON: empty, ASCII only, items with every UTF-8 length", async () => {
    const driver = driverOf(database.db);
    for (const items of [[], [{ a: 1, t: "\u007f ~" }], [{ s: "plain" }, { s: "é" }, { s: "中文" }, { s: "🧪" }, "x".repeat(100_000), null, [1, [2]]]]) {
      const [row] = await rows<{ v: unknown }>(database.db, sql`SELECT ${jsonbBytesParam(Buffer.from(JSON.stringify(items)), driver)} AS v`);
      expect(row.v).toEqual(items);
    }
  });

  it("bytea parameters keep every byte (PGlite sends them in binary format)", async () => {
    const bytes = Buffer.from([0, 1, 2, 0x5c, 0x78, 0xff, 0xfe, 0x80]);
    const [row] = await rows<{ hex: string }>(database.db, sql`SELECT encode(${bytes}::bytea, 'hex') AS hex`);
    expect(row.hex).toBe("0001025c78fffe80");
  });
});
