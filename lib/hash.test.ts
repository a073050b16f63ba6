import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { entryDigestOf } from "./entry-digest";
import {
  CanonicalizeError,
  canonicalize,
  contentHash,
  contentHashes,
  contentText,
  InvalidSourceId,
  sha256Hex,
  UTF8_NO_ROOM,
  UTF8_NOT_PLAIN,
  webCryptoSha256Hex,
  writeContentUtf8,
} from "./hash";
import { sha256Worker } from "./sha256-worker";
import { idHash } from "./source-ids";

const vectors = new URL("../test/fixtures/vectors/", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, vectors), "utf8");

interface HashVector {
  name: string;
  example: string;
  canonical: string;
  sha256: string;
}
const hashVectors = (JSON.parse(read("example-hash.json")) as { vectors: HashVector[] }).vectors;

function doubleFromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

function errorOf(run: () => unknown): CanonicalizeError {
  try {
    run();
  } catch (error) {
    if (error instanceof CanonicalizeError) return error;
    throw error;
  }
  throw new Error("expected a CanonicalizeError");
}

describe("canonicalize: RFC 8785 reference test data", () => {
  const files = readdirSync(new URL("rfc8785/input/", vectors)).filter((f) => f.endsWith(".json"));

  it("has the reference files", () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)("%s", (file) => {
    const input: unknown = JSON.parse(read(`rfc8785/input/${file}`));
    expect(canonicalize(input)).toBe(read(`rfc8785/output/${file}`));
  });
});

describe("canonicalize: ES6 number serialization", () => {
  const lines = read("es6-numbers.txt").split("\n").filter((line) => line !== "");

  it("has all 3000 vectors", () => {
    expect(lines).toHaveLength(3000);
  });

  it("prints every vector as ECMAScript does", () => {
    const failures: string[] = [];
    for (const line of lines) {
      const [hex, expected] = line.split(",") as [string, string];
      const got = canonicalize(doubleFromHex(hex));
      if (got !== expected) failures.push(`${hex}: expected ${expected}, got ${got}`);
    }
    expect(failures).toEqual([]);
  });

  it("prints -0 as 0", () => {
    expect(canonicalize(-0)).toBe("0");
    expect(canonicalize([-0, { a: -0 }])).toBe('[0,{"a":0}]');
  });
});

describe("content hash vectors", () => {
  it("covers the shared vectors", () => {
    expect(hashVectors.length).toBeGreaterThanOrEqual(13);
  });

  describe.each(hashVectors)("$name", (vector) => {
    const example = JSON.parse(vector.example) as { input: unknown };

    it("canonical text", () => {
      expect(contentText(example)).toBe(vector.canonical);
    });

    it("sha256 (default and Web Crypto paths)", async () => {
      expect(await contentHash(example)).toBe(vector.sha256);
      expect(await sha256Hex(vector.canonical)).toBe(vector.sha256);
      expect(await webCryptoSha256Hex(vector.canonical)).toBe(vector.sha256);
    });
  });

  it("contentHashes matches contentHash, in order", async () => {
    const examples = hashVectors.map((v) => JSON.parse(v.example) as { input: unknown });
    expect(await contentHashes(examples)).toEqual(hashVectors.map((v) => v.sha256));
    expect(await contentHashes([])).toEqual([]);
  });

  it("contentHashes handles more than one batch", async () => {
    const examples = Array.from({ length: 2500 }, (_, i) => ({ input: { i } }));
    const hashes = await contentHashes(examples);
    expect(hashes).toHaveLength(2500);
    expect(hashes[2499]).toBe(await contentHash({ input: { i: 2499 } }));
    expect(new Set(hashes).size).toBe(2500);
  });

  it("contentHashes of many examples (hashed on the worker thread, in several jobs) are contentHash's, in order", async () => {
    expect(sha256Worker()).not.toBeNull();
    const big = "ü😀".repeat(800_000); // ~5.6 MB of UTF-8: more than one job's buffer on its own
    const examples = Array.from({ length: 6_000 }, (_, i) => ({
      input: { i, text: i % 3 === 0 ? `é ${"x".repeat(i)}` : `q${i}` },
      output: i === 4_321 ? { big } : undefined,
    }));
    const hashes = await contentHashes(examples);
    expect(hashes).toHaveLength(examples.length);
    for (const i of [0, 1, 2, 2_047, 2_048, 4_320, 4_321, 4_322, 5_999]) expect(hashes[i]).toBe(await contentHash(examples[i]));
    expect(new Set(hashes).size).toBe(examples.length);
    const broken = [...examples.slice(0, 5_000), { input: { bad: Infinity } }, ...examples.slice(5_000)];
    await expect(contentHashes(broken)).rejects.toThrow("$[5000].input.bad: Infinity is not valid JSON");
  });

  it("contentHashes on the worker thread: long strings with control characters (written raw, escaped by the worker), quotes and backslashes hash, weigh and digest as contentText", async () => {
    const controls = ["\n", "\t", "\u0000", "\u0001", "\u001f", "\r\n", '"', "\\", '\n"', '\\\t', "é\"😀\n"];
    const examples = Array.from({ length: 9_000 }, (_, i) => ({
      input: { i, text: i % 7 === 3 ? `${"line ".repeat(10)}${controls[i % controls.length]}${"end ".repeat(i % 5)}` : `plain ${"w".repeat(40)} ${i}` },
      metadata: i % 11 === 5 ? { note: `${"m".repeat(33)}\u0002` } : undefined,
    }));
    const ids = examples.map((_, i) => `id-${i}`);
    const textBytes: number[] = [];
    const heads = new Uint32Array(2 * examples.length);
    const hashes = await contentHashes(examples, { textBytes, entryDigests: { sourceIds: ids, heads } });
    for (let i = 0; i < examples.length; i++) {
      const text = contentText(examples[i]);
      expect(hashes[i]).toBe(createHash("sha256").update(text).digest("hex"));
      expect(textBytes[i]).toBe(Buffer.byteLength(text));
      const digest = new Uint32Array(2);
      entryDigestOf(ids[i], hashes[i], digest, 0);
      expect([heads[2 * i], heads[2 * i + 1]]).toEqual(Array.from(digest));
    }
  });

  it("readIds: each source id read as its example is hashed, with its idHash, at the offset; entry digests under them; an invalid one throws its index", async () => {
    // 2,047 examples hash on this thread, 9,000 on the worker thread (several jobs).
    for (const n of [2_047, 9_000]) {
      const examples = Array.from({ length: n }, (_, i) => ({ sourceId: i % 2 ? `é-${i}` : `id-${i}`, input: { i, text: "x".repeat(i % 300) } }));
      const offset = 5;
      const read = { ids: new Array<string>(n + offset), idHashes: new Int32Array(n + offset), offset };
      const heads = new Uint32Array(2 * n);
      const hashes = await contentHashes(examples, { readIds: read, entryDigests: { heads } });
      for (const i of [0, 1, 2, n - 2, n - 1]) {
        expect(read.ids[offset + i]).toBe(examples[i].sourceId);
        expect(read.idHashes[offset + i]).toBe(idHash(examples[i].sourceId));
        expect(hashes[i]).toBe(await contentHash(examples[i]));
        const digest = new Uint32Array(2);
        entryDigestOf(examples[i].sourceId, hashes[i], digest, 0);
        expect([heads[2 * i], heads[2 * i + 1]]).toEqual(Array.from(digest));
      }
      for (const bad of ["", 7, undefined]) {
        const broken = examples.map((e, i) => (i === n - 3 ? { ...e, sourceId: bad } : e));
        const error = await contentHashes(broken, { readIds: { ...read, offset: 100 } }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidSourceId);
        expect((error as InvalidSourceId).index).toBe(100 + n - 3);
        expect((error as Error).message).toBe(`example ${100 + n - 3}: sourceId must be a non-empty string`);
      }
    }
  });

  it("uses Web Crypto where Node's crypto is unavailable (browser path), with the same results", async () => {
    const spy = vi.spyOn(process, "getBuiltinModule").mockReturnValue(undefined);
    try {
      vi.resetModules();
      const browser = await import("./hash");
      const examples = [
        ...hashVectors.map((v) => JSON.parse(v.example) as { input: unknown }),
        ...Array.from({ length: 2100 }, (_, i) => ({ input: { i } })),
      ];
      expect(await browser.contentHashes(examples)).toEqual(await contentHashes(examples));
      expect(await browser.contentHash(examples[0] as { input: unknown })).toBe(hashVectors[0]?.sha256);
      expect(spy).toHaveBeenCalled();
      await expect(browser.contentHashes([{ input: {} }, { input: [NaN] }])).rejects.toThrow(
        "$[1].input[0]: NaN is not valid JSON",
      );
    } finally {
      spy.mockRestore();
      vi.resetModules();
    }
  });

  it("hashes the empty string and non-ASCII text as UTF-8", async () => {
    const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    expect(await sha256Hex("")).toBe(empty);
    expect(await webCryptoSha256Hex("")).toBe(empty);
    expect(await sha256Hex("é😀")).toBe(await webCryptoSha256Hex("é😀"));
  });
});

describe("canonicalize: behaviour beyond the vectors", () => {
  it("skips undefined object properties, as JSON.stringify does", () => {
    expect(canonicalize({ b: undefined, a: 1, c: undefined })).toBe('{"a":1}');
    expect(canonicalize({ a: undefined })).toBe("{}");
  });

  it("accepts null-prototype objects and shared (acyclic) references", () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { z: 1, a: 2 });
    expect(canonicalize(bare)).toBe('{"a":2,"z":1}');
    const shared = { x: 1 };
    expect(canonicalize([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it("escapes control characters and keeps other characters as they are", () => {
    expect(canonicalize("\u0000\b\f\u001f\u007f/\u2028😀")).toBe('"\\u0000\\b\\f\\u001f\u007f/\u2028😀"');
  });

  it("handles deep nesting without exhausting the stack", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 20_000; i++) deep = i % 2 ? [deep] : { k: deep };
    const text = canonicalize(deep);
    expect(text.startsWith('[{"k":[{"k":')).toBe(true);
    // 10k `{"k":…}` (6 chars), 10k `[…]` (2 chars), `"leaf"` (6 chars)
    expect(text.length).toBe(10_000 * 6 + 10_000 * 2 + 6);
  });

  it("gives the same text on the fast path and past its depth limit or its plain-object check", () => {
    for (const depth of [99, 100, 101, 250]) {
      let nested: unknown = { z: "\u0001", a: [1.5, -0, true, null] };
      for (let i = 0; i < depth; i++) nested = { k: [nested], b: i };
      const text = canonicalize(nested);
      expect(text.endsWith('{"a":[1.5,0,true,null],"z":"\\u0001"}' + "]}".repeat(depth))).toBe(true);
      expect(text.length).toBe(JSON.stringify(nested).length);
    }
    const otherRealm: unknown = runInNewContext('({ b: [1, "x"], a: { d: 1, c: 2 } })');
    expect(canonicalize({ o: otherRealm })).toBe('{"o":{"a":{"c":2,"d":1},"b":[1,"x"]}}');
  });

  it("agrees with a sorted-keys JSON.stringify on keys and strings of every kind (the fast path's short and long strings, its key cache)", () => {
    // Reference for well-formed strings and finite numbers: keys sorted by code unit, then JSON.stringify.
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]))
          : v;
    const specials = ['"', "\\", "\n", "\u001f", "\u007f", "é", "😀", "\u2028", "\uFFFF", "\uE000"];
    const strings = specials.flatMap((c) => [c, `a${c}b`, `${"x".repeat(40)}${c}`, `${c}${"y".repeat(31)}`, `${"z".repeat(32)}${c}`]);
    const manyKeys: Record<string, unknown> = {};
    for (let i = 40; i > 0; i--) manyKeys[`k${i}`] = i; // more keys than the insertion sort takes
    const value = {
      strings,
      byKey: Object.fromEntries(strings.map((text, i) => [text, i])),
      manyKeys,
      mixed: { b: 1, a: 2, "": 3, B: 4, ä: 5, "😀": 6, "\uE000": 7 },
    };
    // Twice: the second time the quoted keys come from the cache.
    expect(canonicalize(value)).toBe(JSON.stringify(sortDeep(value)));
    expect(canonicalize(value)).toBe(JSON.stringify(sortDeep(value)));
    // Past the key cache's bound, keys are still quoted correctly.
    const wide = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`key "${i}"\n`, i]));
    expect(canonicalize(wide)).toBe(JSON.stringify(sortDeep(wide)));
    // Integer-like keys, which JavaScript enumerates first and in numeric order, sort as strings.
    expect(canonicalize({ b: 1, "10": 2, "9": 3, "": 4 })).toBe('{"":4,"10":2,"9":3,"b":1}');
    expect(errorOf(() => canonicalize({ "a\uD800": 1 })).message).toBe('$["a\\ud800"]: object key contains a lone surrogate U+D800, which is not valid I-JSON');
  });

  it("writes contentText's UTF-8 bytes straight into a buffer (writeContentUtf8), or says it cannot", () => {
    const buffer = Buffer.alloc(1 << 16);
    const written = (example: { input: unknown; output?: unknown; metadata?: unknown }, at = 7, limit = buffer.length) => {
      const end = writeContentUtf8(example, buffer, at, limit);
      return end < 0 ? end : buffer.toString("utf8", at, end);
    };
    const specials = ['"', "\\", "\n", "\u0000", "\u001f", "\u007f", "é", "😀", "\u2028", "\uFFFF", "\uE000"];
    const strings = specials.flatMap((c) => [c, `a${c}b`, `${"x".repeat(40)}${c}`, `${c}${"y".repeat(31)}`, `${"z".repeat(32)}${c}`]);
    const examples = [
      ...hashVectors.map((v) => JSON.parse(v.example) as { input: unknown }),
      { input: { strings, byKey: Object.fromEntries(strings.map((text, i) => [text, i])) }, output: null, metadata: { n: [-0, 1e21, 5e-324, 0.1, true, false, null] } },
      { input: { b: 1, "10": 2, "9": 3, "": 4, u: undefined }, output: { nested: [[[{}], []]] } },
      { input: Object.create(null) as object },
    ];
    for (const example of examples) expect(written(example)).toBe(contentText(example));
    // Off the fast path: contentText decides (the same text past the depth limit, or the error).
    let deep: unknown = 1;
    for (let i = 0; i < 120; i++) deep = [deep];
    for (const example of [{ input: deep }, { input: { d: new Date(0) } }, { input: { x: NaN } }, { input: ["a\uD800"] }, { input: [undefined] }, { input: undefined }]) {
      expect(written(example)).toBe(UTF8_NOT_PLAIN);
    }
    // escapeControls: false writes controls as they are and escapes the rest: the text is
    // contentText's once each byte below 0x20 is replaced by its escape. Quotes and backslashes
    // are escaped in the bytes written, also beside controls and multi-byte characters.
    const mixed = ['"\\\n"', '\n"é"\t', `${"é".repeat(20)}"\\😀\u0001`, '""""', "\\\\", `${"w".repeat(50)}"`, `"${"w".repeat(50)}`, 'k"\u0000\\', `${'"\\'.repeat(50)}x${"\\".repeat(30)}`, `a${'"'.repeat(70)}`];
    for (const text of [...strings, ...mixed]) {
      const example = { input: { text, [text]: [text] } };
      const end = writeContentUtf8(example, buffer, 0, buffer.length, { escapeControls: false });
      const escaped = end < 0 ? end : buffer.toString("utf8", 0, end).replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
      expect(escaped).toBe(contentText(example));
    }
    expect(writeContentUtf8({ input: [`${"x".repeat(40)}\uD800`] }, buffer, 0, buffer.length, { escapeControls: false })).toBe(UTF8_NOT_PLAIN);
    // Not past the limit: every shorter limit is refused, the exact one is enough.
    const example = examples.at(-3) as { input: unknown };
    const bytes = Buffer.byteLength(contentText(example));
    for (const limit of [0, 1, bytes - 1, bytes + 6]) expect(written(example, 7, limit)).toBe(UTF8_NO_ROOM);
    expect(written(example, 7, 7 + bytes)).toBe(contentText(example));
  });

  it("writes each object's keys in order when the objects of an example change shape from the one before (writeContentUtf8)", () => {
    const buffer = Buffer.alloc(1 << 16);
    const many = (k: number) => Array.from({ length: 70 }, (_, i) => (i % 3 === k % 3 ? { z: i, a: [i] } : { a: i, m: { y: 1, x: 2 } }));
    // One after another, as a sync writes them: the n-th object of each example is compared with
    // the n-th of the one before (same keys, another order, a key more or less, as many keys but
    // another, a key that needs escaping, an undefined value, more objects than the shapes kept).
    const examples = [
      { input: { q: "a", c: "b" }, output: { answer: "x" }, metadata: { source: "s", index: 1, tags: ["t"] } },
      { input: { q: "a2", c: "b2" }, output: { answer: "y" }, metadata: { source: "s", index: 2, tags: ["u"] } },
      { input: { c: "b3", q: "a3" }, output: { answer: "z" }, metadata: { index: 3, source: "s", tags: [] } },
      { input: { c: "b4", q: "a4", b: 0 }, output: { answer: "w", "é": 1 }, metadata: { index: 4 } },
      { input: { c: "b5" }, output: { answer: undefined, 'a"b': 2, "a\\b": 3 }, metadata: { index: undefined, source: "s" } },
      { input: { c: undefined, q: "a6" }, output: { answer: "v" }, metadata: {} },
      { input: { q: "a7", d: "b7" }, output: { answes: "t" }, metadata: { tags: [], index: 7, source: "s" } },
      { input: { list: many(0) }, output: { "10": 1, "9": 2, b: 3 } },
      { input: { list: many(1) }, output: { "9": 2, b: 3, "10": 1 } },
      { input: { list: many(1).reverse() }, output: { answer: "u" } },
      // Keys for...in and Object.keys both leave out (symbols, non-enumerable), a null prototype,
      // more keys than a shape keeps where a shape was kept, then that shape again.
      { input: Object.defineProperty({ q: "h", c: "g", [Symbol("s")]: 1 }, "b", { value: 9, enumerable: false }), output: { answer: "u" } },
      { input: Object.assign(Object.create(null) as object, { c: "n", q: "m" }), output: Object.assign(Object.create(null) as object, { answer: "t" }) },
      { input: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${19 - i}`, i])), output: { answer: "s" } },
      { input: { q: "a8", c: "b8" }, output: { answer: "r" } },
    ];
    for (let round = 0; round < 2; round++) {
      for (const example of examples) {
        const end = writeContentUtf8(example, buffer, 0, buffer.length);
        expect(buffer.toString("utf8", 0, end)).toBe(contentText(example));
      }
    }
    // A key whose bytes do not fit is refused like any other text, and the next write is whole.
    const example = examples[0];
    const bytes = Buffer.byteLength(contentText(example));
    for (let limit = 0; limit < bytes; limit++) expect(writeContentUtf8(example, buffer, 0, limit)).toBe(UTF8_NO_ROOM);
    expect(buffer.toString("utf8", 0, writeContentUtf8(example, buffer, 0, bytes))).toBe(contentText(example));
  });

  it("writes numbers as contentText does, integers of fewer than 10 digits included, to the exact byte (writeContentUtf8)", () => {
    const buffer = Buffer.alloc(1 << 12);
    const numbers = [0, -0, 7, -7, 9, 10, -10, 99, 100, 123456789, -123456789, 999_999_999, -999_999_999, 1e9, -1e9, 2 ** 31, -(2 ** 31), 2 ** 53, 1e21, 1.5, -0.25, 1e-7, 5e-324];
    for (const n of numbers) {
      const example = { input: { n, list: [n, -n] }, output: { n } };
      const text = contentText(example);
      expect(buffer.toString("utf8", 0, writeContentUtf8(example, buffer, 0, buffer.length))).toBe(text);
      // The last number ends the text but for its brackets: one byte short is refused, the exact limit is enough.
      const bytes = Buffer.byteLength(text);
      expect(writeContentUtf8(example, buffer, 3, 3 + bytes - 1)).toBe(UTF8_NO_ROOM);
      expect(buffer.toString("utf8", 3, writeContentUtf8(example, buffer, 3, 3 + bytes))).toBe(text);
    }
  });

  it("leaves out keys an object only inherits, even those an object before it had as its own (writeContentUtf8)", () => {
    const buffer = Buffer.alloc(1 << 12);
    const examples = [
      { input: { q: "a", c: "b" }, output: { answer: "x", more: 1 } },
      { input: { q: "a", c: "b" }, output: { more: 2 } },
      { input: { q: "a" }, output: { more: 3 } },
    ];
    const writeAll = () => examples.map((example) => buffer.toString("utf8", 0, writeContentUtf8(example, buffer, 0, buffer.length)));
    const plain = writeAll();
    // Something made "answer" an enumerable key of every object: it is still not an example's
    // (the second output has as many keys as the first's own, counting the inherited one).
    Object.defineProperty(Object.prototype, "answer", { value: "polluted", enumerable: true, configurable: true, writable: true });
    try {
      expect(writeAll()).toEqual(plain);
      expect(plain[1]).toBe('{"input":{"c":"b","q":"a"},"metadata":{},"output":{"more":2}}');
    } finally {
      delete (Object.prototype as Record<string, unknown>).answer;
    }
  });

  it("requires input in contentText", () => {
    expect(errorOf(() => contentText({ input: undefined })).message).toBe("$.input: input is required");
  });
});

describe("canonicalize: errors name the JSON path", () => {
  const cases: [string, () => unknown, string][] = [
    ["NaN", () => canonicalize({ input: { x: [1, 2, Number.NaN] } }), "$.input.x[2]: NaN is not valid JSON"],
    ["Infinity", () => canonicalize({ a: Infinity }), "$.a: Infinity is not valid JSON"],
    ["-Infinity", () => canonicalize([-Infinity]), "$[0]: -Infinity is not valid JSON"],
    ["undefined in an array", () => canonicalize({ xs: [1, undefined] }), "$.xs[1]: undefined is not valid JSON"],
    ["array hole", () => canonicalize([1, , 3]), "$[1]: undefined is not valid JSON"],
    ["undefined at the root", () => canonicalize(undefined), "$: undefined is not valid JSON"],
    ["function", () => canonicalize({ f: () => 1 }), "$.f: function is not valid JSON"],
    ["symbol", () => canonicalize({ s: Symbol("x") }), "$.s: symbol is not valid JSON"],
    ["bigint", () => canonicalize({ n: 10n }), "$.n: bigint is not valid JSON"],
    ["Date", () => canonicalize({ when: new Date(0) }), "$.when: Date is not valid JSON (not a plain object)"],
    ["Map", () => canonicalize([new Map()]), "$[0]: Map is not valid JSON (not a plain object)"],
    [
      "class instance",
      () => canonicalize({ p: new (class Point { x = 1 })() }),
      "$.p: Point is not valid JSON (not a plain object)",
    ],
    [
      "non-identifier keys are quoted",
      () => canonicalize({ "a b": { "0": [NaN] } }),
      '$["a b"]["0"][0]: NaN is not valid JSON',
    ],
    [
      "lone surrogate in a string",
      () => canonicalize({ s: "a\ud800b" }),
      "$.s: string contains a lone surrogate U+D800, which is not valid I-JSON",
    ],
    [
      "lone surrogate in a key",
      () => canonicalize({ o: { "\udc00": 1 } }),
      '$.o["\\udc00"]: object key contains a lone surrogate U+DC00, which is not valid I-JSON',
    ],
    [
      "contentText paths start at the example",
      () => contentText({ input: { x: [0, 1, NaN] } }),
      "$.input.x[2]: NaN is not valid JSON",
    ],
  ];

  it.each(cases)("%s", (_name, run, message) => {
    const error = errorOf(run);
    expect(error.message).toBe(message);
    expect(error.name).toBe("CanonicalizeError");
  });

  it("detects cycles", () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = { back: a };
    const error = errorOf(() => canonicalize({ root: a }));
    expect(error.path).toBe("$.root.self.back");
    expect(error.message).toBe("$.root.self.back: cycle: the value contains itself");

    const xs: unknown[] = [];
    xs.push(xs);
    expect(errorOf(() => canonicalize(xs)).path).toBe("$[0]");
  });

  it("contentHash rejects (not throws) and contentHashes names the example index", async () => {
    await expect(contentHash({ input: { x: NaN } })).rejects.toThrow("$.input.x: NaN is not valid JSON");
    await expect(contentHashes([{ input: {} }, { input: {}, metadata: { d: new Date(0) } }])).rejects.toThrow(
      "$[1].metadata.d: Date is not valid JSON (not a plain object)",
    );
  });
});
