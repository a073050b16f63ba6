import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { errorOf } from "@/test/errors";
import { createCaller } from "../trpc/caller";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe(`projects router (${testDriver()})`, () => {
  it("has the default project on a fresh database", async () => {
    const list = await createCaller(database).projects.list();
    expect(list.map((p) => p.name)).toEqual(["default"]);
  });

  it("creates, reads back, renames and deletes", async () => {
    const caller = createCaller(database);
    const created = await caller.projects.create({ name: "  search-evals  " });
    expect(created.name).toBe("search-evals");
    expect((await caller.projects.list()).map((p) => p.id)).toContain(created.id);
    expect(await caller.projects.get({ name: "search-evals" })).toEqual(created);
    const renamed = await caller.projects.rename({ id: created.id, name: "search" });
    expect(renamed).toMatchObject({ id: created.id, name: "search" });
    expect(await caller.projects.get({ id: created.id })).toMatchObject({ name: "search" });
    expect(await caller.projects.delete({ id: created.id })).toEqual({ id: created.id, deleted: true });
    const gone = await errorOf(caller.projects.get({ id: created.id }));
    expect(gone.code).toBe("NOT_FOUND");
    expect(gone.message).toContain(created.id);
  });

  it("rejects duplicates with CONFLICT and writes nothing", async () => {
    const caller = createCaller(database);
    await caller.projects.create({ name: "dup" });
    const error = await errorOf(caller.projects.create({ name: "dup" }));
    expect(error.code).toBe("CONFLICT");
    expect((await caller.projects.list()).filter((p) => p.name === "dup")).toHaveLength(1);
    const other = await caller.projects.create({ name: "dup-2" });
    expect((await errorOf(caller.projects.rename({ id: other.id, name: "dup" }))).code).toBe("CONFLICT");
  });

  it("rejects bad input with the field path, unknown fields and unknown ids", async () => {
    const caller = createCaller(database);
    const empty = await errorOf(caller.projects.create({ name: "   " }));
    expect(empty.code).toBe("BAD_REQUEST");
    const long = await errorOf(caller.projects.create({ name: "x".repeat(201) }));
    expect(long.code).toBe("BAD_REQUEST");
    const unknown = await errorOf(caller.projects.create({ name: "ok", owner: "me" } as never));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect((await caller.projects.list()).some((p) => p.name === "ok")).toBe(false);
    const missing = await errorOf(caller.projects.delete({ id: "00000000-0000-4000-8000-000000000000" }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain("00000000-0000-4000-8000-000000000000");
    expect((await errorOf(caller.projects.delete({ id: "not-a-uuid" }))).code).toBe("NOT_FOUND");
  });
});
