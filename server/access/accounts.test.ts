// Accounts, sessions, keys and owners: the first account, sign-in and its rate limit, what is
// stored of passwords and secrets, expired and closed sessions, a key's own project, and the rule
// that a project keeps an owner (also under concurrent demotions).
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { SESSION_COOKIE } from "@/server/services/principals";
import { createCaller } from "@/server/trpc/caller";
import { actingIn, cookieFrom, keyHeaders, PASSWORD, seedAccessWorld, type AccessWorld } from "@/test/access-seed";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { errorOf } from "@/test/errors";
import { databaseSnapshot } from "@/test/snapshot";

let database: TestDatabase;
let world: AccessWorld;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedAccessWorld(database);
});
afterAll(async () => {
  await database.destroy();
});

const required = (headers: Record<string, string> = {}, resHeaders?: Headers) =>
  createCaller(database, headers, { authMode: "required", ...(resHeaders ? { resHeaders } : {}) });
const asOwner = (projectId: string) => required({ cookie: world.owner.cookie, "x-cairn-project": projectId });

async function ownersOf(projectId: string): Promise<string[]> {
  const found = await rows<{ user_id: string }>(
    database.db,
    sql`SELECT user_id::text FROM project_members WHERE project_id = ${projectId} AND role = 'owner' ORDER BY user_id`,
  );
  return found.map((r) => r.user_id);
}

describe(`accounts and sessions (${testDriver()})`, () => {
  it("makes the first account (auth.setup) the owner of every existing project; a second setup is CONFLICT", async () => {
    const fresh = await createTestDatabase();
    try {
      const anonymous = createCaller(fresh, {}, { authMode: "required" });
      expect(await anonymous.auth.status()).toEqual({ mode: "required", user: null, setupNeeded: true });
      const resHeaders = new Headers();
      const first = await createCaller(fresh, {}, { authMode: "required", resHeaders }).auth.setup({ email: " First@Example.test ", password: PASSWORD });
      expect(first.email).toBe("first@example.test");
      const signedIn = createCaller(fresh, { cookie: cookieFrom(resHeaders) }, { authMode: "required" });
      expect(await signedIn.auth.status()).toEqual({ mode: "required", user: first, setupNeeded: false });
      expect((await signedIn.projects.list()).map((p) => p.name)).toEqual(["default"]);
    } finally {
      await fresh.destroy();
    }

    const memberships = await rows<{ name: string; role: string }>(
      database.db,
      sql`SELECT p.name, m.role FROM project_members m JOIN projects p ON p.id = m.project_id WHERE m.user_id = ${world.owner.id} ORDER BY p.name`,
    );
    expect(memberships).toEqual([
      { name: "default", role: "owner" },
      { name: "team-a", role: "owner" },
      { name: "team-b", role: "owner" },
    ]);
    const before = await databaseSnapshot(database.db);
    const again = await errorOf(required().auth.setup({ email: "second@x.test", password: PASSWORD }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toContain("already has accounts");
    expect(await databaseSnapshot(database.db)).toEqual(before);
  });

  it("refuses a wrong password (401, same answer for an unknown email) and the 11th failure within the window (429)", async () => {
    const email = `limited-${randomBytes(4).toString("hex")}@a.test`;
    await asOwner(world.projectA.id).members.add({ email, role: "member", password: PASSWORD });
    const from = { "x-forwarded-for": `203.0.113.${randomBytes(1)[0]}` };
    const before = await databaseSnapshot(database.db);
    const unknown = await errorOf(required(from).auth.signIn({ email: `nobody-${email}`, password: PASSWORD }));
    for (let attempt = 1; attempt <= 10; attempt++) {
      const error = await errorOf(required(from).auth.signIn({ email, password: `wrong password ${attempt}` }));
      expect(error.code, `attempt ${attempt}`).toBe("UNAUTHORIZED");
      expect(error.message).toBe(unknown.message);
    }
    const limited = await errorOf(required(from).auth.signIn({ email, password: "wrong password 11" }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.message).toMatch(/try again in \d+ minutes?/);
    // Blocked is blocked: the right password does not get through either, and nothing was written.
    expect((await errorOf(required(from).auth.signIn({ email, password: PASSWORD }))).code).toBe("TOO_MANY_REQUESTS");
    expect(await databaseSnapshot(database.db)).toEqual(before);
    // The limit is per account: another one signs in from the same address.
    const resHeaders = new Headers();
    await required(from, resHeaders).auth.signIn({ email: world.member.email, password: PASSWORD });
    expect(cookieFrom(resHeaders)).toMatch(new RegExp(`^${SESSION_COOKIE}=.+`));
  });

  it("stores passwords as scrypt strings, and no column anywhere holds a password, a key's secret or a session token", async () => {
    const created = await asOwner(world.projectA.id).apiKeys.create({ name: "fresh", role: "viewer" });
    expect(created.secret).toMatch(/^cairn_[\w-]{40,}$/);
    expect(created.prefix.length).toBeLessThan(created.secret.length / 2);
    const hashes = await rows<{ password_hash: string }>(database.db, sql`SELECT password_hash FROM users`);
    expect(hashes.length).toBeGreaterThanOrEqual(5);
    for (const { password_hash } of hashes) expect(password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);

    const tokens = [world.owner, world.viewer, world.member, world.ownerB].map((a) => decodeURIComponent(a.cookie.split("=")[1]));
    const secrets = [PASSWORD, created.secret, ...Object.values(world.keys), ...tokens];
    const tables = await rows<{ table_name: string }>(database.db, sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    const found: string[] = [];
    for (const { table_name: table } of tables) {
      for (const secret of secrets) {
        const [hit] = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} t WHERE position(${secret} in t::text) > 0`);
        if (Number(hit.n) > 0) found.push(`${table} holds ${secret.slice(0, 10)}…`);
      }
    }
    expect(found).toEqual([]);
  });

  it("treats an expired session as signed out (401 saying so), and a closed one likewise", async () => {
    const expired = required({ cookie: world.expiredCookie });
    expect((await expired.auth.status()).user).toBeNull();
    const error = await errorOf(expired.datasets.list({}));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toContain("expired");

    const resHeaders = new Headers();
    await required({}, resHeaders).auth.signIn({ email: world.viewer.email, password: PASSWORD });
    const cookie = cookieFrom(resHeaders);
    expect((await required({ cookie }).auth.status()).user?.email).toBe(world.viewer.email);
    const outHeaders = new Headers();
    expect(await required({ cookie }, outHeaders).auth.signOut()).toEqual({ signedOut: true });
    expect(outHeaders.get("set-cookie")).toContain("Max-Age=0");
    expect((await errorOf(required(actingIn(world.projectA, { cookie })).datasets.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("answers headers that are not valid percent-encoding as what they are, not as a 500", async () => {
    const garbled = "%E0%A4%A";
    const cookie = await errorOf(required({ cookie: `${SESSION_COOKIE}=${garbled}` }).datasets.list({}));
    expect(cookie.code).toBe("UNAUTHORIZED");
    const project = await errorOf(required({ cookie: world.owner.cookie, "x-cairn-project": garbled }).datasets.list({}));
    expect(project.code).toBe("NOT_FOUND");
    expect(project.message).toContain(garbled);
    // A name with a bare "%" works sent as it is, and percent-encoded.
    const percent = await required({ cookie: world.owner.cookie }).projects.create({ name: `100% ${randomBytes(2).toString("hex")}` });
    for (const ref of [percent.name, encodeURIComponent(percent.name)]) {
      await required({ cookie: world.owner.cookie, "x-cairn-project": ref }).datasets.create({ name: `via ${ref}` });
    }
    expect((await required({ cookie: world.owner.cookie, "x-cairn-project": percent.id }).datasets.list({})).items).toHaveLength(2);
  });

  it("lets A's member key act in A without a project header, and nowhere else", async () => {
    const key = required(keyHeaders(world.keys.memberA));
    expect((await key.datasets.list({})).items.map((d) => d.name)).toContain("qa");
    expect((await key.projects.list()).map((p) => p.id)).toEqual([world.projectA.id]);
    expect(await key.auth.status()).toEqual({ mode: "required", user: null, setupNeeded: false });
    const run = await key.runs.create({ name: "from ci", datasetId: world.a.datasetId });
    expect(run.projectId).toBe(world.projectA.id);
    const elsewhere = required({ ...keyHeaders(world.keys.memberA), "x-cairn-project": "default" });
    expect((await errorOf(elsewhere.datasets.list({}))).code).toBe("NOT_FOUND");
    expect((await errorOf(elsewhere.runs.get({ id: world.b.runId }))).code).toBe("NOT_FOUND");
    // B's data through A's key is as missing as an id that does not exist.
    expect((await errorOf(key.runs.get({ id: world.b.runId }))).code).toBe("NOT_FOUND");
    expect((await errorOf(key.datasets.get({ datasetId: world.b.datasetId }))).code).toBe("NOT_FOUND");
  });
});

describe(`a project keeps an owner (${testDriver()})`, () => {
  it("refuses to demote or remove the last owner, writing nothing; with two, one may go", async () => {
    const project = await required({ cookie: world.owner.cookie }).projects.create({ name: `owned-${randomBytes(3).toString("hex")}` });
    const owner = asOwner(project.id);
    const before = await databaseSnapshot(database.db);
    const demote = await errorOf(owner.members.update({ userId: world.owner.id, role: "member" }));
    expect(demote.code).toBe("BAD_REQUEST");
    expect(demote.message).toContain("needs an owner");
    expect((await errorOf(owner.members.remove({ userId: world.owner.id }))).code).toBe("BAD_REQUEST");
    expect(await databaseSnapshot(database.db)).toEqual(before);

    await owner.members.add({ email: world.ownerB.email, role: "owner" });
    expect(await owner.members.update({ userId: world.owner.id, role: "viewer" })).toMatchObject({ role: "viewer" });
    const other = required({ cookie: world.ownerB.cookie, "x-cairn-project": project.id });
    expect((await errorOf(other.members.remove({ userId: world.ownerB.id }))).code).toBe("BAD_REQUEST");
    expect(await ownersOf(project.id)).toEqual([world.ownerB.id]);
  });

  it("leaves one owner when two owners demote each other at the same time", async () => {
    const project = await required({ cookie: world.owner.cookie }).projects.create({ name: `raced-${randomBytes(3).toString("hex")}` });
    await asOwner(project.id).members.add({ email: world.ownerB.email, role: "owner" });
    const a = asOwner(project.id);
    const b = required({ cookie: world.ownerB.cookie, "x-cairn-project": project.id });
    for (let round = 0; round < 5; round++) {
      const settled = await Promise.allSettled([
        a.members.update({ userId: world.ownerB.id, role: "member" }),
        b.members.update({ userId: world.owner.id, role: "member" }),
      ]);
      const owners = await ownersOf(project.id);
      expect(owners, `round ${round}`).toHaveLength(1);
      expect(settled.filter((s) => s.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      // The one left promotes the other back for the next round.
      const left = owners[0] === world.owner.id ? a : b;
      await left.members.update({ userId: owners[0] === world.owner.id ? world.ownerB.id : world.owner.id, role: "owner" });
    }
  });
});

describe("the database snapshot used to prove 'nothing written'", () => {
  it("sees an insert, and an update of a single column", async () => {
    const before = await databaseSnapshot(database.db);
    await database.db.execute(sql`UPDATE runs SET description = 'touched' WHERE id = ${world.a.runId}`);
    const updated = await databaseSnapshot(database.db);
    expect(updated.runs.rows).toBe(before.runs.rows);
    expect(updated.runs.md5).not.toBe(before.runs.md5);
    await asOwner(world.projectA.id).datasets.create({ name: "one more" });
    expect((await databaseSnapshot(database.db)).datasets.rows).toBe(before.datasets.rows + 1);
  });
});
