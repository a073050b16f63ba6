import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { contentHash } from "@/lib/hash";
import type { SyncExample, SyncTransport } from "@/lib/sync";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { datasetReads } from "@/test/dataset-reads";
import { detailsOf, errorOf } from "@/test/errors";
import { example, syncThrough } from "@/test/sync-helpers";

// A first import (the dataset has no version) sends its manifest with the payloads: no manifest
// calls; each payload call carries its position, each example its hash (upsert-first-import.ts).

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const { caller, sync, recordingTransport } = syncThrough(() => database);

/** The example as a payload of a first import: with its content hash. */
async function hashed(e: SyncExample) {
  return { ...e, hash: await contentHash(e) };
}

async function hashedAll(examples: SyncExample[]) {
  return Promise.all(examples.map(hashed));
}

const { examplesAt, contentAt, revisionKinds } = datasetReads(() => database, 200);

async function versionNumbers(datasetId: string) {
  const page = await caller().versions.list({ datasetId, limit: 200 });
  return page.items.map((v) => v.number);
}

async function count(query: SQL) {
  const [{ count: n }] = await rows<{ count: number }>(database.db, query);
  return Number(n);
}

const payloadEntryRows = (sessionId: string) => count(sql`SELECT count(*)::int AS count FROM upsert_payload_entries WHERE session_id = ${sessionId}`);
const sessionRows = (sessionId: string) => count(sql`SELECT count(*)::int AS count FROM upsert_sessions WHERE id = ${sessionId}`);
const contentRows = (datasetId: string) => count(sql`SELECT count(*)::int AS count FROM example_contents WHERE dataset_id = ${datasetId}`);
const exampleRows = (datasetId: string) => count(sql`SELECT count(*)::int AS count FROM examples WHERE dataset_id = ${datasetId}`);
const versionRows = (datasetId: string) => count(sql`SELECT count(*)::int AS count FROM dataset_versions WHERE dataset_id = ${datasetId}`);

async function contentHashesOf(datasetId: string) {
  const found = await rows<{ hash: string }>(database.db, sql`SELECT hash FROM example_contents WHERE dataset_id = ${datasetId} ORDER BY hash`);
  return found.map((r) => r.hash);
}

describe(`first import with the manifest in the payloads (${testDriver()})`, () => {
  it("syncDataset: no manifest call, positioned and hashed payloads, v1 of CREATEs in file order; a re-sync is a no-op, a change uses manifest calls", async () => {
    const n = 3_000;
    // Source ids in no sorted order (a permutation of 0..n-1), so file order is not id order.
    const examples = Array.from({ length: n }, (_, i) => example(`e${(i * 7_919) % n}`, `q${i}`));
    const ids = examples.map((e) => e.sourceId);
    expect(new Set(ids).size).toBe(n);
    const hashes = await Promise.all(examples.map((e) => contentHash(e)));

    const first = recordingTransport();
    const result = await sync("fi-sync", examples, { transport: first.transport, payloadChunkCount: 700 });
    expect(first.calls).not.toContain("upsertManifest");
    expect(first.calls.filter((c) => c === "upsertBegin")).toHaveLength(1);
    expect(first.calls.filter((c) => c === "upsertCommit")).toHaveLength(1);
    expect(first.begins[0]).toMatchObject({ baseVersion: 0, created: true, manifestWithPayloads: true });
    // Several calls, each with its position; together they cover 0..n-1 exactly, in file order.
    expect(first.payloads.length).toBeGreaterThanOrEqual(5);
    const calls = [...first.payloads].sort((a, b) => (a.position ?? -1) - (b.position ?? -1));
    let next = 0;
    for (const call of calls) {
      expect(call.position).toBe(next);
      call.examples.forEach((e, j) => {
        expect(e.sourceId).toBe(ids[next + j]);
        expect(e.hash).toBe(hashes[next + j]);
      });
      next += call.examples.length;
    }
    expect(next).toBe(n);

    expect(result).toMatchObject({ versionNumber: 1, noop: false, attempts: 1 });
    expect(result.summary).toEqual({ added: n, updated: 0, deleted: 0, unchanged: 0 });
    const dataset = await caller().datasets.get({ datasetName: "fi-sync" });
    expect(dataset).toMatchObject({ id: result.datasetId, latestVersion: 1, latestVersionId: result.versionId, exampleCount: n });
    const listed = await examplesAt(result.datasetId);
    expect(listed.map((e) => e.sourceId)).toEqual(ids);
    expect(listed.map((e) => e.input.question)).toEqual(examples.map((e) => e.input.question));
    expect(listed[7]).toMatchObject({ output: examples[7].output, metadata: examples[7].metadata });
    const kinds = await revisionKinds(result.datasetId, 1);
    expect(Object.keys(kinds)).toHaveLength(n);
    expect(new Set(Object.values(kinds))).toEqual(new Set(["CREATE"]));
    expect(await contentRows(result.datasetId)).toBe(n);
    expect(await count(sql`SELECT count(*)::int AS count FROM upsert_sessions s JOIN datasets d ON d.id = s.dataset_id WHERE d.name = 'fi-sync'`)).toBe(
      0,
    );

    // The same examples again: answered by begin, nothing sent.
    const same = recordingTransport();
    const again = await sync("fi-sync", examples, { transport: same.transport });
    expect(again).toMatchObject({ noop: true, versionNumber: 1, versionId: result.versionId });
    expect(again.summary).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: n });
    expect(same.calls).toEqual(["upsertBegin"]);

    // A change: the dataset has a version, so the manifest goes in manifest calls and the change is a PATCH.
    const changed = examples.map((e, i) => (i === 5 || i === 2_000 ? example(e.sourceId, `changed ${i}`) : e));
    const second = recordingTransport();
    const v2 = await sync("fi-sync", changed, { transport: second.transport });
    expect(second.begins[0].baseVersion).toBe(1);
    expect(second.begins[0].manifestWithPayloads).toBeUndefined();
    expect(second.calls).toContain("upsertManifest");
    expect(second.payloads.flatMap((p) => p.examples.map((e) => e.sourceId)).sort()).toEqual([ids[5], ids[2_000]].sort());
    for (const call of second.payloads) {
      expect(call.position).toBeUndefined();
      expect(call.examples.every((e) => e.hash === undefined)).toBe(true);
    }
    expect(v2).toMatchObject({ versionNumber: 2, noop: false });
    expect(v2.summary).toEqual({ added: 0, updated: 2, deleted: 0, unchanged: n - 2 });
    expect(await revisionKinds(result.datasetId, 2)).toEqual({ [ids[5]]: "PATCH", [ids[2_000]]: "PATCH" });
    const latest = await examplesAt(result.datasetId);
    expect(latest.map((e) => e.sourceId)).toEqual(ids);
    expect(latest[5].input.question).toBe("changed 5");
    expect(latest[2_000].input.question).toBe("changed 2000");
  });

  it("stores content shared by several examples once, within a call and across calls", async () => {
    const c = caller();
    const same = (id: string) => example(id, "same question", "same answer");
    const begin = await c.datasets.upsertBegin({ datasetName: "fi-shared", exampleCount: 5, manifestWithPayloads: true });
    const S = begin.sessionId;
    await c.datasets.upsertPayload({ sessionId: S, position: 0, examples: await hashedAll([same("a"), same("b"), example("c", "C")]) });
    await c.datasets.upsertPayload({ sessionId: S, position: 3, examples: await hashedAll([same("d"), example("e", "C")]) });
    const committed = await c.datasets.upsertCommit({ sessionId: S });
    expect(committed.summary).toEqual({ added: 5, updated: 0, deleted: 0, unchanged: 0 });
    expect(await contentRows(begin.datasetId)).toBe(2);
    expect(await contentAt(begin.datasetId)).toEqual({ a: "same question", b: "same question", c: "C", d: "same question", e: "C" });
  });

  it("rejects a payload whose hash does not match its content, naming the source id; nothing is stored", async () => {
    const c = caller();
    const begin = await c.datasets.upsertBegin({ datasetName: "fi-mismatch", exampleCount: 2, manifestWithPayloads: true });
    expect(begin).toMatchObject({ baseVersion: 0, manifestWithPayloads: true });
    const good = await hashed(example("good", "G"));
    const liar = await hashed(example("liar", "L"));
    const error = await errorOf(
      c.datasets.upsertPayload({ sessionId: begin.sessionId, position: 0, examples: [good, { ...liar, input: { question: "tampered" } }] }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain('"liar"');
    expect(error.message).not.toContain('"good"');
    expect(detailsOf(error)).toMatchObject({ mismatched: ["liar"] });
    expect(await payloadEntryRows(begin.sessionId)).toBe(0);
    expect(await contentRows(begin.datasetId)).toBe(0);
    // The place is still free: the right content goes there and commits.
    await c.datasets.upsertPayload({ sessionId: begin.sessionId, position: 0, examples: [good, liar] });
    const committed = await c.datasets.upsertCommit({ sessionId: begin.sessionId });
    expect(committed).toMatchObject({ versionNumber: 1, summary: { added: 2, updated: 0, deleted: 0, unchanged: 0 } });
    expect(await contentAt(begin.datasetId)).toEqual({ good: "G", liar: "L" });
  });

  it("rejects a payload call without position, an example without hash, entries past exampleCount, a position sent twice, and manifest calls", async () => {
    const c = caller();
    const examples = await hashedAll([example("a", "A"), example("b", "B"), example("c", "C")]);
    const begin = await c.datasets.upsertBegin({ datasetName: "fi-invalid", exampleCount: 3, manifestWithPayloads: true });
    expect(begin.manifestWithPayloads).toBe(true);
    const S = begin.sessionId;

    const noPosition = await errorOf(c.datasets.upsertPayload({ sessionId: S, examples: examples.slice(0, 2) }));
    expect(noPosition.code).toBe("BAD_REQUEST");
    expect(noPosition.message).toContain("position");

    const { hash: _dropped, ...unhashedB } = examples[1];
    const noHash = await errorOf(c.datasets.upsertPayload({ sessionId: S, position: 0, examples: [examples[0], unhashedB] }));
    expect(noHash.code).toBe("BAD_REQUEST");
    expect(noHash.message).toContain('"b"');
    expect(noHash.message).not.toContain('"a"');

    const past = await errorOf(c.datasets.upsertPayload({ sessionId: S, position: 2, examples: examples.slice(1, 3) }));
    expect(past.code).toBe("BAD_REQUEST");
    expect(past.message).toContain("3");
    const atEnd = await errorOf(c.datasets.upsertPayload({ sessionId: S, position: 3, examples: [await hashed(example("d", "D"))] }));
    expect(atEnd.code).toBe("BAD_REQUEST");

    const manifest = await errorOf(c.datasets.upsertManifest({ sessionId: S, entries: examples.map((e) => [e.sourceId, e.hash] as [string, string]) }));
    expect(manifest.code).toBe("BAD_REQUEST");
    expect(await count(sql`SELECT count(*)::int AS count FROM upsert_entries WHERE session_id = ${S}`)).toBe(0);

    // None of those was kept.
    expect(await payloadEntryRows(S)).toBe(0);
    expect(await contentRows(begin.datasetId)).toBe(0);

    await c.datasets.upsertPayload({ sessionId: S, position: 0, examples: examples.slice(0, 2) });
    const twice = await errorOf(c.datasets.upsertPayload({ sessionId: S, position: 0, examples: [await hashed(example("z", "Z"))] }));
    expect(twice.code).toBe("BAD_REQUEST");
    expect(twice.message).toContain("0");
    expect(await payloadEntryRows(S)).toBe(1);
    // The rejected second call stored nothing: only a and b's contents.
    expect(await contentHashesOf(begin.datasetId)).toEqual([examples[0].hash, examples[1].hash].sort());

    await c.datasets.upsertPayload({ sessionId: S, position: 2, examples: [examples[2]] });
    const committed = await c.datasets.upsertCommit({ sessionId: S });
    expect(committed.summary).toEqual({ added: 3, updated: 0, deleted: 0, unchanged: 0 });
    expect((await examplesAt(begin.datasetId)).map((e) => e.sourceId)).toEqual(["a", "b", "c"]);
  });

  it("refuses an exampleCount or a position past 2^31 - 1 (stored as 32-bit integers) as bad input", async () => {
    const c = caller();
    const tooMany = await errorOf(c.datasets.upsertBegin({ datasetName: "fi-bounds", exampleCount: 2 ** 31, manifestWithPayloads: true }));
    expect(tooMany.code).toBe("BAD_REQUEST");
    expect(tooMany.message).toContain("exampleCount");
    const begin = await c.datasets.upsertBegin({ datasetName: "fi-bounds", exampleCount: 1, manifestWithPayloads: true });
    const far = await errorOf(c.datasets.upsertPayload({ sessionId: begin.sessionId, position: 2 ** 31, examples: await hashedAll([example("a", "A")]) }));
    expect(far.code).toBe("BAD_REQUEST");
    expect(far.message).toContain("position");
  });

  it("begin with manifestWithPayloads needs exampleCount", async () => {
    const error = await errorOf(caller().datasets.upsertBegin({ datasetName: "fi-no-count", manifestWithPayloads: true }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("exampleCount");
  });

  it("rejects hash and position in a normal session (a dataset with a version, or begin without manifestWithPayloads)", async () => {
    const c = caller();
    // A dataset with a version: manifestWithPayloads is asked for but not taken.
    const v1 = await sync("fi-normal", [example("a", "A")]);
    const b = await hashed(example("b", "B"));
    const versioned = await c.datasets.upsertBegin({ datasetName: "fi-normal", exampleCount: 2, manifestWithPayloads: true });
    expect(versioned.baseVersion).toBe(1);
    expect(versioned.manifestWithPayloads).toBeUndefined();
    const { needed } = await c.datasets.upsertManifest({
      sessionId: versioned.sessionId,
      entries: [
        ["a", await contentHash(example("a", "A"))],
        ["b", b.hash],
      ],
    });
    expect(needed).toEqual(["b"]);
    const { hash: _h, ...plainB } = b;
    const withHash = await errorOf(c.datasets.upsertPayload({ sessionId: versioned.sessionId, examples: [b] }));
    expect(withHash.code).toBe("BAD_REQUEST");
    const withPosition = await errorOf(c.datasets.upsertPayload({ sessionId: versioned.sessionId, position: 0, examples: [plainB] }));
    expect(withPosition.code).toBe("BAD_REQUEST");
    // The normal way still works.
    await c.datasets.upsertPayload({ sessionId: versioned.sessionId, examples: [plainB] });
    const v2 = await c.datasets.upsertCommit({ sessionId: versioned.sessionId });
    expect(v2).toMatchObject({ versionNumber: 2, summary: { added: 1, updated: 0, deleted: 0, unchanged: 1 } });
    expect(await contentAt(v1.datasetId)).toEqual({ a: "A", b: "B" });

    // A new dataset, begun without manifestWithPayloads: a normal session too.
    const plain = await c.datasets.upsertBegin({ datasetName: "fi-normal-new", exampleCount: 1 });
    expect(plain.manifestWithPayloads).toBeUndefined();
    await c.datasets.upsertManifest({ sessionId: plain.sessionId, entries: [["b", b.hash]] });
    expect((await errorOf(c.datasets.upsertPayload({ sessionId: plain.sessionId, examples: [b] }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(c.datasets.upsertPayload({ sessionId: plain.sessionId, position: 0, examples: [plainB] }))).code).toBe("BAD_REQUEST");
    expect(await contentRows(plain.datasetId)).toBe(0);
    await c.datasets.upsertPayload({ sessionId: plain.sessionId, examples: [plainB] });
    expect((await c.datasets.upsertCommit({ sessionId: plain.sessionId })).summary).toEqual({ added: 1, updated: 0, deleted: 0, unchanged: 0 });
  });

  it("a commit with a gap in the positions is a BAD_REQUEST naming them, writes nothing; once the gap is filled it commits", async () => {
    const c = caller();
    const examples = await hashedAll(["f", "a", "e", "b", "d", "c"].map((id) => example(id, id.toUpperCase())));
    const begin = await c.datasets.upsertBegin({ datasetName: "fi-gap", exampleCount: 6, manifestWithPayloads: true });
    const S = begin.sessionId;
    await c.datasets.upsertPayload({ sessionId: S, position: 4, examples: examples.slice(4, 6) });
    await c.datasets.upsertPayload({ sessionId: S, position: 0, examples: examples.slice(0, 2) });
    const gap = await errorOf(c.datasets.upsertCommit({ sessionId: S }));
    expect(gap.code).toBe("BAD_REQUEST");
    expect(gap.message).toContain("payloads missing for 2 of the manifest's 6 entries");
    expect(gap.message).toContain("positions 2-3");
    expect(detailsOf(gap)).toEqual({ count: 2 });
    expect(await versionRows(begin.datasetId)).toBe(0);
    expect(await exampleRows(begin.datasetId)).toBe(0);
    expect(await c.datasets.get({ datasetName: "fi-gap" })).toMatchObject({ latestVersion: null, exampleCount: 0 });
    // The session stays open: the missing call completes it.
    expect(await sessionRows(S)).toBe(1);
    await c.datasets.upsertPayload({ sessionId: S, position: 2, examples: examples.slice(2, 4) });
    const committed = await c.datasets.upsertCommit({ sessionId: S });
    expect(committed).toMatchObject({ versionNumber: 1, noop: false, summary: { added: 6, updated: 0, deleted: 0, unchanged: 0 } });
    expect((await examplesAt(begin.datasetId)).map((e) => e.sourceId)).toEqual(["f", "a", "e", "b", "d", "c"]);
    expect(await revisionKinds(begin.datasetId, 1)).toEqual({ a: "CREATE", b: "CREATE", c: "CREATE", d: "CREATE", e: "CREATE", f: "CREATE" });
    expect(await sessionRows(S)).toBe(0);
    expect(await payloadEntryRows(S)).toBe(0);
  });

  it("a gap at the end, and overlapping calls, are BAD_REQUESTs at commit", async () => {
    const c = caller();
    const examples = await hashedAll(["a", "b", "c", "d"].map((id) => example(id, id)));
    const tail = await c.datasets.upsertBegin({ datasetName: "fi-tail", exampleCount: 4, manifestWithPayloads: true });
    await c.datasets.upsertPayload({ sessionId: tail.sessionId, position: 0, examples: examples.slice(0, 3) });
    const missing = await errorOf(c.datasets.upsertCommit({ sessionId: tail.sessionId }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.message).toContain("payloads missing for 1 of the manifest's 4 entries (positions 3-3)");

    const overlap = await c.datasets.upsertBegin({ datasetName: "fi-overlap", exampleCount: 4, manifestWithPayloads: true });
    await c.datasets.upsertPayload({ sessionId: overlap.sessionId, position: 0, examples: examples.slice(0, 3) });
    await c.datasets.upsertPayload({ sessionId: overlap.sessionId, position: 2, examples: examples.slice(2, 4) });
    const error = await errorOf(c.datasets.upsertCommit({ sessionId: overlap.sessionId }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("overlap");
    expect(await versionRows(overlap.datasetId)).toBe(0);
    expect(await exampleRows(overlap.datasetId)).toBe(0);
  });

  it("a source id sent in two calls: the commit is a BAD_REQUEST naming it, drops the session and its contents, writes nothing", async () => {
    const c = caller();
    const begin = await c.datasets.upsertBegin({ datasetName: "fi-dup", exampleCount: 4, manifestWithPayloads: true });
    const S = begin.sessionId;
    await c.datasets.upsertPayload({ sessionId: S, position: 0, examples: await hashedAll([example("a", "A"), example("b", "B")]) });
    await c.datasets.upsertPayload({ sessionId: S, position: 2, examples: await hashedAll([example("c", "C"), example("a", "A again")]) });
    expect(await contentRows(begin.datasetId)).toBe(4);
    const error = await errorOf(c.datasets.upsertCommit({ sessionId: S }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("duplicate source ids in one upsert");
    expect(error.message).toContain('"a"');
    expect(error.message).not.toContain('"b"');
    expect(detailsOf(error)).toEqual({ duplicates: ["a"] });
    expect(await versionRows(begin.datasetId)).toBe(0);
    expect(await exampleRows(begin.datasetId)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS count FROM example_revisions WHERE dataset_id = ${begin.datasetId}`)).toBe(0);
    expect(await sessionRows(S)).toBe(0);
    expect(await payloadEntryRows(S)).toBe(0);
    expect(await contentRows(begin.datasetId)).toBe(0);
    expect((await errorOf(c.datasets.upsertCommit({ sessionId: S }))).code).toBe("NOT_FOUND");
    expect(await c.datasets.get({ datasetName: "fi-dup" })).toMatchObject({ latestVersion: null, exampleCount: 0 });
  });

  it("abort drops the session's payload calls and the contents it stored, keeping those another open session stored too", async () => {
    const c = caller();
    const mine = await c.datasets.upsertBegin({ datasetName: "fi-abort", exampleCount: 4, manifestWithPayloads: true });
    const theirs = await c.datasets.upsertBegin({ datasetName: "fi-abort", exampleCount: 2, manifestWithPayloads: true });
    expect(theirs).toMatchObject({ datasetId: mine.datasetId, manifestWithPayloads: true });
    const [only, shared] = await hashedAll([example("x", "only mine"), example("s", "shared")]);
    const [other] = await hashedAll([example("y", "only theirs")]);
    await c.datasets.upsertPayload({ sessionId: mine.sessionId, position: 0, examples: [only, shared] });
    await c.datasets.upsertPayload({ sessionId: mine.sessionId, position: 2, examples: await hashedAll([example("z", "Z"), example("w", "W")]) });
    await c.datasets.upsertPayload({ sessionId: theirs.sessionId, position: 0, examples: [shared, other] });
    expect(await payloadEntryRows(mine.sessionId)).toBe(2);
    expect(await contentRows(mine.datasetId)).toBe(5);

    expect(await c.datasets.upsertAbort({ sessionId: mine.sessionId })).toEqual({ sessionId: mine.sessionId, aborted: true });
    expect(await sessionRows(mine.sessionId)).toBe(0);
    expect(await payloadEntryRows(mine.sessionId)).toBe(0);
    expect(await contentHashesOf(mine.datasetId)).toEqual([shared.hash, other.hash].sort());
    expect((await errorOf(c.datasets.upsertCommit({ sessionId: mine.sessionId }))).code).toBe("NOT_FOUND");

    // The other session is whole.
    const committed = await c.datasets.upsertCommit({ sessionId: theirs.sessionId });
    expect(committed.summary).toEqual({ added: 2, updated: 0, deleted: 0, unchanged: 0 });
    expect(await contentAt(mine.datasetId)).toEqual({ s: "shared", y: "only theirs" });
    // Aborting the last session of a dataset with nothing else: every content it stored goes.
    const lone = await c.datasets.upsertBegin({ datasetName: "fi-abort-lone", exampleCount: 2, manifestWithPayloads: true });
    await c.datasets.upsertPayload({ sessionId: lone.sessionId, position: 0, examples: await hashedAll([example("a", "A"), example("b", "B")]) });
    expect(await contentRows(lone.datasetId)).toBe(2);
    expect((await c.datasets.upsertAbort({ sessionId: lone.sessionId })).aborted).toBe(true);
    expect(await payloadEntryRows(lone.sessionId)).toBe(0);
    expect(await contentRows(lone.datasetId)).toBe(0);
  });

  it("two first imports of one new dataset by hand: the second commit is a CONFLICT, the first one's version stands", async () => {
    const c = caller();
    const one = await c.datasets.upsertBegin({ datasetName: "fi-conflict", exampleCount: 2, manifestWithPayloads: true });
    const two = await c.datasets.upsertBegin({ datasetName: "fi-conflict", exampleCount: 2, manifestWithPayloads: true });
    expect(one).toMatchObject({ baseVersion: 0, created: true, manifestWithPayloads: true });
    expect(two).toMatchObject({ datasetId: one.datasetId, baseVersion: 0, created: false, manifestWithPayloads: true });
    const oneExamples = await hashedAll([example("a", "A"), example("b", "one")]);
    const twoExamples = await hashedAll([example("a", "A"), example("b", "two")]);
    await c.datasets.upsertPayload({ sessionId: one.sessionId, position: 0, examples: oneExamples });
    await c.datasets.upsertPayload({ sessionId: two.sessionId, position: 0, examples: twoExamples });

    const won = await c.datasets.upsertCommit({ sessionId: two.sessionId });
    expect(won).toMatchObject({ versionNumber: 1, summary: { added: 2, updated: 0, deleted: 0, unchanged: 0 } });
    const error = await errorOf(c.datasets.upsertCommit({ sessionId: one.sessionId }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("version 1");
    expect(await versionNumbers(one.datasetId)).toEqual([1]);
    expect(await contentAt(one.datasetId)).toEqual({ a: "A", b: "two" });
    expect(await exampleRows(one.datasetId)).toBe(2);
    // The loser's session is gone, with the content only it had stored.
    expect(await sessionRows(one.sessionId)).toBe(0);
    expect(await payloadEntryRows(one.sessionId)).toBe(0);
    expect(await contentHashesOf(one.datasetId)).toEqual([twoExamples[0].hash, twoExamples[1].hash].sort());
    expect((await errorOf(c.datasets.upsertCommit({ sessionId: one.sessionId }))).code).toBe("NOT_FOUND");
  });

  it("two syncs of one new dataset, both planned as first imports: one lands as v1, the other re-plans with manifest calls and lands as v2", async () => {
    const left = [example("a", "A"), example("b", "B"), example("c", "C left")];
    const right = [example("b", "B"), example("c", "C right"), example("d", "D")];
    // Each sync's first commit waits until both have reached theirs: both plans are first imports.
    let arrived = 0;
    let release = () => {};
    const bothAtCommit = new Promise<void>((resolve) => (release = resolve));
    const gated = () => {
      const recorder = recordingTransport();
      let commits = 0;
      const inner = recorder.transport;
      const t: SyncTransport = {
        upsertBegin: (input) => inner.upsertBegin(input),
        upsertManifest: (input) => inner.upsertManifest(input),
        upsertPayload: (input) => inner.upsertPayload(input),
        upsertAbort: (input) => inner.upsertAbort(input),
        upsertCommit: async (input) => {
          if (commits++ === 0) {
            if (++arrived === 2) release();
            await bothAtCommit;
          }
          return inner.upsertCommit(input);
        },
      };
      return { ...recorder, transport: t };
    };
    const [l, r] = [gated(), gated()];
    const results = await Promise.all([
      sync("fi-race", left, { transport: l.transport }),
      sync("fi-race", right, { transport: r.transport }),
    ]);
    expect(results.map((x) => x.versionNumber).sort()).toEqual([1, 2]);
    const [firstAt, secondAt] = results[0].versionNumber === 1 ? [0, 1] : [1, 0];
    const inputs = [left, right];
    const recorders = [l, r];
    const [first, second] = [inputs[firstAt], inputs[secondAt]];
    const winner = recorders[firstAt];
    const loser = recorders[secondAt];

    // Both first plans took the manifest with the payloads.
    expect(winner.begins.map((b) => [b.baseVersion, b.manifestWithPayloads])).toEqual([[0, true]]);
    expect(winner.calls).not.toContain("upsertManifest");
    expect(results[firstAt].attempts).toBe(1);
    expect(results[firstAt].summary).toEqual({ added: 3, updated: 0, deleted: 0, unchanged: 0 });
    // The loser's commit was a CONFLICT; its second plan had a base version, hence manifest calls.
    expect(loser.begins.map((b) => [b.baseVersion, b.manifestWithPayloads])).toEqual([
      [0, true],
      [1, undefined],
    ]);
    const replan = loser.calls.slice(loser.calls.lastIndexOf("upsertBegin"));
    expect(replan).toContain("upsertManifest");
    expect(loser.calls.slice(0, loser.calls.lastIndexOf("upsertBegin"))).not.toContain("upsertManifest");
    expect(results[secondAt].attempts).toBe(2);
    // left -> right or right -> left: one added, one updated (c), one deleted, one unchanged (b).
    expect(results[secondAt].summary).toEqual({ added: 1, updated: 1, deleted: 1, unchanged: 1 });

    const datasetId = results[0].datasetId;
    expect(results[1].datasetId).toBe(datasetId);
    expect(await versionNumbers(datasetId)).toEqual([2, 1]);
    const contentOf = (examples: SyncExample[]) => Object.fromEntries(examples.map((e) => [e.sourceId, e.input.question]));
    expect(await contentAt(datasetId, 1)).toEqual(contentOf(first));
    expect(await contentAt(datasetId, 2)).toEqual(contentOf(second));
    expect(await contentAt(datasetId)).toEqual(contentOf(second));
    expect(new Set(Object.values(await revisionKinds(datasetId, 1)))).toEqual(new Set(["CREATE"]));
    const addedId = second.find((e) => !first.some((f) => f.sourceId === e.sourceId))?.sourceId as string;
    const deletedId = first.find((e) => !second.some((f) => f.sourceId === e.sourceId))?.sourceId as string;
    expect(await revisionKinds(datasetId, 2)).toEqual({ [addedId]: "CREATE", c: "PATCH", [deletedId]: "DELETE" });
    // No session left, and no content that no revision uses (the loser's first upload was dropped).
    expect(await count(sql`SELECT count(*)::int AS count FROM upsert_sessions WHERE dataset_id = ${datasetId}`)).toBe(0);
    expect(
      await count(sql`SELECT count(*)::int AS count FROM example_contents c WHERE c.dataset_id = ${datasetId}
                      AND NOT EXISTS (SELECT 1 FROM example_revisions r WHERE r.dataset_id = ${datasetId} AND r.hash = c.hash)`),
    ).toBe(0);
  });

  it("two concurrent syncs of one new dataset name (no ordering forced) both land as versions 1 and 2", async () => {
    const left = Array.from({ length: 40 }, (_, i) => example(`k${i}`, `left ${i}`));
    const right = Array.from({ length: 40 }, (_, i) => example(`k${i + 10}`, `right ${i}`));
    const results = await Promise.all([sync("fi-race-free", left, { payloadChunkCount: 7 }), sync("fi-race-free", right, { payloadChunkCount: 7 })]);
    expect(results.map((x) => x.versionNumber).sort()).toEqual([1, 2]);
    const datasetId = results[0].datasetId;
    expect(results[1].datasetId).toBe(datasetId);
    const [first, second] = results[0].versionNumber === 1 ? [left, right] : [right, left];
    const secondResult = results[0].versionNumber === 2 ? results[0] : results[1];
    expect(secondResult.summary).toEqual({ added: 10, updated: 30, deleted: 10, unchanged: 0 });
    expect(await versionNumbers(datasetId)).toEqual([2, 1]);
    const contentOf = (examples: SyncExample[]) => Object.fromEntries(examples.map((e) => [e.sourceId, e.input.question]));
    expect(await contentAt(datasetId, 1)).toEqual(contentOf(first));
    expect(await contentAt(datasetId)).toEqual(contentOf(second));
    for (const version of (await caller().versions.list({ datasetId, limit: 10 })).items) {
      expect(version.exampleCount).toBe((await examplesAt(datasetId, version.number)).length);
    }
  });

  it("an empty first import with manifestWithPayloads commits as a no-op without a version", async () => {
    const c = caller();
    const begin = await c.datasets.upsertBegin({ datasetName: "fi-empty", exampleCount: 0, manifestWithPayloads: true });
    expect(begin).toMatchObject({ baseVersion: 0, manifestWithPayloads: true });
    const past = await errorOf(c.datasets.upsertPayload({ sessionId: begin.sessionId, position: 0, examples: [await hashed(example("a", "A"))] }));
    expect(past.code).toBe("BAD_REQUEST");
    const committed = await c.datasets.upsertCommit({ sessionId: begin.sessionId });
    expect(committed).toEqual({
      datasetId: begin.datasetId,
      versionId: null,
      versionNumber: 0,
      summary: { added: 0, updated: 0, deleted: 0, unchanged: 0 },
      noop: true,
    });
    expect(await versionRows(begin.datasetId)).toBe(0);
    expect(await sessionRows(begin.sessionId)).toBe(0);
    expect(await contentRows(begin.datasetId)).toBe(0);
    expect(await c.datasets.get({ datasetName: "fi-empty" })).toMatchObject({ latestVersion: null, exampleCount: 0 });

    // Through syncDataset too: a session that takes the manifest with the payloads, no call but begin and commit.
    const recorder = recordingTransport();
    const result = await sync("fi-empty-sync", [], { transport: recorder.transport });
    expect(recorder.begins[0].manifestWithPayloads).toBe(true);
    expect(recorder.calls).toEqual(["upsertBegin", "upsertCommit"]);
    expect(result).toMatchObject({ versionId: null, versionNumber: 0, noop: true, summary: { added: 0, updated: 0, deleted: 0, unchanged: 0 } });
  });
});
