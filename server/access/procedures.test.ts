// Every procedure of the app router, enumerated from the router itself (a new procedure without a
// case here fails the first test), called by every kind of caller that must be refused: without
// credentials, with a revoked key, an expired session, another project's key or account, as a
// viewer for writes, as a member for what only owners do. Each is called with valid input acting on
// project A, so a missing check would succeed and write; the database must be unchanged after.
// Then the owner (sign-in required) and anyone (single-user mode) do every one of them.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/routers";
import { callProcedure } from "@/server/rest/handler";
import { createCaller } from "@/server/trpc/caller";
import { actingIn, keyHeaders, PASSWORD, seedAccessWorld, type AccessWorld } from "@/test/access-seed";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { databaseSnapshot, type DatabaseSnapshot } from "@/test/snapshot";

type Kind = "query" | "mutation";
const procedures = Object.fromEntries(
  Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).map(([path, p]) => [path, p._def.type]),
) as Record<string, Kind>;

/** Valid input acting on project A (as its owner would send it); the owner pass below proves each works. */
const inputs: Record<string, (w: AccessWorld) => unknown> = {
  "projects.list": () => undefined,
  "projects.get": (w) => ({ id: w.projectA.id }),
  "projects.create": () => ({ name: "created by the test" }),
  "projects.rename": (w) => ({ id: w.projectA.id, name: "team-a renamed" }),
  "projects.delete": (w) => ({ id: w.projectA.id }),
  "datasets.list": () => ({}),
  "datasets.get": (w) => ({ datasetId: w.a.datasetId }),
  "datasets.create": () => ({ name: "created" }),
  "datasets.update": (w) => ({ datasetId: w.a.datasetId, description: "changed" }),
  "datasets.delete": (w) => ({ datasetId: w.a.doomedDatasetIds[0] }),
  "datasets.fork": (w) => ({ datasetId: w.a.datasetId, name: "forked" }),
  "datasets.upsertBegin": () => ({ datasetName: "begun by the test" }),
  "datasets.upsertManifest": (w) => ({ sessionId: w.a.begun.sessionId, entries: [[w.a.begun.example.sourceId, w.a.begun.hash]] }),
  "datasets.upsertPayload": (w) => ({ sessionId: w.a.manifested.sessionId, examples: [w.a.manifested.example] }),
  "datasets.upsertCommit": (w) => ({ sessionId: w.a.payloaded.sessionId }),
  "datasets.upsertAbort": (w) => ({ sessionId: w.a.abortable.sessionId }),
  "versions.list": (w) => ({ datasetId: w.a.datasetId }),
  "versions.get": (w) => ({ datasetId: w.a.datasetId, version: 1 }),
  "versions.diff": (w) => ({ datasetId: w.a.datasetId, from: 1, to: 2 }),
  "versions.export": (w) => ({ datasetId: w.a.datasetId }),
  "examples.list": (w) => ({ datasetId: w.a.datasetId }),
  "examples.get": (w) => ({ datasetId: w.a.datasetId, exampleId: w.a.exampleIds[0] }),
  "runs.list": () => ({}),
  "runs.get": (w) => ({ id: w.a.runId }),
  "runs.create": (w) => ({ name: "created run", datasetId: w.a.datasetId }),
  "runs.update": (w) => ({ id: w.a.runId, name: "renamed run" }),
  "runs.delete": (w) => ({ id: w.a.doomedRunIds[0] }),
  "results.record": (w) => ({ runId: w.a.runId, results: [{ datapointId: w.a.exampleIds[0], output: { text: "again" } }] }),
  "results.list": (w) => ({ runId: w.a.runId }),
  "results.distribution": (w) => ({ runId: w.a.runId }),
  "metrics.record": (w) => ({ runId: w.a.runId, metrics: [{ name: "latency.p50", value: 3 }] }),
  "metrics.recompute": (w) => ({ runId: w.a.runId }),
  "metrics.search": (w) => ({ datasetId: w.a.datasetId }),
  "metrics.byRun": (w) => ({ runId: w.a.runId }),
  "compare.runs": (w) => ({ runIds: [w.a.runId, w.a.otherRunId] }),
  "compare.summary": (w) => ({ runIds: [w.a.runId, w.a.otherRunId] }),
  "members.list": () => undefined,
  "members.add": () => ({ email: "added@a.test", role: "viewer", password: PASSWORD }),
  "members.update": (w) => ({ userId: w.member.id, role: "viewer" }),
  "members.remove": (w) => ({ userId: w.spare.id }),
  "apiKeys.list": () => undefined,
  "apiKeys.create": () => ({ name: "created key" }),
  "apiKeys.revoke": (w) => ({ id: w.spareKeyId }),
};

/**
 * Procedures anyone may call, without credentials: they are how a caller gets credentials.
 * Each says why, and what an anonymous call answers (none of them writes).
 */
const PUBLIC: Record<string, { why: string; input: (w: AccessWorld) => unknown; anonymous: Expected }> = {
  "auth.status": { why: "the sign-in page asks whether setup is needed", input: () => undefined, anonymous: { ok: (v) => expect(v).toEqual({ mode: "required", user: null, setupNeeded: false }) } },
  "auth.setup": { why: "the first account of an empty database", input: () => ({ email: "late@x.test", password: PASSWORD }), anonymous: "CONFLICT" },
  "auth.signIn": { why: "how a browser gets a session", input: (w) => ({ email: w.owner.email, password: "not the password" }), anonymous: "UNAUTHORIZED" },
  "auth.signOut": { why: "ends the caller's own session (without one it only clears the cookie)", input: () => undefined, anonymous: { ok: (v) => expect(v).toEqual({ signedOut: true }) } },
};

/** An error code, or success (checked by `ok`); null: not asked of this caller (see its reason). */
type Expected = string | { ok: (value: unknown, w: AccessWorld) => void } | null;

const OWNER_ONLY = new Set(["members.add", "members.update", "members.remove", "apiKeys.list", "apiKeys.create", "apiKeys.revoke", "projects.rename", "projects.delete"]);

interface Refused {
  who: string;
  headers: (w: AccessWorld) => Record<string, string>;
  expected: (path: string, kind: Kind) => Expected;
}

const lists = (projectId: (w: AccessWorld) => string, visible: boolean) => ({
  ok: (value: unknown, w: AccessWorld) => expect((value as { id: string }[]).some((p) => p.id === projectId(w))).toBe(visible),
});

const refused: Refused[] = [
  { who: "no credentials", headers: (w) => actingIn(w.projectA, {}), expected: () => "UNAUTHORIZED" },
  { who: "a revoked key of A", headers: (w) => actingIn(w.projectA, keyHeaders(w.keys.revokedA)), expected: () => "UNAUTHORIZED" },
  { who: "an unknown key", headers: (w) => actingIn(w.projectA, keyHeaders("cairn_not-a-key")), expected: () => "UNAUTHORIZED" },
  { who: "a malformed Authorization header", headers: (w) => actingIn(w.projectA, { authorization: `Basic ${w.keys.memberA}` }), expected: () => "UNAUTHORIZED" },
  { who: "an expired session of A's viewer", headers: (w) => actingIn(w.projectA, { cookie: w.expiredCookie }), expected: () => "UNAUTHORIZED" },
  {
    who: "B's member key acting in A",
    headers: (w) => actingIn(w.projectA, keyHeaders(w.keys.memberB)),
    expected: (path) => {
      // Not scoped by the header: a key lists its own project only, and cannot create projects.
      if (path === "projects.list") return lists((w) => w.projectA.id, false);
      if (path === "projects.create") return "FORBIDDEN";
      return "NOT_FOUND";
    },
  },
  {
    who: "B's owner acting in A",
    headers: (w) => actingIn(w.projectA, { cookie: w.ownerB.cookie }),
    expected: (path) => {
      if (path === "projects.list") return lists((w) => w.projectA.id, false);
      // Any account may create a project of its own (it becomes its owner): not an access to A.
      if (path === "projects.create") return null;
      return "NOT_FOUND";
    },
  },
  ...(["account", "key"] as const).map(
    (as): Refused => ({
      who: `A's viewer (${as})`,
      headers: (w) => actingIn(w.projectA, as === "key" ? keyHeaders(w.keys.viewerA) : { cookie: w.viewer.cookie }),
      expected: (path, kind) => {
        if (path === "projects.create") return as === "key" ? "FORBIDDEN" : null;
        if (path === "projects.list") return lists((w) => w.projectA.id, true);
        if (kind === "mutation" || OWNER_ONLY.has(path)) return "FORBIDDEN";
        return { ok: () => undefined };
      },
    }),
  ),
  ...(["account", "key"] as const).map(
    (as): Refused => ({
      who: `A's member (${as}) on what only owners do`,
      headers: (w) => actingIn(w.projectA, as === "key" ? keyHeaders(w.keys.memberA) : { cookie: w.member.cookie }),
      // Everything else a member may do, and would write: the owner pass covers it.
      expected: (path) => (OWNER_ONLY.has(path) || (as === "key" && path === "projects.create") ? "FORBIDDEN" : null),
    }),
  ),
];

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { ok: false, code: error.code, message: error.message };
  }
}

/** What is wrong with an outcome (null: it is as expected). */
function mismatch(got: Outcome, expected: Exclude<Expected, null>, w: AccessWorld): string | null {
  if (typeof expected === "string") {
    if (got.ok) return `succeeded, expected ${expected}`;
    if (got.code !== expected) return `${got.code} (${got.message}), expected ${expected}`;
    return got.message.trim() === "" ? `${got.code} without a message` : null;
  }
  if (!got.ok) return `${got.code} (${got.message}), expected success`;
  try {
    expected.ok(got.value, w);
    return null;
  } catch (error) {
    return `answered ${JSON.stringify(got.value)?.slice(0, 200)}: ${(error as Error).message}`;
  }
}

let database: TestDatabase;
let world: AccessWorld;
let before: DatabaseSnapshot;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedAccessWorld(database);
  before = await databaseSnapshot(database.db);
});
afterAll(async () => {
  await database.destroy();
});

describe(`access to every procedure (${testDriver()})`, () => {
  it("has a case for every procedure of the router, and only auth.* is public", () => {
    expect(Object.values(procedures).every((kind) => kind === "query" || kind === "mutation")).toBe(true);
    const covered = [...Object.keys(inputs), ...Object.keys(PUBLIC)].sort();
    expect(covered).toEqual(Object.keys(procedures).sort());
    expect(Object.keys(PUBLIC).every((path) => path.startsWith("auth."))).toBe(true);
    expect(Object.keys(inputs).filter((path) => path.startsWith("auth."))).toEqual([]);
  });

  it("answers public procedures without credentials, writing nothing", async () => {
    const wrong: string[] = [];
    const caller = createCaller(database, {}, { authMode: "required" });
    for (const [path, { input, anonymous }] of Object.entries(PUBLIC)) {
      const problem = mismatch(await outcome(callProcedure(caller, path, input(world))), anonymous!, world);
      if (problem) wrong.push(`${path}: ${problem}`);
    }
    expect(wrong).toEqual([]);
    expect(await databaseSnapshot(database.db)).toEqual(before);
  });

  for (const { who, headers, expected } of refused) {
    it(`refuses ${who} for every procedure it may not call, writing nothing`, async () => {
      const wrong: string[] = [];
      let asked = 0;
      const caller = createCaller(database, headers(world), { authMode: "required" });
      for (const [path, kind] of Object.entries(procedures)) {
        if (PUBLIC[path]) continue;
        const expectation = expected(path, kind);
        if (expectation === null) continue;
        asked++;
        const problem = mismatch(await outcome(callProcedure(caller, path, inputs[path](world))), expectation, world);
        if (problem) wrong.push(`${path}: ${problem}`);
      }
      expect(wrong).toEqual([]);
      expect(asked).toBeGreaterThan(0);
      expect(await databaseSnapshot(database.db)).toEqual(before);
    });
  }
});

/** Procedures in the order the passes call them: deleting the project itself comes last. */
const passOrder = Object.keys(inputs).sort((a, b) => Number(a === "projects.delete") - Number(b === "projects.delete"));

describe(`what may be done (${testDriver()})`, () => {
  it("lets the owner of A call every procedure with the same inputs", async () => {
    const caller = createCaller(database, actingIn(world.projectA, { cookie: world.owner.cookie }), { authMode: "required" });
    const wrong: string[] = [];
    for (const path of passOrder) {
      const got = await outcome(callProcedure(caller, path, inputs[path](world)));
      if (!got.ok) wrong.push(`${path}: ${got.code} (${got.message})`);
    }
    expect(wrong).toEqual([]);
    expect(await outcome(caller.projects.get({ id: world.projectA.id }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("in single-user mode, lets a caller without credentials call every procedure", async () => {
    const local = await createTestDatabase();
    try {
      const w = await seedAccessWorld(local);
      const caller = createCaller(local, actingIn(w.projectA, {}), { authMode: "local" });
      const wrong: string[] = [];
      for (const path of passOrder) {
        const got = await outcome(callProcedure(caller, path, inputs[path](w)));
        if (!got.ok) wrong.push(`${path}: ${got.code} (${got.message})`);
      }
      expect(wrong).toEqual([]);
      // Credentials are not even looked at, good or bad.
      const revoked = createCaller(local, keyHeaders(w.keys.revokedA), { authMode: "local" });
      expect((await revoked.projects.list()).map((p) => p.name)).toEqual(["created by the test", "default", "team-b"]);
      expect(await revoked.auth.status()).toEqual({ mode: "local", user: null, setupNeeded: false });
      // There is nothing to sign in to.
      expect(await outcome(revoked.auth.signIn({ email: w.owner.email, password: PASSWORD }))).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    } finally {
      await local.destroy();
    }
  });
});
