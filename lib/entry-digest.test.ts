import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { entryDigestOf } from "./entry-digest";

// Computed by PostgreSQL (see the file's provenance); server/services/manifest-buckets.test.ts
// checks that both drivers' SQL still gives them.
const vectors = JSON.parse(readFileSync(path.join(process.cwd(), "test/fixtures/entry-digests.json"), "utf8")) as {
  cases: { sourceId: string; hash: string; digest: string }[];
};

/** The entry digest as PostgreSQL prints the bigint: signed, decimal. */
function digestOf(sourceId: string, hash: string): string {
  const out = new Uint32Array(2);
  entryDigestOf(sourceId, hash, out, 0);
  return BigInt.asIntN(64, (BigInt(out[0]) << 32n) | BigInt(out[1])).toString();
}

describe("entry digests", () => {
  it("are PostgreSQL's hashtextextended of the id seeded with the hash's head, for ids of every length and UTF-8 width", () => {
    expect(vectors.cases.length).toBeGreaterThan(50);
    for (const { sourceId, hash, digest } of vectors.cases) expect([sourceId, digestOf(sourceId, hash)]).toEqual([sourceId, digest]);
  });

  it("bind the id to the hash: another id, or another hash head, gives another digest", () => {
    const hash = "0123456789abcdef".repeat(4);
    const digests = new Set([
      digestOf("a", hash),
      digestOf("b", hash),
      digestOf("a", `1${hash.slice(1)}`),
      digestOf("a", `${hash.slice(0, 15)}0${hash.slice(16)}`),
      digestOf("ab", hash),
    ]);
    expect(digests.size).toBe(5);
    // Past the first 16 hex digits the hash is not read: its head is a 64-bit seed.
    expect(digestOf("a", `${hash.slice(0, 16)}${"f".repeat(48)}`)).toBe(digestOf("a", hash));
  });

  it("write their two words where asked, and grow their buffer for long ids", () => {
    const out = new Uint32Array(6).fill(7);
    const long = "é".repeat(500);
    entryDigestOf(long, "ab".repeat(32), out, 2);
    expect([out[0], out[1], out[4], out[5]]).toEqual([7, 7, 7, 7]);
    const again = new Uint32Array(2);
    entryDigestOf(long, "ab".repeat(32), again, 0);
    expect([out[2], out[3]]).toEqual(Array.from(again));
    expect(digestOf("é".repeat(500), "ab".repeat(32))).not.toBe(digestOf("é".repeat(499), "ab".repeat(32)));
  });
});
