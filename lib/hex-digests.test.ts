import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HexDigests } from "./hex-digests";
import { bucketOf } from "./manifest-buckets";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const hashes = Array.from({ length: 10 }, (_, i) => sha(`example ${i}`));
/** Hashes as the SHA-256 worker answers them: their digests' bytes. */
const bytesOf = (some: string[]) => new Uint8Array(Buffer.from(some.join(""), "hex"));

describe("HexDigests", () => {
  it("give back the hashes added as bytes or strings, whatever order the runs came in", () => {
    const digests = new HexDigests(10);
    digests.add(6, bytesOf(hashes.slice(6)));
    digests.add(0, bytesOf(hashes.slice(0, 5)));
    digests.add(5, [hashes[5]]);
    expect(digests.strings()).toEqual(hashes);
    expect([9, 0, 5, 6, 4].map((i) => digests.at(i))).toEqual([9, 0, 5, 6, 4].map((i) => hashes[i]));
    expect(() => digests.at(10)).toThrow("no hash 10 of 10");
    for (const digits of [3, 4] as const) expect(Array.from(digests.buckets(digits))).toEqual(hashes.map((hash) => bucketOf(hash, digits)));
  });

  it("decode long byte runs a window at a time, and take another's runs at an offset", () => {
    const many = Array.from({ length: 2_500 }, (_, i) => sha(`many ${i}`));
    const second = new HexDigests(2_500);
    second.add(1_500, bytesOf(many.slice(1_500)));
    second.add(0, bytesOf(many.slice(0, 1_500)));
    const all = new HexDigests(2_503);
    all.addAll(3, second);
    all.addAll(0, HexDigests.of(hashes.slice(0, 3)));
    expect(all.strings()).toEqual([...hashes.slice(0, 3), ...many]);
    // One at a time, across windows and runs, back and forth.
    for (const i of [2_502, 3, 1_026, 1_027, 2, 1_503, 1_502, 2_000]) expect(all.at(i)).toBe(i < 3 ? hashes[i] : many[i - 3]);
    expect(HexDigests.of([]).strings()).toEqual([]);
  });

  it("refuse to answer with a hash missing, or fewer or more than their length", () => {
    const gap = new HexDigests(10);
    gap.add(0, bytesOf(hashes.slice(0, 4)));
    gap.add(5, hashes.slice(5));
    expect(() => gap.strings()).toThrow("hash 4 is missing");
    const short = new HexDigests(10);
    short.add(0, bytesOf(hashes.slice(0, 9)));
    expect(() => short.buckets(4)).toThrow("9 of 10 hashes");
    const long = new HexDigests(9);
    long.add(0, hashes);
    expect(() => long.strings()).toThrow("10 of 9 hashes");
  });
});
