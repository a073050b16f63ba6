// Two projects with data and every kind of caller, for the access tests: the owner of A (the
// first account, made through auth.setup), a viewer and members of A, the owner of B, API keys of
// both (member, viewer, revoked), a signed-out (expired) session, and ids of everything so each
// procedure and endpoint can be called with valid input acting on A.
import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import type { Project } from "@/lib/contracts";
import { contentHash } from "@/lib/hash";
import { syncDataset } from "@/lib/sync";
import { openSession } from "@/server/services/accounts";
import { PROJECT_HEADER } from "@/server/trpc/context";
import { SESSION_COOKIE } from "@/server/services/principals";
import { createProject } from "@/server/services/projects";
import { secretHash } from "@/server/services/secrets";
import { createCaller } from "@/server/trpc/caller";

export const PASSWORD = "correct horse battery staple";

export interface Account {
  id: string;
  email: string;
  /** The `cookie` header of a signed-in session. */
  cookie: string;
}

export interface StagedSession {
  sessionId: string;
  example: { sourceId: string; input: Record<string, unknown>; output: Record<string, unknown>; metadata: Record<string, unknown> };
  hash: string;
}

export interface AccessWorld {
  projectA: Project;
  projectB: Project;
  /** The first account: owner of every project that existed then (A and B). */
  owner: Account;
  /** Viewer of A. */
  viewer: Account;
  /** Member of A (and the target of members.update). */
  member: Account;
  /** Member of A, the target of members.remove. */
  spare: Account;
  /** Owner of B only: no role in A. */
  ownerB: Account;
  /** Secrets of API keys. */
  keys: { memberA: string; viewerA: string; memberB: string; revokedA: string };
  /** A key of A to revoke. */
  spareKeyId: string;
  /** The `cookie` header of the viewer's session, expired. */
  expiredCookie: string;
  a: {
    datasetId: string;
    /** Datasets without runs, to delete (one per surface that deletes). */
    doomedDatasetIds: string[];
    exampleIds: string[];
    runId: string;
    otherRunId: string;
    /** Runs to delete. */
    doomedRunIds: string[];
    /** Upsert sessions at each step: begun, with the manifest, with the payload; and one to abort. */
    begun: StagedSession;
    manifested: StagedSession;
    payloaded: StagedSession;
    abortable: StagedSession;
  };
  b: { datasetId: string; runId: string };
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** The `cookie` request header for the session a response set. */
export function cookieFrom(resHeaders: Headers): string {
  const set = resHeaders.get("set-cookie") ?? "";
  const pair = set.split(";")[0];
  if (!pair.startsWith(`${SESSION_COOKIE}=`)) throw new Error(`no session cookie in ${JSON.stringify(set)}`);
  return pair;
}

/** Headers of a caller acting in a project (by id) with credentials. */
export function actingIn(project: Project | null, credentials: Record<string, string>): Record<string, string> {
  return project ? { ...credentials, [PROJECT_HEADER]: project.id } : credentials;
}

export const keyHeaders = bearer;

async function signIn(database: Database, email: string): Promise<string> {
  const resHeaders = new Headers();
  await createCaller(database, {}, { authMode: "required", resHeaders }).auth.signIn({ email, password: PASSWORD });
  return cookieFrom(resHeaders);
}

export async function seedAccessWorld(database: Database): Promise<AccessWorld> {
  const { db } = database;
  // Projects from before accounts existed (an upgraded single-user install).
  const projectA = await createProject(db, "team-a");
  const projectB = await createProject(db, "team-b");

  const setupHeaders = new Headers();
  const first = await createCaller(database, {}, { authMode: "required", resHeaders: setupHeaders }).auth.setup({ email: "owner@a.test", password: PASSWORD });
  const owner: Account = { ...first, cookie: cookieFrom(setupHeaders) };
  const inA = createCaller(database, actingIn(projectA, { cookie: owner.cookie }), { authMode: "required" });
  const inB = createCaller(database, actingIn(projectB, { cookie: owner.cookie }), { authMode: "required" });

  const account = async (caller: typeof inA, email: string, role: "owner" | "member" | "viewer"): Promise<Account> => {
    const added = await caller.members.add({ email, role, password: PASSWORD });
    return { id: added.userId, email, cookie: await signIn(database, email) };
  };
  const viewer = await account(inA, "viewer@a.test", "viewer");
  const member = await account(inA, "member@a.test", "member");
  const spare = await account(inA, "spare@a.test", "member");
  const ownerB = await account(inB, "owner@b.test", "owner");

  const keys = {
    memberA: (await inA.apiKeys.create({ name: "ci", role: "member" })).secret,
    viewerA: (await inA.apiKeys.create({ name: "dashboard", role: "viewer" })).secret,
    memberB: (await inB.apiKeys.create({ name: "ci of b", role: "member" })).secret,
    revokedA: "",
  };
  const revoked = await inA.apiKeys.create({ name: "leaked", role: "member" });
  await inA.apiKeys.revoke({ id: revoked.id });
  keys.revokedA = revoked.secret;
  const spareKeyId = (await inA.apiKeys.create({ name: "old", role: "member" })).id;

  const examples = ["q1", "q2", "q3"].map((sourceId, i) => ({ sourceId, input: { question: `question ${i}` }, output: { answer: `${i}` }, metadata: {} }));
  const datasetId = (await syncDataset({ transport: inA.datasets, dataset: { datasetName: "qa" }, examples, message: "v1" })).datasetId;
  await syncDataset({ transport: inA.datasets, dataset: { datasetId }, examples: examples.slice(0, 2), message: "v2" });
  const doomedDatasetIds: string[] = [];
  for (const name of ["doomed", "doomed too"]) doomedDatasetIds.push((await syncDataset({ transport: inA.datasets, dataset: { datasetName: name }, examples })).datasetId);
  const exampleIds = (await inA.examples.list({ datasetId, version: 1 })).items.map((e) => e.id);
  const run = async (caller: typeof inA, name: string, dataset: string) => {
    const created = await caller.runs.create({ name, datasetId: dataset });
    const ids = created.datapointIds;
    await caller.results.record({
      runId: created.id,
      results: ids.map((id, i) => ({ datapointId: id, output: { text: `answer ${i}` }, latencyMs: 10 + i, scores: [{ name: "accuracy", value: i / 2 }] })),
    });
    await caller.metrics.record({ runId: created.id, metrics: [{ name: "cost.total", value: 0.5, datasetId: dataset }] });
    return created.id;
  };
  const runId = await run(inA, "baseline", datasetId);
  const otherRunId = await run(inA, "candidate", datasetId);
  const doomedRunIds = [await run(inA, "doomed", datasetId), await run(inA, "doomed too", datasetId)];

  const stage = async (step: "begin" | "manifest" | "payload", name: string): Promise<StagedSession> => {
    const example = { sourceId: `${name}-1`, input: { q: name }, output: {}, metadata: {} };
    const hash = await contentHash(example);
    const { sessionId } = await inA.datasets.upsertBegin({ datasetName: name });
    if (step !== "begin") await inA.datasets.upsertManifest({ sessionId, entries: [[example.sourceId, hash]] });
    if (step === "payload") await inA.datasets.upsertPayload({ sessionId, examples: [example] });
    return { sessionId, example, hash };
  };
  const a = {
    datasetId,
    doomedDatasetIds,
    exampleIds,
    runId,
    otherRunId,
    doomedRunIds,
    begun: await stage("begin", "staged-begun"),
    manifested: await stage("manifest", "staged-manifested"),
    payloaded: await stage("payload", "staged-payloaded"),
    abortable: await stage("begin", "staged-abortable"),
  };

  const bDataset = (await syncDataset({ transport: inB.datasets, dataset: { datasetName: "qa of b" }, examples })).datasetId;
  const b = { datasetId: bDataset, runId: await run(inB, "b run", bDataset) };

  // Last: signing in drops expired sessions.
  const expired = await openSession(db, viewer.id);
  await db.execute(sql`UPDATE user_sessions SET expires_at = now() - interval '1 minute' WHERE token_hash = ${secretHash(expired.token)}`);
  const expiredCookie = `${SESSION_COOKIE}=${encodeURIComponent(expired.token)}`;

  return { projectA, projectB, owner, viewer, member, spare, ownerB, keys, spareKeyId, expiredCookie, a, b };
}
