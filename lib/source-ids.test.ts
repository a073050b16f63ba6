import { describe, expect, it } from "vitest";
import { duplicateIds, idHash, nameIds } from "./source-ids";

describe("duplicateIds", () => {
  it("finds none among distinct ids, however many", () => {
    expect(duplicateIds([])).toEqual([]);
    expect(duplicateIds(Array.from({ length: 50_000 }, (_, i) => `id-${i}`))).toEqual([]);
  });

  it("names each repeated id once, in the order of its first repeat", () => {
    expect(duplicateIds(["a", "b", "c", "b", "a", "b", "d"])).toEqual(["b", "a"]);
  });

  it("tells apart ids that differ in one code unit, or only by a surrogate pair, among many", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => [`x${i}`, `é${i}`, `中${i}`, `😀${i}`][i % 4]);
    expect(duplicateIds([...ids, "😀3", "é", "e", "😀", "\uD83D", "x19996", "x1999"])).toEqual(["😀3", "x19996"]);
  });

  it("matches a Set's answer on ids drawn with repeats", () => {
    let seed = 7;
    const random = () => ((seed = Math.imul(seed, 48271) % 0x7fffffff) & 0xffff) / 0x10000;
    const ids = Array.from({ length: 30_000 }, () => `r-${Math.floor(random() * 25_000)}`);
    const seen = new Set<string>();
    const expected = new Set<string>();
    for (const id of ids) (seen.has(id) ? expected : seen).add(id);
    expect(duplicateIds(ids)).toEqual([...expected]);
    // With the hashes given (as a sync computes them when it reads the ids), and with hashes that
    // all collide: the same answer, found by comparing the ids themselves.
    expect(duplicateIds(ids, Int32Array.from(ids, idHash))).toEqual([...expected]);
    expect(duplicateIds(ids.slice(0, 3_000), new Int32Array(3_000))).toEqual(duplicateIds(ids.slice(0, 3_000)));
  });
});

describe("idHash", () => {
  it("is 32-bit FNV-1a of the id's UTF-8 bytes (what the SHA-256 worker computes from the bytes it is given)", () => {
    // Published FNV-1a vectors, then ids beyond ASCII against the definition over their bytes.
    expect(["", "a", "foobar"].map((id) => idHash(id) >>> 0)).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
    const fnv1a = (bytes: Uint8Array) => bytes.reduce((hash, byte) => Math.imul(hash ^ byte, 0x01000193), 0x811c9dc5);
    for (const id of ["é", "id-ü-7", "中文", "😀x", "a\u0000b"]) expect(idHash(id)).toBe(fnv1a(new TextEncoder().encode(id)));
  });
});

describe("nameIds", () => {
  it("quotes at most max ids and counts the rest", () => {
    expect(nameIds(["a", 'b"'])).toBe('"a", "b\\""');
    expect(nameIds(["a", "b", "c"], 2)).toBe('"a", "b" and 1 more');
  });
});
