import { describe, expect, it } from "vitest";
import { PAYLOAD_BYTES_MAX } from "@/lib/contracts";
import { contentHash, contentText } from "@/lib/hash";
import { payloadRecords } from "./upsert-payload-records";

type Record = { s: string; h: string; input: unknown; metadata: unknown; output: unknown };

const parse = (bytes: Buffer) => JSON.parse(bytes.toString("utf8")) as Record[];
const errorOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as Error & { cause?: unknown };
  }
  throw new Error("expected an error");
};

describe("payloadRecords", () => {
  it("writes each example's canonical content with the server's hash, in order, for content of every kind", async () => {
    const examples = [
      { sourceId: "a", input: { q: "plain", z: 1, b: [true, null, -0] }, output: { answer: "é 中文 🧪" }, metadata: { tags: ["x"] } },
      { sourceId: 'quote " and é', input: { text: 'escapes " \\ \n \u0001 \u2028' }, output: {}, metadata: {} },
      { sourceId: "deep", input: { d: JSON.parse("[".repeat(150) + "1" + "]".repeat(150)) as unknown }, output: {}, metadata: {} },
      { sourceId: "big", input: { text: "x".repeat(3_000_000) }, output: {}, metadata: {} }, // past the first buffer
    ];
    const { bytes, hashes } = payloadRecords(examples);
    const records = parse(bytes);
    expect(records.map((r) => r.s)).toEqual(examples.map((e) => e.sourceId));
    for (const [i, example] of examples.entries()) {
      const hash = await contentHash(example);
      expect(records[i].h).toBe(hash);
      expect(hashes.get(example.sourceId)).toBe(hash);
      const { input, metadata, output, ...rest } = records[i];
      expect(JSON.stringify({ input, metadata, output })).toBe(JSON.stringify(JSON.parse(contentText(example))));
      expect(Object.keys(rest)).toEqual(["s", "h"]);
    }
    expect(parse(payloadRecords([]).bytes)).toEqual([]);
  });

  it("escapes every control character, in short and long strings and keys, also when escaping outgrows the buffer", async () => {
    const controls = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join("");
    const examples = [
      { sourceId: "short", input: { a: "\n", b: "x\ty", [`k\u001f`]: "\r\n" }, output: { c: `${controls}` }, metadata: {} },
      { sourceId: "long", input: { text: `\n${"line é 🧪\n".repeat(50)}${controls}\u0001` }, output: {}, metadata: { t: ["a\bb", "\f"] } },
    ];
    // Then a text that leaves ~1,500 bytes of the first 2 MB buffer, and one written within them
    // that escaping takes past its end: the buffer grows, keeping the text.
    const used = payloadRecords(examples).bytes.length;
    examples.push({ sourceId: "fills", input: { text: "z".repeat((2 << 20) - used - 110 - 1_500) } } as never);
    examples.push({ sourceId: "grows", input: { text: "\n".repeat(1_000) } } as never);
    const { bytes, hashes } = payloadRecords(examples);
    const records = parse(bytes);
    for (const [i, example] of examples.entries()) {
      expect(records[i].s).toBe(example.sourceId);
      expect(records[i].h).toBe(await contentHash(example));
      expect(hashes.get(example.sourceId)).toBe(records[i].h);
      expect(records[i].input).toEqual(example.input);
    }
  });

  it("refuses U+0000 in a string or a key, and content that is not JSON, naming the example", () => {
    for (const input of [{ text: "a\u0000b" }, { ["k\u0000"]: 1 }, { long: `${"y".repeat(40)}\u0000` }]) {
      const error = errorOf(() => payloadRecords([{ sourceId: "ok", input: {}, output: {}, metadata: {} }, { sourceId: "nul", input, output: {}, metadata: {} }]));
      expect(error.message).toBe('example "nul": strings must not contain U+0000 (PostgreSQL cannot store it)');
    }
    const error = errorOf(() => payloadRecords([{ sourceId: "nan", input: { x: [1, Number.NaN] }, output: {}, metadata: {} }]));
    expect(error.message).toBe('example "nan": $.input.x[1]: NaN is not valid JSON');
  });

  it("refuses a chunk of more than PAYLOAD_BYTES_MAX bytes of content, counted in UTF-8", () => {
    const half = { text: "é".repeat(PAYLOAD_BYTES_MAX / 4) }; // PAYLOAD_BYTES_MAX / 2 bytes, a quarter as many characters
    const fits = payloadRecords([{ sourceId: "1", input: half }]);
    expect(parse(fits.bytes)).toHaveLength(1);
    const error = errorOf(() => payloadRecords(["1", "2", "3"].map((sourceId) => ({ sourceId, input: half }))));
    expect(error.message).toBe(`payload too large: over ${PAYLOAD_BYTES_MAX} bytes at example "2"; send smaller chunks`);
  });
});
