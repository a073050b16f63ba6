import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { contentHashes } from "@/lib/hash";
import { BUCKET_MIN_EXAMPLES, bucketDigests, bucketOf, bucketsDigest, foldBucketDigests } from "@/lib/manifest-buckets";
import { manifestDigest } from "@/lib/manifest-digest";
import { syncDataset, type SyncExample, type SyncOptions, type SyncTransport } from "@/lib/sync";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { errorOf } from "@/test/errors";
import { createCaller } from "../trpc/caller";
import { entryDigest, touchedBuckets } from "./manifest-buckets";
import { backgroundSettled } from "./background";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const N = BUCKET_MIN_EXAMPLES + 1_000;
// Source ids of every UTF-8 width (the entry digest hashes their bytes).
const idOf = (i: number) => (i % 4 === 0 ? `ex-${i}` : i % 4 === 1 ? `é-${i}` : i % 4 === 2 ? `日本-${i}` : `😀-${i}`);
const base: SyncExample[] = Array.from({ length: N }, (_, i) => ({ sourceId: idOf(i), input: { q: `question ${i}` } }));
// 1% changed, 0.5% removed, 0.5% added.
const kept = base.filter((_, i) => i % 200 !== 7);
const changed: SyncExample[] = [
  ...kept.map((e, i) => (i % 100 === 3 ? { ...e, output: { a: "revised" } } : e)),
  ...Array.from({ length: N / 200 }, (_, i) => ({ sourceId: `new-${i}`, input: { q: `new ${i}` } })),
];
const revised = kept.filter((_, i) => i % 100 === 3).length;
const removed = N - kept.length;

/** The datasets transport, counting the manifest entries sent. */
function counting() {
  const sent = { entries: 0 };
  const inner = createCaller(database).datasets;
  const transport: SyncTransport = {
    upsertBegin: (input) => inner.upsertBegin(input),
    upsertManifest: (input) => ((sent.entries += input.entries.length), inner.upsertManifest(input)),
    upsertPayload: (input) => inner.upsertPayload(input),
    upsertCommit: (input) => inner.upsertCommit(input),
    upsertAbort: (input) => inner.upsertAbort(input),
  };
  return { transport, sent };
}

async function sync(datasetName: string, examples: SyncExample[], options: Partial<SyncOptions> = {}) {
  const { transport, sent } = counting();
  const result = await syncDataset({ transport, dataset: { datasetName }, examples, ...options });
  return { ...result, entriesSent: sent.entries };
}

/** (source id, content hash) of every example in force at the latest version. */
async function latest(datasetId: string) {
  return rows<{ source_id: string; latest_hash: string }>(
    database.db,
    sql`SELECT source_id, latest_hash FROM examples WHERE dataset_id = ${datasetId} AND latest_hash IS NOT NULL ORDER BY source_id`,
  );
}

/** The dataset's cached bucket digests (after any fill running in the background). */
async function cached(datasetId: string) {
  await backgroundSettled(database.db);
  const [row] = await rows<{ version: number; digests: string }>(
    database.db,
    sql`SELECT version, digests FROM dataset_bucket_digests WHERE dataset_id = ${datasetId}`,
  );
  return row && { version: Number(row.version), digests: row.digests };
}

describe(`bucketed manifests (${testDriver()})`, () => {
  it("the SQL entry digest gives the vectors PostgreSQL computed (what lib/entry-digest.ts is checked against)", async () => {
    const { cases } = JSON.parse(readFileSync(path.join(process.cwd(), "test/fixtures/entry-digests.json"), "utf8")) as {
      cases: { sourceId: string; hash: string; digest: string }[];
    };
    const found = await rows<{ digest: string }>(
      database.db,
      sql`SELECT ${entryDigest(sql`(c.e->>'sourceId')`, sql`(c.e->>'hash')`)}::text AS digest
          FROM jsonb_array_elements(${JSON.stringify(cases)}::jsonb) WITH ORDINALITY AS c(e, n) ORDER BY n`,
    );
    expect(found.map((row) => row.digest)).toEqual(cases.map((c) => c.digest));
  });

  it("the client's bucket digests and the server's agree, and a change touches the buckets of its old and new hash", async () => {
    const v1 = await sync("digests", base);
    const hashes = await contentHashes(base);
    const ids = base.map((e) => e.sourceId);
    for (const digits of [3, 4] as const) {
      expect(await touchedBuckets(database.db, v1.datasetId, 1, digits, bucketDigests(ids, hashes, digits)!)).toEqual([]);
    }
    const edited = [...hashes];
    const [revised] = await contentHashes([{ ...base[5], output: { a: "other" } }]);
    edited[5] = revised;
    const expected = [...new Set([bucketOf(hashes[5], 4), bucketOf(revised, 4)])].sort((a, b) => a - b);
    expect(await touchedBuckets(database.db, v1.datasetId, 1, 4, bucketDigests(ids, edited, 4)!)).toEqual(expected);
    expect(foldBucketDigests(bucketDigests(ids, edited, 4)!)).toBe(bucketDigests(ids, edited, 3));
  });

  it("keeps the server's digests per version: filled once, refilled for a newer version, all buckets touched on a stale base", async () => {
    const v1 = await sync("cached", base);
    const ids = base.map((e) => e.sourceId);
    const hashes = await contentHashes(base);
    const mine = bucketDigests(ids, hashes, 4)!;
    expect(await touchedBuckets(database.db, v1.datasetId, 1, 4, mine)).toEqual([]);
    expect(await cached(v1.datasetId)).toEqual({ version: 1, digests: mine });
    // The version's manifest digest is left to the first begin that sends one, and is the client's.
    const digestOf = async () =>
      (await rows<{ digest: string | null }>(database.db, sql`SELECT manifest_digest AS digest FROM dataset_versions WHERE dataset_id = ${v1.datasetId} AND number = 1`))[0]
        .digest;
    await backgroundSettled(database.db);
    expect(await digestOf()).toBeNull();
    expect(await sync("cached", base, { buckets: false })).toMatchObject({ noop: true, entriesSent: 0 });
    expect(await digestOf()).toBe(await manifestDigest(ids, hashes));
    // A wrong cache row of the version is what the comparison reads (it is not recomputed).
    await database.db.execute(sql`UPDATE dataset_bucket_digests SET digests = ${"1234567890abcdef" + mine.slice(16)} WHERE dataset_id = ${v1.datasetId}`);
    expect(await touchedBuckets(database.db, v1.datasetId, 1, 4, mine)).toEqual([0]);
    await database.db.execute(sql`UPDATE dataset_bucket_digests SET digests = ${mine} WHERE dataset_id = ${v1.datasetId}`);

    const v2 = await sync("cached", changed);
    expect(v2.versionNumber).toBe(2);
    const now = bucketDigests(changed.map((e) => e.sourceId), await contentHashes(changed), 4)!;
    expect(await touchedBuckets(database.db, v1.datasetId, 2, 4, now)).toEqual([]);
    expect(await cached(v1.datasetId)).toEqual({ version: 2, digests: now });
    // Planned against v1, now stale: every bucket, so the client lists its whole manifest.
    expect(await touchedBuckets(database.db, v1.datasetId, 1, 3, foldBucketDigests(now))).toHaveLength(4_096);
  });

  it("fills a version's digests from its predecessor's and its changes: patches, deletions, additions, reappearing examples, merges", async () => {
    const clientDigests = async (examples: SyncExample[]) =>
      bucketDigests(
        examples.map((e) => e.sourceId),
        await contentHashes(examples),
        4,
      )!;
    const v1 = await sync("incremental", base);
    expect(await cached(v1.datasetId)).toEqual({ version: 1, digests: await clientDigests(base) });
    // v2: 1% patched, 0.5% deleted, 0.5% added; v3: back to base (the deleted reappear, the added go).
    expect((await sync("incremental", changed)).summary).toMatchObject({ updated: revised, deleted: removed });
    expect(await cached(v1.datasetId)).toEqual({ version: 2, digests: await clientDigests(changed) });
    expect((await sync("incremental", base)).summary).toMatchObject({ added: removed, updated: revised, deleted: N / 200 });
    expect(await cached(v1.datasetId)).toEqual({ version: 3, digests: await clientDigests(base) });

    // v4 in merge mode. The cached v3 row is altered in a bucket v4 does not touch: v4's row keeps
    // the alteration, so it was made from v3's row, not from every example.
    const edits = base.slice(0, 40).map((e) => ({ ...e, metadata: { merged: true } }));
    const after = [...edits, ...base.slice(40)];
    const touched = new Set((await contentHashes([...base.slice(0, 40), ...edits])).map((hash) => bucketOf(hash, 4)));
    const untouched = [...Array(65_536).keys()].find((b) => !touched.has(b))!;
    const v3 = await clientDigests(base);
    const altered = (digests: string) => `${digests.slice(0, 16 * untouched)}0123456789abcdef${digests.slice(16 * untouched + 16)}`;
    await database.db.execute(sql`UPDATE dataset_bucket_digests SET digests = ${altered(v3)} WHERE dataset_id = ${v1.datasetId}`);
    expect((await sync("incremental", edits, { mode: "merge" })).summary).toMatchObject({ updated: 40, deleted: 0 });
    const v4 = await clientDigests(after);
    expect(v4).not.toBe(v3);
    expect(await cached(v1.datasetId)).toEqual({ version: 4, digests: altered(v4) });
  });

  it("a large no-op is answered at begin by its buckets digest; a digest that does not match takes the full protocol", async () => {
    const begins: Record<string, unknown>[] = [];
    let manifestCalls = 0;
    const inner = createCaller(database).datasets;
    const transport: SyncTransport = {
      ...counting().transport,
      upsertBegin: (input) => (begins.push(input), inner.upsertBegin(input)),
      upsertManifest: (input) => (manifestCalls++, inner.upsertManifest(input)),
    };
    const v1 = await syncDataset({ transport, dataset: { datasetName: "by-buckets" }, examples: base });
    const ids = base.map((e) => e.sourceId);
    const expected = await bucketsDigest(bucketDigests(ids, await contentHashes(base), 4)!, N);
    expect(begins[0]).toMatchObject({ bucketsDigest: expected, exampleCount: N });
    expect(begins[0]).not.toHaveProperty("manifestDigest");

    begins.length = 0;
    manifestCalls = 0;
    const again = await syncDataset({ transport, dataset: { datasetName: "by-buckets" }, examples: [...base].reverse() });
    expect(again).toMatchObject({ noop: true, versionId: v1.versionId, summary: { unchanged: N } });
    expect([begins.length, manifestCalls]).toEqual([1, 0]);
    // The cache keeps the buckets digest, which the begin compares.
    await backgroundSettled(database.db);
    const [row] = await rows<{ buckets_digest: string | null }>(database.db, sql`SELECT buckets_digest FROM dataset_bucket_digests WHERE dataset_id = ${v1.datasetId}`);
    expect(row.buckets_digest).toBe(expected);
    // Another count, or a wrong cache row (its buckets digest, or its digests in a row without
    // one, as filled before the column existed), or a version with an example that has no entry
    // digest ('' in the cache): no shortcut. The commit still finds the no-op.
    const c = createCaller(database);
    const other = await c.datasets.upsertBegin({ datasetName: "by-buckets", bucketsDigest: expected, exampleCount: N - 1 });
    expect(other.noop).toBeFalsy();
    await c.datasets.upsertAbort({ sessionId: other.sessionId });
    await backgroundSettled(database.db);
    const mine = (await cached(v1.datasetId)).digests;
    // (A wrong buckets digest over the right digests: the buckets are compared, none differs.)
    await database.db.execute(sql`UPDATE dataset_bucket_digests SET buckets_digest = ${"0".repeat(64)} WHERE dataset_id = ${v1.datasetId}`);
    manifestCalls = 0;
    expect(await syncDataset({ transport, dataset: { datasetName: "by-buckets" }, examples: base })).toMatchObject({ noop: true, versionNumber: 1 });
    expect(manifestCalls).toBe(1);
    const wrongRows = [
      { digests: "1234567890abcdef" + "0".repeat(16 * 65_535), bucketsDigest: null },
      { digests: "", bucketsDigest: null },
    ];
    for (const wrong of wrongRows) {
      await database.db.execute(
        sql`UPDATE dataset_bucket_digests SET digests = ${wrong.digests}, buckets_digest = ${wrong.bucketsDigest} WHERE dataset_id = ${v1.datasetId}`,
      );
      const slow = await sync("by-buckets", base);
      expect(slow).toMatchObject({ noop: true, versionNumber: 1, entriesSent: N });
    }
    // A row without a buckets digest but with the right digests: the shortcut, from the digests.
    await database.db.execute(sql`UPDATE dataset_bucket_digests SET digests = ${mine}, buckets_digest = NULL WHERE dataset_id = ${v1.datasetId}`);
    manifestCalls = 0;
    expect(await syncDataset({ transport, dataset: { datasetName: "by-buckets" }, examples: base })).toMatchObject({ noop: true });
    expect(manifestCalls).toBe(0);
    // Filled again when missing (as right after a commit).
    await database.db.execute(sql`DELETE FROM dataset_bucket_digests WHERE dataset_id = ${v1.datasetId}`);
    manifestCalls = 0;
    expect(await syncDataset({ transport, dataset: { datasetName: "by-buckets" }, examples: base })).toMatchObject({ noop: true });
    expect(manifestCalls).toBe(0);
  });

  it("a re-sync lists only the touched buckets' entries and writes what the whole manifest writes", async () => {
    const bucketed = await sync("bucketed", base);
    const whole = await sync("whole", base, { buckets: false });
    // A first import lists no entry in manifest calls: its manifest goes with the payloads.
    expect(bucketed.entriesSent).toBe(0);

    const a = await sync("bucketed", changed);
    const b = await sync("whole", changed, { buckets: false });
    expect(b.entriesSent).toBe(changed.length);
    // ~3,000 touched entries over 4,096 buckets touch about half of them; the rest is not listed.
    expect(a.entriesSent).toBeLessThan(0.7 * changed.length);
    expect(a.summary).toEqual({ added: N / 200, updated: revised, deleted: removed, unchanged: kept.length - revised });
    expect(a.summary).toEqual(b.summary);
    expect(await latest(bucketed.datasetId)).toEqual(await latest(whole.datasetId));

    // And the same again: a no-op, from the manifest digest alone.
    expect(await sync("bucketed", changed)).toMatchObject({ noop: true, entriesSent: 0 });
  });

  it("a re-plan after a CONFLICT compares the buckets again, against the version that won", async () => {
    const v1 = await sync("raced", base);
    const mine = base.map((e, i) => (i === 10 ? { ...e, output: { a: "mine" } } : e));
    const theirs = base.map((e, i) => (i === 20 ? { ...e, output: { a: "theirs" } } : e)).filter((_, i) => i !== 30);
    // Theirs starts once mine has begun (on v1), and my commit waits until theirs has landed, so
    // it finds its base stale and plans again.
    let begun: () => void = () => undefined;
    const mineBegun = new Promise<void>((resolve) => (begun = resolve));
    let landed: () => void = () => undefined;
    const theirsLanded = new Promise<void>((resolve) => (landed = resolve));
    const { transport, sent } = counting();
    const held: SyncTransport = {
      ...transport,
      upsertBegin: async (input) => {
        const answer = await transport.upsertBegin(input);
        begun();
        return answer;
      },
      upsertCommit: async (input) => (await theirsLanded, transport.upsertCommit(input)),
    };
    const mySync = syncDataset({ transport: held, dataset: { datasetId: v1.datasetId }, examples: mine });
    await Promise.race([mineBegun, mySync]);
    const theirSync = await sync("raced", theirs);
    landed();
    const my = await mySync;
    expect(theirSync).toMatchObject({ versionNumber: 2, summary: { updated: 1, deleted: 1 } });
    // Against v2, mine changes example 10 and brings back 20 and 30 as they are in the file.
    expect(my).toMatchObject({ versionNumber: 3, attempts: 2, summary: { added: 1, updated: 2, deleted: 0 } });
    expect(sent.entries).toBeLessThan(N);
    const hashes = await contentHashes(mine);
    expect(await latest(v1.datasetId)).toEqual(
      base.map((e, i) => ({ source_id: e.sourceId, latest_hash: hashes[i] })).sort((a, b) => (a.source_id < b.source_id ? -1 : 1)),
    );
  });

  it("in merge mode, examples of touched buckets missing from the file stay", async () => {
    const v1 = await sync("merged", base);
    const v2 = await sync("merged", changed, { mode: "merge" });
    expect(v2.summary).toMatchObject({ added: N / 200, updated: revised, deleted: 0 });
    expect((await latest(v1.datasetId)).length).toBe(N + N / 200);
  });

  it("refuses bucket digests of the wrong size or alphabet, or after the first manifest call, naming the field", async () => {
    const datasets = createCaller(database).datasets;
    await sync("refused", base.slice(0, 10));
    const { sessionId } = await datasets.upsertBegin({ datasetName: "refused" });
    for (const bucketDigests of ["0".repeat(100), "G".repeat(16 ** 3 * 16)]) {
      const error = await errorOf(datasets.upsertManifest({ sessionId, entries: [], bucketDigests }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toContain("bucketDigests");
    }
    const hashes = await contentHashes(base.slice(0, 10));
    await datasets.upsertManifest({ sessionId, entries: [[base[0].sourceId, hashes[0]]] });
    const late = await errorOf(datasets.upsertManifest({ sessionId, entries: [], bucketDigests: "0".repeat(16 ** 3 * 16) }));
    expect(late.code).toBe("BAD_REQUEST");
    expect(late.message).toContain("bucketDigests: only in the first manifest call");
  });
});
