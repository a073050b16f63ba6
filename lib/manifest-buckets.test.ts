import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { entryDigestOf } from "./entry-digest";
import { contentHashes } from "./hash";
import { bucketDigestBytes, bucketDigests, bucketOf, bucketsDigest, bucketsDigestOfBytes, differingBuckets, foldBucketDigests } from "./manifest-buckets";

/** The definition, spelled out with BigInt: XOR of entry digests (lib/entry-digest.ts, checked against PostgreSQL's) per bucket. */
function reference(ids: string[], hashes: string[], digits: number): string {
  const buckets = new Array<bigint>(16 ** digits).fill(0n);
  const digest = new Uint32Array(2);
  ids.forEach((id, i) => {
    entryDigestOf(id, hashes[i], digest, 0);
    buckets[parseInt(hashes[i].slice(0, digits), 16)] ^= (BigInt(digest[0]) << 32n) | BigInt(digest[1]);
  });
  return buckets.map((b) => b.toString(16).padStart(16, "0")).join("");
}

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

describe("bucket digests", () => {
  it("follow the definition, with ids of every UTF-8 length", () => {
    for (const n of [0, 1, 100, 9_000]) {
      const ids = Array.from({ length: n }, (_, i) => [`a${i}`, `é${i}`, `中${i}`, `😀${i}`][i % 4]);
      const hashes = ids.map((id) => sha(id));
      for (const digits of [3, 4] as const) expect(bucketDigests(ids, hashes, digits)).toBe(reference(ids, hashes, digits));
    }
  });

  it("from entry digests computed with the hashes (on the worker thread and on this one), are the same", async () => {
    // 2,047 examples hash on this thread, 9,000 on the worker (several jobs), with ids of every UTF-8 length.
    for (const n of [2_047, 9_000]) {
      const examples = Array.from({ length: n }, (_, i) => ({ input: { i, text: "é😀".repeat(i % 50) } }));
      const ids = examples.map((_, i) => [`a${i}`, `é${i}`, `中${i}`, `😀${i}`][i % 4]);
      const heads = new Uint32Array(2 * n);
      const hashes = await contentHashes(examples, { entryDigests: { sourceIds: ids, heads } });
      const digest = new Uint32Array(2);
      for (const i of [0, 1, 2, 3, n - 1]) {
        entryDigestOf(ids[i], hashes[i], digest, 0);
        expect([heads[2 * i], heads[2 * i + 1]]).toEqual(Array.from(digest));
      }
      for (const digits of [3, 4] as const) expect(bucketDigests(ids, hashes, digits, heads)).toBe(reference(ids, hashes, digits));
    }
  });

  it("as bytes, spell the same digits, and the buckets digest of either is sha256 of the count, a newline and them", async () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `id-${i}`);
    const hashes = ids.map((id) => sha(`content ${id}`));
    const text = reference(ids, hashes, 4);
    const bytes = bucketDigestBytes(ids, hashes, 4)!;
    expect(Buffer.from(bytes).toString("latin1")).toBe(text);
    expect(await bucketsDigestOfBytes(bytes, 5_000)).toBe(sha(`5000\n${text}`));
    expect(await bucketsDigest(text, 5_000)).toBe(sha(`5000\n${text}`));
    expect(() => bucketsDigestOfBytes(bytes.subarray(16), 5_000)).toThrow("not 65,536 bucket digests");
  });

  it("fold 65,536 buckets into 4,096, and name the buckets that differ", () => {
    const ids = Array.from({ length: 3_000 }, (_, i) => `id-${i}`);
    const hashes = ids.map((id) => sha(id));
    const fine = bucketDigests(ids, hashes, 4)!;
    expect(foldBucketDigests(fine)).toBe(bucketDigests(ids, hashes, 3));
    const edited = [...hashes];
    edited[9] = sha("other");
    const expected = [...new Set([bucketOf(hashes[9], 4), bucketOf(edited[9], 4)])].sort((a, b) => a - b);
    expect(differingBuckets(fine, bucketDigests(ids, edited, 4)!)).toEqual(expected);
    expect(() => foldBucketDigests("0".repeat(64))).toThrow("not 65,536 bucket digests");
    // A bucket differs by any of its 16 digits: here the last of bucket 5, the first of bucket 6, the last bucket's last.
    const digits = [...fine];
    for (const at of [5 * 16 + 15, 6 * 16, 65_535 * 16 + 15]) digits[at] = digits[at] === "0" ? "1" : "0";
    expect(differingBuckets(fine, digits.join(""))).toEqual([5, 6, 65_535]);
    expect(differingBuckets(fine, fine)).toEqual([]);
  });
});
