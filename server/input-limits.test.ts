import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { errorOf } from "@/test/errors";
import { databaseSnapshot } from "@/test/snapshot";
import { inputProblem, MAX_NESTING } from "./input-limits";
import { createCaller } from "./trpc/caller";

function nested(levels: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { k: value };
  return value;
}

describe("inputProblem", () => {
  it("finds U+0000 in any string or key, with its path", () => {
    expect(inputProblem({ a: [1, { b: "ok" }, "x\u0000"] })).toEqual({ path: ["a", 2], message: "must not contain U+0000 (PostgreSQL cannot store it)" });
    expect(inputProblem({ a: { "k\u0000": 1 } })).toMatchObject({ path: ["a", "k\u0000"], message: expect.stringContaining("keys") });
    expect(inputProblem({ examples: [{ sourceId: "q7", input: { text: "\u0000" } }] })).toMatchObject({ path: ["examples", 0, "input", "text"], sourceId: "q7" });
    expect(inputProblem({ a: ["plain", "\u0001\uffff😀", 1, null, true], b: {} })).toBeNull();
  });

  it("allows nesting up to MAX_NESTING levels and refuses deeper, at any depth without exhausting the stack", () => {
    expect(inputProblem(nested(MAX_NESTING))).toBeNull();
    const deeper = inputProblem(nested(MAX_NESTING + 1));
    expect(deeper?.message).toBe(`nested deeper than ${MAX_NESTING} levels`);
    expect(deeper?.path.at(-1)).toBe("…");
    expect(inputProblem(JSON.parse("[".repeat(200_000) + "]".repeat(200_000)))?.message).toContain("nested deeper");
  });
});

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe(`procedures refuse what the storage cannot take (${testDriver()})`, () => {
  it("answers BAD_REQUEST naming the field, after the access checks, and writes nothing", async () => {
    const before = await databaseSnapshot(database.db);
    const caller = createCaller(database);
    const nul = await errorOf(caller.datasets.create({ name: "a\u0000b" }));
    expect(nul.code).toBe("BAD_REQUEST");
    expect(nul.message).toBe("name: must not contain U+0000 (PostgreSQL cannot store it)");
    const search = await errorOf(caller.datasets.list({ search: "\u0000" }));
    expect(search.code).toBe("BAD_REQUEST");
    const deep = await errorOf(caller.datasets.create({ name: "deep", params: { p: nested(100_000) } as Record<string, unknown> }));
    expect(deep.code).toBe("BAD_REQUEST");
    expect(deep.message).toMatch(/^params\.p\.[\w.]+…: nested deeper than 1000 levels$/);
    // Without credentials, the answer is 401 whatever the input.
    const anonymous = createCaller(database, {}, { authMode: "required" });
    expect((await errorOf(anonymous.datasets.create({ name: "a\u0000b" }))).code).toBe("UNAUTHORIZED");
    expect((await errorOf(anonymous.auth.signIn({ email: "a\u0000@b.c", password: "whatever password" }))).code).toBe("BAD_REQUEST");
    expect(await databaseSnapshot(database.db)).toEqual(before);
  });
});
