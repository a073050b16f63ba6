import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createCaller } from "./caller";

// The browser pages lists with tRPC infinite queries, which add `direction` to every page's input.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe("infinite query inputs", () => {
  it("accept the `direction` tRPC adds to a page request, and still reject other unknown keys", async () => {
    const caller = createCaller(database);
    await caller.datasets.create({ name: "paged" });
    const page = await caller.datasets.list({ limit: 10, cursor: null, direction: "forward" } as never);
    expect(page.items.map((d) => d.name)).toEqual(["paged"]);
    await expect(caller.datasets.list({ limit: 10, sideways: true } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Mutations are not paged: their inputs stay exactly as strict as declared.
    await expect(caller.datasets.create({ name: "x", direction: "forward" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
