import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { contentHash } from "@/lib/hash";
import { manifestDigest } from "@/lib/manifest-digest";
import { toExample } from "@/lib/records";
import { syncDataset, SyncError, type SyncExample, type SyncTransport } from "@/lib/sync";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { datasetReads } from "@/test/dataset-reads";
import { detailsOf, errorOf } from "@/test/errors";
import { example, syncThrough } from "@/test/sync-helpers";
import { createCaller } from "../trpc/caller";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const { caller, transport, sync, recordingTransport } = syncThrough(() => database);

const { examplesAt, contentAt, revisionKinds } = datasetReads(() => database);

async function sessionCount() {
  const [{ count }] = await rows<{ count: number }>(database.db, sql`SELECT count(*)::int AS count FROM upsert_sessions`);
  return count;
}

async function storedDigest(datasetId: string, version: number) {
  const [found] = await rows<{ digest: string | null }>(
    database.db,
    sql`SELECT manifest_digest AS digest FROM dataset_versions WHERE dataset_id = ${datasetId} AND number = ${version}`,
  );
  expect(found?.digest).toMatch(/^[0-9a-f]{64}$/);
  return found.digest as string;
}

async function versionNumbers(datasetId: string) {
  const page = await caller().versions.list({ datasetId, limit: 200 });
  return page.items.map((v) => v.number);
}

describe(`upsert protocol (${testDriver()})`, () => {
  it("creates the dataset by name; new source ids -> CREATE revisions in file order", async () => {
    const result = await sync("first", [example("b", "B"), example("a", "A"), example("c", "C")], { message: "import" });
    expect(result).toMatchObject({ versionNumber: 1, noop: false, summary: { added: 3, updated: 0, deleted: 0, unchanged: 0 } });
    const dataset = await caller().datasets.get({ datasetName: "first" });
    expect(dataset).toMatchObject({ id: result.datasetId, exampleCount: 3, latestVersion: 1, latestVersionId: result.versionId });
    expect((await examplesAt(result.datasetId)).map((e) => e.sourceId)).toEqual(["b", "a", "c"]);
    expect(await revisionKinds(result.datasetId, 1)).toEqual({ a: "CREATE", b: "CREATE", c: "CREATE" });
    const [version] = (await caller().versions.list({ datasetId: result.datasetId, limit: 10 })).items;
    expect(version).toMatchObject({ number: 1, message: "import", parentId: null, exampleCount: 3 });
  });

  it("changed -> PATCH, new -> CREATE, missing (mirror) -> DELETE, unchanged -> no revision", async () => {
    const v1 = await sync("mirror", [example("a", "A"), example("b", "B"), example("c", "C")]);
    const v2 = await sync("mirror", [example("a", "A"), example("b", "B2"), example("d", "D")]);
    expect(v2).toMatchObject({ versionNumber: 2, noop: false, summary: { added: 1, updated: 1, deleted: 1, unchanged: 1 } });
    expect(await revisionKinds(v1.datasetId, 2)).toEqual({ b: "PATCH", c: "DELETE", d: "CREATE" });
    expect(await contentAt(v1.datasetId)).toEqual({ a: "A", b: "B2", d: "D" });
    const a = await caller().examples.get({ datasetId: v1.datasetId, sourceId: "a" });
    expect(a.history).toHaveLength(1);
    const b = await caller().examples.get({ datasetId: v1.datasetId, sourceId: "b" });
    expect(b.history.map((r) => [r.kind, r.validFrom, r.validTo, r.input.question])).toEqual([
      ["PATCH", 2, null, "B2"],
      ["CREATE", 1, 2, "B"],
    ]);
    const [latest, first] = (await caller().versions.list({ datasetId: v1.datasetId, limit: 10 })).items;
    expect(latest).toMatchObject({ number: 2, parentId: first.id, exampleCount: 3, summary: v2.summary });
  });

  it("nothing changed -> no version; the latest is returned and the summary says so", async () => {
    const examples = [example("a", "A"), example("b", "B")];
    const v1 = await sync("noop", examples);
    const again = await sync("noop", examples);
    expect(again).toMatchObject({
      datasetId: v1.datasetId,
      versionId: v1.versionId,
      versionNumber: 1,
      noop: true,
      summary: { added: 0, updated: 0, deleted: 0, unchanged: 2 },
    });
    expect(await versionNumbers(v1.datasetId)).toEqual([1]);
    // Same content with keys in another order and absent vs {} output hashes the same.
    const reordered = await sync("noop", [
      { sourceId: "a", input: { question: "A" }, metadata: { tag: "t" }, output: { answer: "answer to A" } },
      { sourceId: "b", output: { answer: "answer to B" }, input: { question: "B" }, metadata: { tag: "t" } },
    ]);
    expect(reordered.noop).toBe(true);
    const [{ revisions }] = await rows<{ revisions: number }>(
      database.db,
      sql`SELECT count(*)::int AS revisions FROM example_revisions WHERE dataset_id = ${v1.datasetId}`,
    );
    expect(revisions).toBe(2);
  });

  it("a manifest equal to the latest version's (by digest) is answered by begin: no session, no manifest sent", async () => {
    const examples = [example("a", "A"), example("b", "B"), example("c", "C")];
    const v1 = await sync("fast-noop", examples);
    const counting = recordingTransport();
    const sessionsBefore = await sessionCount();
    for (const mode of ["mirror", "merge"] as const) {
      counting.calls.length = 0;
      const again = await sync("fast-noop", [...examples].reverse(), { transport: counting.transport, mode });
      expect(again).toMatchObject({
        datasetId: v1.datasetId,
        versionId: v1.versionId,
        versionNumber: 1,
        noop: true,
        summary: { added: 0, updated: 0, deleted: 0, unchanged: 3 },
        attempts: 1,
      });
      expect(counting.calls).toEqual(["upsertBegin"]);
      expect(await sessionCount()).toBe(sessionsBefore);
    }
    expect(await versionNumbers(v1.datasetId)).toEqual([1]);
    // The plan is reported (nothing to do), and a cancel there still writes nothing.
    const plans: unknown[] = [];
    await sync("fast-noop", examples, { onPlan: (plan) => (plans.push(plan), true) });
    expect(plans).toEqual([expect.objectContaining({ needed: [], added: 0, updated: 0, deleted: 0, unchanged: 3, baseVersion: 1 })]);
  });

  it("a different manifest (or a digest that does not match) takes the full protocol", async () => {
    const examples = [example("a", "A"), example("b", "B")];
    const v1 = await sync("slow-path", examples);
    const counting = recordingTransport();
    // Content changed: the digest differs, the manifest travels and a version is written.
    const changed = await sync("slow-path", [example("a", "A"), example("b", "B2")], { transport: counting.transport });
    expect(changed).toMatchObject({ versionNumber: 2, summary: { updated: 1, unchanged: 1 } });
    expect(counting.calls).toEqual(["upsertBegin", "upsertManifest", "upsertPayload", "upsertCommit"]);
    // A subset in merge mode is a no-op, but not the latest version's manifest: full path, no version.
    counting.calls.length = 0;
    const subset = await sync("slow-path", [example("a", "A")], { transport: counting.transport, mode: "merge" });
    expect(subset).toMatchObject({ noop: true, versionNumber: 2 });
    expect(counting.calls).toEqual(["upsertBegin", "upsertManifest", "upsertCommit"]);
    // A version whose digest is wrong (or '': matches nothing) never short-cuts; the commit still finds the no-op.
    const digest = await storedDigest(v1.datasetId, 2);
    for (const wrong of ["0".repeat(64), ""]) {
      await database.db.execute(sql`UPDATE dataset_versions SET manifest_digest = ${wrong} WHERE dataset_id = ${v1.datasetId}`);
      counting.calls.length = 0;
      const unknown = await sync("slow-path", [example("a", "A"), example("b", "B2")], { transport: counting.transport });
      expect(unknown).toMatchObject({ noop: true, versionNumber: 2 });
      expect(counting.calls).toEqual(["upsertBegin", "upsertManifest", "upsertCommit"]);
    }
    // One not known yet (a large version's right after its commit) is computed by the begin call.
    await database.db.execute(sql`UPDATE dataset_versions SET manifest_digest = NULL WHERE dataset_id = ${v1.datasetId}`);
    counting.calls.length = 0;
    const filled = await sync("slow-path", [example("a", "A"), example("b", "B2")], { transport: counting.transport });
    expect(filled).toMatchObject({ noop: true, versionNumber: 2 });
    expect(counting.calls).toEqual(["upsertBegin"]);
    expect(await storedDigest(v1.datasetId, 2)).toBe(digest);
    // The right digest with another example count opens a session.
    await database.db.execute(sql`UPDATE dataset_versions SET manifest_digest = ${digest} WHERE dataset_id = ${v1.datasetId} AND number = 2`);
    const c = caller();
    const begun = await c.datasets.upsertBegin({ datasetId: v1.datasetId, manifestDigest: digest, exampleCount: 5 });
    expect(begun.noop).toBeFalsy();
    expect(begun.sessionId).not.toBe("");
    await c.datasets.upsertAbort({ sessionId: begun.sessionId });
  });

  it("a no-op begin is answered by one read-only look-up: the latest version, by name or id, in its project only", async () => {
    const v1 = await sync("begin-lookup", [example("a", "A"), example("b", "B")]);
    const v2 = await sync("begin-lookup", [example("a", "A"), example("b", "B"), example("c", "C")]);
    const [first, latest] = [await storedDigest(v1.datasetId, 1), await storedDigest(v1.datasetId, 2)];
    const noop = {
      sessionId: "",
      datasetId: v1.datasetId,
      baseVersion: 2,
      created: false,
      baseExampleCount: 3,
      noop: true,
      versionId: v2.versionId,
      summary: { added: 0, updated: 0, deleted: 0, unchanged: 3 },
    };
    // An idle session survives a no-op begin: no sweep, no transaction (the next session's begin sweeps).
    const idle = await caller().datasets.upsertBegin({ datasetName: "begin-lookup-idle" });
    await database.db.execute(sql`UPDATE upsert_sessions SET touched_at = now() - interval '2 hours' WHERE id = ${idle.sessionId}`);
    const sessionsBefore = await sessionCount();
    const c = caller();
    expect(await c.datasets.upsertBegin({ datasetName: "begin-lookup", manifestDigest: latest, exampleCount: 3 })).toEqual(noop);
    expect(await c.datasets.upsertBegin({ datasetId: v1.datasetId, manifestDigest: latest })).toEqual(noop);
    expect(await c.datasets.upsertBegin({ datasetId: v1.datasetId, mode: "merge", manifestDigest: latest, exampleCount: 3 })).toEqual(noop);
    expect(await sessionCount()).toBe(sessionsBefore);
    // By the cached buckets digest: only a row of the latest version counts.
    const cachedBuckets = "b".repeat(64);
    await database.db.execute(sql`DELETE FROM dataset_bucket_digests WHERE dataset_id = ${v1.datasetId}`);
    await database.db.execute(
      sql`INSERT INTO dataset_bucket_digests (dataset_id, version, digests, buckets_digest) VALUES (${v1.datasetId}, 1, '', ${cachedBuckets})`,
    );
    const stale = await c.datasets.upsertBegin({ datasetId: v1.datasetId, bucketsDigest: cachedBuckets, exampleCount: 3 });
    expect(stale).toMatchObject({ baseVersion: 2, baseExampleCount: 3 });
    expect(stale.noop).toBeFalsy();
    await c.datasets.upsertAbort({ sessionId: stale.sessionId });
    await database.db.execute(sql`UPDATE dataset_bucket_digests SET version = 2, buckets_digest = ${cachedBuckets} WHERE dataset_id = ${v1.datasetId}`);
    expect(await c.datasets.upsertBegin({ datasetName: "begin-lookup", bucketsDigest: cachedBuckets, exampleCount: 3 })).toEqual(noop);
    // The first version's digest, or the right digest with another count: a session on the latest.
    for (const notNoop of [
      { manifestDigest: first, exampleCount: 2 },
      { manifestDigest: first },
      { manifestDigest: latest, exampleCount: 2 },
      { bucketsDigest: cachedBuckets, exampleCount: 4 },
    ]) {
      const begun = await c.datasets.upsertBegin({ datasetName: "begin-lookup", ...notNoop });
      expect(begun).toMatchObject({ baseVersion: 2, baseExampleCount: 3, created: false });
      expect(begun.noop).toBeFalsy();
      expect(begun.sessionId).not.toBe("");
      await c.datasets.upsertAbort({ sessionId: begun.sessionId });
    }
    // That begin swept the idle session.
    expect((await errorOf(c.datasets.upsertManifest({ sessionId: idle.sessionId, entries: [] }))).code).toBe("NOT_FOUND");
    // Another project: the id is not found, the name is another dataset (created, no version).
    const other = await caller().projects.create({ name: "begin-lookup-elsewhere" });
    const foreign = createCaller(database, { "x-cairn-project": other.name });
    expect((await errorOf(foreign.datasets.upsertBegin({ datasetId: v1.datasetId, manifestDigest: latest }))).code).toBe("NOT_FOUND");
    const theirs = await foreign.datasets.upsertBegin({ datasetName: "begin-lookup", manifestDigest: latest, exampleCount: 3 });
    expect(theirs).toMatchObject({ created: true, baseVersion: 0 });
    expect(theirs.datasetId).not.toBe(v1.datasetId);
    await foreign.datasets.upsertAbort({ sessionId: theirs.sessionId });
    for (const missing of ["00000000-0000-4000-8000-000000000000", "nope"]) {
      expect((await errorOf(c.datasets.upsertBegin({ datasetId: missing, manifestDigest: latest }))).code).toBe("NOT_FOUND");
    }
  });

  it("stores a digest on every version that the client computes identically, non-ASCII and astral ids included", async () => {
    const ids = ["z", "ｚ", "🙂", "é", "e\u0301", "中文", "10", "9", "a b", "\uE000", "😀"];
    const examples = ids.map((id, i) => example(id, `q${i}`));
    const v1 = await sync("digest-ids", examples);
    const hashes = await Promise.all(examples.map((e) => contentHash(e)));
    expect(await storedDigest(v1.datasetId, 1)).toBe(await manifestDigest(ids, hashes));
    // Mirror delete + patch + add: the new version's digest is that of its own examples.
    const unique = [...examples.slice(2).map((e) => (e.sourceId === "🙂" ? example("🙂", "changed") : e)), example("new", "N")];
    const v2 = await sync("digest-ids", unique);
    expect(v2).toMatchObject({ versionNumber: 2, summary: { added: 1, updated: 1, deleted: 2 } });
    expect(await storedDigest(v1.datasetId, 2)).toBe(
      await manifestDigest(
        unique.map((e) => e.sourceId),
        await Promise.all(unique.map((e) => contentHash(e))),
      ),
    );
    // A version with no examples left has the digest of the empty set.
    const emptied = await sync("digest-ids", []);
    expect(emptied.summary.deleted).toBe(unique.length);
    expect(await storedDigest(v1.datasetId, 3)).toBe(await manifestDigest([], []));
    const counting = recordingTransport();
    expect(await sync("digest-ids", [], { transport: counting.transport })).toMatchObject({ noop: true, versionNumber: 3 });
    expect(counting.calls).toEqual(["upsertBegin"]);
  });

  it("versions created by a fork get a digest too", async () => {
    const examples = [example("a", "A"), example("b", "B")];
    const source = await sync("fork-digest-source", examples);
    const fork = await caller().datasets.fork({ datasetId: source.datasetId, name: "fork-digest" });
    expect(await storedDigest(fork.id, 1)).toBe(await storedDigest(source.datasetId, 1));
    const counting = recordingTransport();
    expect(await sync("fork-digest", examples, { transport: counting.transport })).toMatchObject({ noop: true, versionNumber: 1 });
    expect(counting.calls).toEqual(["upsertBegin"]);
  });

  it("an empty dataset synced with nothing is a no-op without a version", async () => {
    const result = await sync("empty", []);
    expect(result).toMatchObject({ versionId: null, versionNumber: 0, noop: true, summary: { unchanged: 0 } });
  });

  it("merge adds and updates but never deletes", async () => {
    const v1 = await sync("merge", [example("a", "A"), example("b", "B"), example("c", "C")]);
    const merged = await sync("merge", [example("b", "B2"), example("e", "E")], { mode: "merge" });
    expect(merged.summary).toEqual({ added: 1, updated: 1, deleted: 0, unchanged: 2 });
    expect(await contentAt(v1.datasetId)).toEqual({ a: "A", b: "B2", c: "C", e: "E" });
    expect(Object.values(await revisionKinds(v1.datasetId, 2))).not.toContain("DELETE");
    const noop = await sync("merge", [example("a", "A")], { mode: "merge" });
    expect(noop).toMatchObject({ noop: true, versionNumber: 2, summary: { unchanged: 4 } });
  });

  it("a deleted example whose source id comes back gets a CREATE revision on the same example", async () => {
    const v1 = await sync("revive", [example("a", "A"), example("b", "B")]);
    const before = await caller().examples.get({ datasetId: v1.datasetId, sourceId: "b" });
    await sync("revive", [example("a", "A")]);
    expect(await contentAt(v1.datasetId)).toEqual({ a: "A" });
    const back = await sync("revive", [example("a", "A"), example("b", "B again")]);
    expect(back.summary).toEqual({ added: 1, updated: 0, deleted: 0, unchanged: 1 });
    const after = await caller().examples.get({ datasetId: v1.datasetId, sourceId: "b" });
    expect(after.id).toBe(before.id);
    expect(after.history.map((r) => [r.kind, r.validFrom, r.validTo])).toEqual([
      ["CREATE", 3, null],
      ["DELETE", 2, 3],
      ["CREATE", 1, 2],
    ]);
    expect(await contentAt(v1.datasetId, 2)).toEqual({ a: "A" });
    expect(await contentAt(v1.datasetId, 1)).toEqual({ a: "A", b: "B" });
  });

  it("rejects duplicate source ids naming them, and writes nothing", async () => {
    const local = await sync("dups", [example("a", "A"), example("x", "1"), example("x", "2"), example("y", "1"), example("y", "2")]).catch(
      (e: unknown) => e,
    );
    expect(local).toBeInstanceOf(SyncError);
    expect((local as SyncError).code).toBe("DUPLICATE_SOURCE_IDS");
    expect((local as SyncError).message).toContain('"x", "y"');
    expect((await caller().datasets.list({ search: "dups", limit: 10 })).items).toHaveLength(0);

    // The server refuses them too, within a chunk and across chunks, and drops the session.
    const c = caller();
    const hash = await contentHash({ input: { q: 1 } });
    const within = await c.datasets.upsertBegin({ datasetName: "dups" });
    const error = await errorOf(c.datasets.upsertManifest({ sessionId: within.sessionId, entries: [["p", hash], ["q", hash], ["p", hash]] }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain('"p"');
    expect(detailsOf(error)).toEqual({ duplicates: ["p"] });
    expect((await errorOf(c.datasets.upsertCommit({ sessionId: within.sessionId }))).code).toBe("NOT_FOUND");

    const across = await c.datasets.upsertBegin({ datasetName: "dups" });
    await c.datasets.upsertManifest({ sessionId: across.sessionId, entries: [["p", hash], ["q", hash]] });
    const second = await errorOf(c.datasets.upsertManifest({ sessionId: across.sessionId, entries: [["r", hash], ["q", hash]] }));
    expect(second.code).toBe("BAD_REQUEST");
    expect(second.message).toContain('"q"');
    expect(detailsOf(second)).toEqual({ duplicates: ["q"] });
    expect((await errorOf(c.datasets.upsertCommit({ sessionId: across.sessionId }))).code).toBe("NOT_FOUND");
    const dataset = await c.datasets.get({ datasetName: "dups" });
    expect(dataset).toMatchObject({ latestVersion: null, exampleCount: 0 });
    const [{ staged }] = await rows<{ staged: number }>(database.db, sql`SELECT count(*)::int AS staged FROM upsert_entries`);
    expect(staged).toBe(0);
  });

  it("rejects both or neither dataset selector, and a missing dataset id", async () => {
    const c = caller();
    const both = await errorOf(c.datasets.upsertBegin({ datasetName: "x", datasetId: "00000000-0000-4000-8000-000000000000" }));
    expect(both.code).toBe("BAD_REQUEST");
    expect(both.message).toContain("exactly one of datasetName or datasetId");
    expect((await errorOf(c.datasets.upsertBegin({}))).code).toBe("BAD_REQUEST");
    const missing = await errorOf(c.datasets.upsertBegin({ datasetId: "00000000-0000-4000-8000-000000000000" }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain("00000000-0000-4000-8000-000000000000");
    expect((await errorOf(c.datasets.upsertBegin({ datasetId: "nope" }))).code).toBe("NOT_FOUND");
    const bad = await errorOf(c.datasets.upsertBegin({ datasetName: "x", mode: "replace" as never }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect((await c.datasets.list({ search: "x", limit: 10 })).items.filter((d) => d.name === "x")).toHaveLength(0);
    const viaSync = await syncDataset({ transport: transport(), dataset: { datasetId: "00000000-0000-4000-8000-000000000000" }, examples: [] }).catch(
      (e: unknown) => e,
    );
    expect((viaSync as TRPCError).code).toBe("NOT_FOUND");
  });

  it("commits only once every needed payload was stored: a payload sent twice does not stand in for a missing one", async () => {
    const c = caller();
    // v1 stores the content of "a"; in v2 "b" takes the same content, so it is already stored.
    const [a, b, d] = [example("a", "A"), example("b", "B"), example("d", "D")];
    await sync("received", [a, b]);
    const session = await c.datasets.upsertBegin({ datasetName: "received" });
    const sameAsA = { ...a, sourceId: "b" };
    const manifest = await c.datasets.upsertManifest({
      sessionId: session.sessionId,
      entries: [
        ["a", await contentHash(a)],
        ["b", await contentHash(sameAsA)],
        ["d", await contentHash(d)],
      ],
    });
    expect(manifest.needed).toEqual(["b", "d"]);
    await c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [d] });
    await c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [d] });
    // b's content is in the dataset already (a's), but its payload was never sent.
    const missing = await errorOf(c.datasets.upsertCommit({ sessionId: session.sessionId }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.message).toContain("payloads missing for 1 needed example(s): \"b\"");
    await c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [sameAsA] });
    const committed = await c.datasets.upsertCommit({ sessionId: session.sessionId });
    expect(committed.summary).toEqual({ added: 1, updated: 1, deleted: 0, unchanged: 1 });
    expect(await contentAt(committed.datasetId)).toEqual({ a: "A", b: "A", d: "D" });
  });

  it("syncs into an existing dataset by id", async () => {
    const created = await caller().datasets.create({ name: "by-id", description: "d" });
    const result = await syncDataset({ transport: transport(), dataset: { datasetId: created.id }, examples: [example("a", "A")] });
    expect(result).toMatchObject({ datasetId: created.id, versionNumber: 1 });
  });

  it("recomputes every payload hash and rejects a mismatch naming the source id", async () => {
    const c = caller();
    const session = await c.datasets.upsertBegin({ datasetName: "mismatch" });
    const good = example("good", "G");
    const liar = example("liar", "L");
    await c.datasets.upsertManifest({
      sessionId: session.sessionId,
      entries: [
        ["good", await contentHash(good)],
        ["liar", await contentHash(liar)],
      ],
    });
    const error = await errorOf(
      c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [good, { ...liar, input: { question: "tampered" } }] }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain('"liar"');
    expect(error.message).toContain("does not match the manifest hash");
    expect(error.message).not.toContain('"good"');
    // Nothing of the rejected chunk was stored: both payloads are still missing.
    const missing = await errorOf(c.datasets.upsertCommit({ sessionId: session.sessionId }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.message).toContain('"good", "liar"');
    // Payloads that were not asked for are refused as well.
    const extra = await errorOf(c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [example("other", "O")] }));
    expect(extra.message).toContain('not in the manifest: "other"');
    await c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [good, liar] });
    expect((await c.datasets.upsertCommit({ sessionId: session.sessionId })).summary.added).toBe(2);
  });

  it("refuses payloads the server did not ask for, and content that is not JSON", async () => {
    const c = caller();
    await sync("unneeded", [example("a", "A")]);
    const session = await c.datasets.upsertBegin({ datasetName: "unneeded" });
    const a = example("a", "A");
    const { needed } = await c.datasets.upsertManifest({ sessionId: session.sessionId, entries: [["a", await contentHash(a)]] });
    expect(needed).toEqual([]);
    const error = await errorOf(c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [a] }));
    expect(error.message).toContain('not needed (unchanged, the server did not ask for them): "a"');
    const nul = await errorOf(c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [example("a", "bad\u0000")] }));
    expect(nul.code).toBe("BAD_REQUEST");
    expect(nul.message).toContain('"a"');
    const nan = await errorOf(c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [{ sourceId: "a", input: { x: NaN } }] }));
    expect(nan.code).toBe("BAD_REQUEST");
    expect(nan.message).toContain("$.input.x");
    expect(await c.datasets.upsertAbort({ sessionId: session.sessionId })).toEqual({ sessionId: session.sessionId, aborted: true });
    expect((await errorOf(c.datasets.upsertCommit({ sessionId: session.sessionId }))).code).toBe("NOT_FOUND");
  });

  it("fails a commit on a stale base with CONFLICT; the winner's version stands", async () => {
    const c = caller();
    const v1 = await sync("stale", [example("a", "A")]);
    const plan = async (question: string) => {
      const session = await c.datasets.upsertBegin({ datasetName: "stale" });
      const a = example("a", question);
      await c.datasets.upsertManifest({ sessionId: session.sessionId, entries: [["a", await contentHash(a)]] });
      await c.datasets.upsertPayload({ sessionId: session.sessionId, examples: [a] });
      return session;
    };
    const first = await plan("first");
    const second = await plan("second");
    expect(first.baseVersion).toBe(1);
    expect(second.baseVersion).toBe(1);
    expect(await c.datasets.upsertCommit({ sessionId: first.sessionId })).toMatchObject({ versionNumber: 2 });
    const error = await errorOf(c.datasets.upsertCommit({ sessionId: second.sessionId }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("version 2");
    expect(await versionNumbers(v1.datasetId)).toEqual([2, 1]);
    expect(await contentAt(v1.datasetId)).toEqual({ a: "first" });
    // The loser's session is gone; the sync driver re-plans on CONFLICT and wins next time.
    expect((await errorOf(c.datasets.upsertCommit({ sessionId: second.sessionId }))).code).toBe("NOT_FOUND");
  });

  it("two concurrent commits of one dataset: one version, one CONFLICT, nothing half-written", async () => {
    const c = caller();
    const v1 = await sync("race-commit", [example("a", "A"), example("b", "B")]);
    const sessions = [];
    for (const question of ["one", "two"]) {
      const session = await c.datasets.upsertBegin({ datasetName: "race-commit" });
      const entries = [example("a", question), example("c", question)];
      await c.datasets.upsertManifest({ sessionId: session.sessionId, entries: await Promise.all(entries.map(async (e) => [e.sourceId, await contentHash(e)] as [string, string])) });
      await c.datasets.upsertPayload({ sessionId: session.sessionId, examples: entries });
      sessions.push(session);
    }
    const outcomes = await Promise.allSettled(sessions.map((s) => createCaller(database).datasets.upsertCommit({ sessionId: s.sessionId })));
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o) => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason.code).toBe("CONFLICT");
    expect(await versionNumbers(v1.datasetId)).toEqual([2, 1]);
    const winner = (won[0] as PromiseFulfilledResult<{ summary: unknown }>).value;
    expect(winner.summary).toEqual({ added: 1, updated: 1, deleted: 1, unchanged: 0 });
    const content = await contentAt(v1.datasetId);
    expect(Object.keys(content).sort()).toEqual(["a", "c"]);
    expect(content.a).toBe(content.c);
  });

  it("two concurrent syncs of one dataset never lose an update: both land, one after the other", async () => {
    const base = await sync("race", [example("a", "A"), example("b", "B")]);
    const left = Array.from({ length: 300 }, (_, i) => example(`k${i}`, `left ${i}`));
    const right = Array.from({ length: 300 }, (_, i) => example(`k${i}`, `right ${i}`));
    const results = await Promise.all([
      sync("race", left, { mode: "merge", manifestChunk: 50, payloadChunkCount: 50 }),
      sync("race", right, { mode: "merge", manifestChunk: 50, payloadChunkCount: 50 }),
    ]);
    expect(results.map((r) => r.versionNumber).sort()).toEqual([2, 3]);
    expect(await versionNumbers(base.datasetId)).toEqual([3, 2, 1]);
    const [first, last] = results[0].versionNumber === 2 ? [left, right] : [right, left];
    const expected = (examples: SyncExample[]) => ({
      a: "A",
      b: "B",
      ...Object.fromEntries(examples.map((e) => [e.sourceId, e.input.question])),
    });
    expect(await contentAt(base.datasetId, 2)).toEqual(expected(first));
    expect(await contentAt(base.datasetId, 3)).toEqual(expected(last));
    // Every version's recorded count matches what is actually in force at it.
    for (const version of await caller().versions.list({ datasetId: base.datasetId, limit: 10 }).then((p) => p.items)) {
      expect(version.exampleCount).toBe((await examplesAt(base.datasetId, version.number)).length);
    }
    if (testDriver() === "postgres") expect(results.some((r) => r.attempts > 1)).toBe(true);
  });

  it("re-upserting an export of a version is a no-op", async () => {
    const v1 = await sync("roundtrip", [
      { sourceId: "1", input: { text: "héllo ✓ 🙂", n: 1.5, big: 1e21 }, output: { list: [1, "two", null] }, metadata: {} },
      { sourceId: "two", input: { nested: { z: 1, a: [true, false] } }, output: {}, metadata: { split: "test" } },
      { sourceId: "3", input: { empty: "" } },
    ]);
    const lines: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { lines: string[]; nextCursor: string | null } = await caller().versions.export({ datasetId: v1.datasetId, cursor, limit: 2 });
      lines.push(...page.lines);
      cursor = page.nextCursor;
    } while (cursor);
    expect(lines).toHaveLength(3);
    const records = lines.map((line, i) => toExample(JSON.parse(line), {}, `line ${i + 1}`));
    const again = await syncDataset({ transport: transport(), dataset: { datasetId: v1.datasetId }, examples: records });
    expect(again).toMatchObject({ noop: true, versionNumber: 1 });
  });

  it.each([
    { manifestWithPayloads: false, manifestCalls: [1_000, 1_000, 1_000] },
    { manifestWithPayloads: true, manifestCalls: [] },
  ])("moves a large dataset through bounded chunks and keeps file order (manifestWithPayloads: $manifestWithPayloads)", async (path) => {
    const n = 3_000;
    const big = "x".repeat(900);
    const examples = Array.from({ length: n }, (_, i) => ({ sourceId: `s${n - i}`, input: { i, big }, output: {}, metadata: {} }));
    const bodies: Record<string, number[]> = { manifest: [], payload: [] };
    const positions: (number | undefined)[] = [];
    const inner = transport();
    const measuring: SyncTransport = {
      upsertBegin: (input) => inner.upsertBegin(input),
      upsertManifest: (input) => (bodies.manifest.push(input.entries.length), inner.upsertManifest(input)),
      upsertPayload: (input) => {
        bodies.payload.push(JSON.stringify(input).length);
        positions.push(input.position);
        return inner.upsertPayload(input);
      },
      upsertCommit: (input) => inner.upsertCommit(input),
      upsertAbort: (input) => inner.upsertAbort(input),
    };
    const phases = new Set<string>();
    const result = await syncDataset({
      transport: measuring,
      dataset: { datasetName: `chunked-${path.manifestWithPayloads}` },
      examples,
      manifestChunk: 1_000,
      payloadChunkBytes: 200_000,
      manifestWithPayloads: path.manifestWithPayloads,
      onProgress: (p) => phases.add(`${p.phase}:${p.done === p.total ? "end" : "mid"}`),
    });
    expect(result.summary).toEqual({ added: n, updated: 0, deleted: 0, unchanged: 0 });
    expect(bodies.manifest).toEqual(path.manifestCalls);
    expect(Math.max(...bodies.payload)).toBeLessThanOrEqual(200_000 + 200);
    expect(bodies.payload.length).toBeGreaterThanOrEqual(15);
    // With the manifest in the payloads, each call says where its entries start.
    if (path.manifestWithPayloads) {
      expect(positions[0]).toBe(0);
      expect(positions.every((p) => typeof p === "number")).toBe(true);
    } else {
      expect(positions.every((p) => p === undefined)).toBe(true);
    }
    expect(result.bytesSent).toBeGreaterThan(n * 900);
    expect([...phases]).toEqual(expect.arrayContaining(["hashing:end", "planning:end", "uploading:end", "committing:end"]));
    const page = await caller().examples.list({ datasetId: result.datasetId, limit: 3 });
    expect(page.items.map((e) => e.sourceId)).toEqual([`s${n}`, `s${n - 1}`, `s${n - 2}`]);
    // A re-sync sends only the manifest.
    const again = await syncDataset({ transport: transport(), dataset: { datasetName: `chunked-${path.manifestWithPayloads}` }, examples });
    expect(again.summary).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: n });
    expect(again.noop).toBe(true);
    expect(again.bytesSent).toBeLessThan(result.bytesSent / 5);
  });

  it("commits a session once even when the commit is sent several times at once", async () => {
    const c = caller();
    const v1 = await sync("twice", [example("a", "A"), example("b", "B")]);
    const session = await c.datasets.upsertBegin({ datasetName: "twice" });
    const entries = await Promise.all([example("a", "A"), example("b", "B")].map(async (e) => [e.sourceId, await contentHash(e)] as [string, string]));
    await c.datasets.upsertManifest({ sessionId: session.sessionId, entries });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, () => createCaller(database).datasets.upsertCommit({ sessionId: session.sessionId })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled").map((o) => (o as PromiseFulfilledResult<{ noop: boolean }>).value.noop)).toContain(true);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason.code).toBe("NOT_FOUND");
    expect(await versionNumbers(v1.datasetId)).toEqual([1]);
    expect(await contentAt(v1.datasetId)).toEqual({ a: "A", b: "B" });
  });

  it("drops sessions idle for over an hour when the next upsert begins", async () => {
    const c = caller();
    const old = await c.datasets.upsertBegin({ datasetName: "idle" });
    await database.db.execute(sql`UPDATE upsert_sessions SET touched_at = now() - interval '2 hours' WHERE id = ${old.sessionId}`);
    await c.datasets.upsertBegin({ datasetName: "idle" });
    expect((await errorOf(c.datasets.upsertManifest({ sessionId: old.sessionId, entries: [] }))).code).toBe("NOT_FOUND");
  });

  it("keeps sessions inside their project", async () => {
    const other = await caller().projects.create({ name: "upsert-elsewhere" });
    const session = await caller().datasets.upsertBegin({ datasetName: "scoped" });
    const foreign = createCaller(database, { "x-cairn-project": other.name });
    expect((await errorOf(foreign.datasets.upsertCommit({ sessionId: session.sessionId }))).code).toBe("NOT_FOUND");
    expect(await foreign.datasets.upsertAbort({ sessionId: session.sessionId })).toEqual({ sessionId: session.sessionId, aborted: false });
    expect((await caller().datasets.upsertCommit({ sessionId: session.sessionId })).noop).toBe(true);
  });
});
