// The JSONL export route checks access itself (it streams outside tRPC): with sign-in required,
// no credentials is 401, another project's key is 404, a viewer may read. (Here rather than in
// server/: it imports the app's route handler.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/datasets/[datasetId]/versions/[version]/export/route";
import { actingIn, keyHeaders, seedAccessWorld, type AccessWorld } from "@/test/access-seed";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { databaseSnapshot } from "@/test/snapshot";

let database: TestDatabase;
let world: AccessWorld;
const previousAuth = process.env.CAIRN_AUTH;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedAccessWorld(database);
  // The route opens the app's database through getDatabase() and reads the mode from the environment.
  (globalThis as { cairnDatabase?: Promise<unknown> }).cairnDatabase = Promise.resolve(database);
  process.env.CAIRN_AUTH = "required";
});
afterAll(async () => {
  if (previousAuth === undefined) delete process.env.CAIRN_AUTH;
  else process.env.CAIRN_AUTH = previousAuth;
  delete (globalThis as { cairnDatabase?: unknown }).cairnDatabase;
  await database.destroy();
});

async function exportOf(datasetId: string, headers: Record<string, string>, query = "") {
  const request = new Request(`http://localhost/api/datasets/${datasetId}/versions/latest/export${query}`, { headers });
  const response = await GET(request, { params: Promise.resolve({ datasetId, version: "latest" }) });
  return { status: response.status, text: await response.text() };
}

describe(`GET /api/datasets/{id}/versions/{n}/export with sign-in required (${testDriver()})`, () => {
  it("answers 401 without credentials and with a revoked key, and 404 with another project's key", async () => {
    const before = await databaseSnapshot(database.db);
    const cases: [Record<string, string>, string, number][] = [
      [actingIn(world.projectA, {}), "", 401],
      [{}, `?project=${world.projectA.id}`, 401],
      [actingIn(world.projectA, keyHeaders(world.keys.revokedA)), "", 401],
      [actingIn(world.projectA, { cookie: world.expiredCookie }), "", 401],
      [actingIn(world.projectA, keyHeaders(world.keys.memberB)), "", 404],
      [keyHeaders(world.keys.memberB), `?project=${world.projectA.id}`, 404],
      // B's key in its own project: A's dataset is not there.
      [keyHeaders(world.keys.memberB), "", 404],
      [actingIn(world.projectA, { cookie: world.ownerB.cookie }), "", 404],
    ];
    for (const [headers, query, status] of cases) {
      const answer = await exportOf(world.a.datasetId, headers, query);
      const where = `${JSON.stringify(headers)} ${query}`;
      expect(answer.status, where).toBe(status);
      const error = (JSON.parse(answer.text) as { error: { code: string; message: string } }).error;
      expect(error.code, where).toBe(status === 401 ? "UNAUTHORIZED" : "NOT_FOUND");
      expect(error.message.trim(), where).not.toBe("");
    }
    expect(await databaseSnapshot(database.db)).toEqual(before);
  });

  it("streams the version to A's viewer (by key or account) and to A's own key without a project", async () => {
    for (const headers of [actingIn(world.projectA, keyHeaders(world.keys.viewerA)), actingIn(world.projectA, { cookie: world.viewer.cookie }), keyHeaders(world.keys.memberA)]) {
      const answer = await exportOf(world.a.datasetId, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      expect(answer.text.trimEnd().split("\n").map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(["q1", "q2"]);
    }
  });
});
