import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HexDigests } from "./hex-digests";
import { bucketOf } from "./manifest-buckets";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const hashes = Array.from({ length: 10 }, (_, i) => sha(`example ${i}`));

describe("HexDigests", () => {
  it("give back the hashes added as texts of several digests, whatever order the runs came in", () => {
    const digests = new HexDigests(10);
    digests.add(6, [hashes.slice(6, 8).join(""), hashes.slice(8).join("")]);
    digests.add(0, [hashes.slice(0, 4).join(""), hashes[4]]);
    digests.add(5, [hashes[5]]);
    expect(digests.strings()).toEqual(hashes);
    for (const digits of [3, 4]) expect(Array.from(digests.buckets(digits))).toEqual(hashes.map((hash) => bucketOf(hash, digits)));
  });

  it("take another's runs at an offset, and wrap plain strings", () => {
    const first = HexDigests.of(hashes.slice(0, 3));
    const second = new HexDigests(7);
    second.add(4, [hashes.slice(7).join("")]);
    second.add(0, [hashes.slice(3, 7).join("")]);
    const all = new HexDigests(10);
    all.addAll(3, second);
    all.addAll(0, first);
    expect(all.strings()).toEqual(hashes);
    expect(HexDigests.of([]).strings()).toEqual([]);
  });

  it("refuse to answer with a hash missing, or fewer or more than their length", () => {
    const gap = new HexDigests(10);
    gap.add(0, [hashes.slice(0, 4).join("")]);
    gap.add(5, [hashes.slice(5).join("")]);
    expect(() => gap.strings()).toThrow("hash 4 is missing");
    const short = new HexDigests(10);
    short.add(0, [hashes.slice(0, 9).join("")]);
    expect(() => short.buckets(4)).toThrow("9 of 10 hashes");
  });
});
