import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { codePointOrder, compareCodePoints, manifestDigest, manifestDigestBytes, manifestDigestText } from "./manifest-digest";

const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const h = (c: string) => c.repeat(64);

describe("manifest digest", () => {
  it("hashes length-prefixed entries sorted by source id", async () => {
    const text = manifestDigestText(["b", "a", "é"], [h("2"), h("1"), h("3")]);
    expect(text).toBe(`1:a${h("1")}\n1:b${h("2")}\n2:é${h("3")}\n`);
    expect(await manifestDigest(["b", "a", "é"], [h("2"), h("1"), h("3")])).toBe(sha(text));
    expect(await manifestDigest([], [])).toBe(sha(""));
  });

  it("writes the text's UTF-8 bytes (what the digest hashes), for ids of every width and for lone surrogates", async () => {
    const ids = ["x", "10", "9", "a b", "é", "中文", "🙂", "ｚ", "a\uD800", "\uDC00z", ""];
    const hashes = ids.map((_, i) => h(String(i % 10)));
    const text = manifestDigestText(ids, hashes);
    expect(Buffer.from(manifestDigestBytes(ids, hashes)).equals(Buffer.from(text, "utf8"))).toBe(true);
    expect(await manifestDigest(ids, hashes)).toBe(sha(text));
    expect(manifestDigestBytes([], [])).toHaveLength(0);
    expect(() => manifestDigestBytes(["a"], [])).toThrow("1 source ids but 0 hashes");
  });

  it("does not depend on the order of the entries", async () => {
    const ids = ["x", "10", "9", "a b", "🙂", "ｚ"];
    const hashes = ids.map((_, i) => h(String(i)));
    const reversed = await manifestDigest([...ids].reverse(), [...hashes].reverse());
    expect(await manifestDigest(ids, hashes)).toBe(reversed);
  });

  it("orders by code point, which is the byte order of UTF-8 (PostgreSQL COLLATE \"C\")", () => {
    // U+FF5A (ｚ) is one UTF-16 unit above the surrogates that encode 🙂 (U+1F642); by code point it comes first.
    const ids = ["🙂", "ｚ", "z", "é", "", "a\u0301", "😀x", "😀", "\uE000", "\uD7FF", "中文", "10", "9"];
    const byBytes = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
    expect([...ids].sort(compareCodePoints)).toEqual(byBytes);
    expect(byBytes.indexOf("ｚ")).toBeLessThan(byBytes.indexOf("🙂"));
    expect(["ｚ", "🙂"].sort()).toEqual(["🙂", "ｚ"]); // a plain sort (UTF-16 units) disagrees
    const text = manifestDigestText(ids.slice(0, 3), [h("a"), h("b"), h("c")]);
    expect(text).toBe(`1:z${h("c")}\n3:ｚ${h("b")}\n4:🙂${h("a")}\n`);
  });

  it("agrees with the byte order on random strings", () => {
    const alphabet = ["a", "Z", "é", "\u00ff", "\u0800", "\uD7FF", "\uE000", "\uFFFD", "\uFF5A", "😀", "🙂", "𝄞", "0"];
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const ids = Array.from({ length: 500 }, () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""));
    const byBytes = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
    expect([...ids].sort(compareCodePoints)).toEqual(byBytes);
  });

  it("codePointOrder sorts by the byte order of UTF-8, on its fast path (no surrogates) and off it", () => {
    const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    // Prefixes of each other, digits (an index key must not decide), a space, BMP letters; then
    // the same with U+0000 and surrogate pairs (the comparator path).
    for (const alphabet of [["a", "b", "1", "10", " ", "é", "\uFF5A", "~"], ["a", "\u0000", "😀", "\uFF5A", "1"]]) {
      const ids = Array.from({ length: 400 }, () => Array.from({ length: Math.floor(random() * 4) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""));
      const sorted = codePointOrder(ids).map((i) => ids[i]);
      expect(sorted).toEqual([...ids].sort(bytes));
    }
  });
});
