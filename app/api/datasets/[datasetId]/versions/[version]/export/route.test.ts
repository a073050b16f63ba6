import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncDataset } from "@/lib/sync";
import { createCaller } from "@/server/trpc/caller";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { GET } from "./route";

let database: TestDatabase;
let datasetId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // The route opens the app's database through getDatabase(): hand it the test database.
  (globalThis as { cairnDatabase?: Promise<unknown> }).cairnDatabase = Promise.resolve(database);
  const caller = createCaller(database);
  await caller.projects.create({ name: "team" });
  const transport = createCaller(database, { "x-cairn-project": "team" }).datasets;
  const examples = Array.from({ length: 2_500 }, (_, i) => ({ sourceId: `e${i}`, input: { i }, output: { ok: true }, metadata: {} }));
  datasetId = (await syncDataset({ transport, dataset: { datasetName: "big" }, examples })).datasetId;
  await syncDataset({ transport, dataset: { datasetName: "big" }, examples: examples.slice(0, 10) });
});
afterAll(async () => {
  delete (globalThis as { cairnDatabase?: unknown }).cairnDatabase;
  await database.destroy();
});

function get(path: string, version: string, headers: HeadersInit = {}) {
  const request = new Request(`http://localhost/api/datasets/${datasetId}/versions/${version}/export${path}`, { headers });
  return GET(request, { params: Promise.resolve({ datasetId, version }) });
}

describe(`GET /api/datasets/{id}/versions/{n}/export (${testDriver()})`, () => {
  it("streams every example of the version as NDJSON, project from the query or the header", async () => {
    const response = await get("?project=team", "1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    expect(response.headers.get("content-disposition")).toContain("big-v1.jsonl");
    const text = await response.text();
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2_500);
    expect(lines[0]).toEqual({ id: "e0", input: { i: 0 }, output: { ok: true }, metadata: {} });
    expect(lines.at(-1).id).toBe("e2499");

    const latest = await get("", "latest", { "x-cairn-project": "team" });
    expect(latest.headers.get("x-cairn-version")).toBe("2");
    expect((await latest.text()).trimEnd().split("\n")).toHaveLength(10);
  });

  it("answers errors as JSON with their status", async () => {
    const foreign = await get("", "1");
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    const missing = await get("?project=team", "3");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toContain("@3");
    const bad = await get("?project=team", "first");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("first");
  });
});
