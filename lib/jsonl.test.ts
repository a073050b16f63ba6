import { describe, expect, it } from "vitest";
import { type JsonlEntry, RAW_LIMIT, parseJsonlText, readJsonl, toJsonlLine } from "./jsonl";

const bytes = (text: string) => new TextEncoder().encode(text);

async function* chunks<T>(...parts: T[]): AsyncGenerator<T> {
  for (const part of parts) yield part;
}

async function collect(source: Parameters<typeof readJsonl>[0]): Promise<JsonlEntry[]> {
  const entries: JsonlEntry[] = [];
  for await (const entry of readJsonl(source)) entries.push(entry);
  return entries;
}

/** Every way of cutting `data` into two chunks. */
function everySplit(data: Uint8Array): Uint8Array[][] {
  return Array.from({ length: data.length + 1 }, (_, i) => [data.slice(0, i), data.slice(i)]);
}

describe("readJsonl", () => {
  it("reads one value per line with 1-based line numbers", async () => {
    expect(await collect(chunks(bytes('{"a":1}\n[2]\n"x"\nnull\n')))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: [2] },
      { line: 3, value: "x" },
      { line: 4, value: null },
    ]);
  });

  it("skips blank lines but counts them, and reads a last line without newline", async () => {
    const text = '\n{"a":1}\n\n   \n\t\r\n{"b":2}\n\n{"c":3}';
    expect(await collect(chunks(bytes(text)))).toEqual([
      { line: 2, value: { a: 1 } },
      { line: 6, value: { b: 2 } },
      { line: 8, value: { c: 3 } },
    ]);
  });

  it("tolerates CRLF", async () => {
    expect(await collect(chunks(bytes('{"a":"x"}\r\n{"b":2}\r\n\r\n{"c":3}\r\n')))).toEqual([
      { line: 1, value: { a: "x" } },
      { line: 2, value: { b: 2 } },
      { line: 4, value: { c: 3 } },
    ]);
  });

  it("skips a UTF-8 BOM at the start", async () => {
    expect(await collect(chunks(bytes('\uFEFF{"a":1}\n')))).toEqual([{ line: 1, value: { a: 1 } }]);
  });

  it("gives the same entries for every chunk split, including inside multi-byte characters and CRLF", async () => {
    const text = '{"w":"péché 😀 €"}\r\n\n{"id":"日本"}\n{"x":1}';
    const data = bytes(text);
    const expected = await collect(chunks(data));
    expect(expected).toEqual([
      { line: 1, value: { w: "péché 😀 €" } },
      { line: 3, value: { id: "日本" } },
      { line: 4, value: { x: 1 } },
    ]);
    for (const parts of everySplit(data)) expect(await collect(chunks(...parts))).toEqual(expected);
    const oneByteChunks = Array.from(data, (b) => Uint8Array.of(b));
    expect(await collect(chunks(...oneByteChunks))).toEqual(expected);
  });

  it("reports invalid JSON per line and keeps going", async () => {
    const entries = await collect(chunks(bytes('{"a":1}\n{"a":\n{"b":2}\nnot json\n')));
    expect(entries.map((e) => e.line)).toEqual([1, 2, 3, 4]);
    expect(entries[1]?.error).toMatch(/^line 2: invalid JSON: .+/);
    expect(entries[1]?.raw).toBe('{"a":');
    expect(entries[1]?.value).toBeUndefined();
    expect(entries[3]?.error).toMatch(/^line 4: invalid JSON: /);
    expect(entries[2]).toEqual({ line: 3, value: { b: 2 } });
  });

  it("reports invalid UTF-8 for that line only", async () => {
    const bad = Uint8Array.of(...bytes('{"a":"'), 0xff, 0xfe, ...bytes('"}\n'));
    const truncated = bytes("é").slice(0, 1); // a lead byte with no continuation
    const source = chunks(bytes('{"ok":1}\n'), bad, bytes('{"ok":2}\n{"s":"'), truncated, bytes('"}\n'));
    const entries = await collect(source);
    expect(entries.map((e) => [e.line, e.error ?? e.value])).toEqual([
      [1, { ok: 1 }],
      [2, "line 2: invalid UTF-8"],
      [3, { ok: 2 }],
      [4, "line 4: invalid UTF-8"],
    ]);
    expect(entries[1]?.raw).toBe('{"a":"\uFFFD\uFFFD"}');
  });

  it("clips raw text of long bad lines", async () => {
    const [entry] = await collect(chunks(bytes(`{${"x".repeat(1000)}\n`)));
    expect(entry?.raw).toHaveLength(RAW_LIMIT + 1);
    expect(entry?.raw?.endsWith("…")).toBe(true);
  });

  it("accepts string chunks, split anywhere", async () => {
    expect(await collect(chunks('{"a"', ':1}\n{"b":"😀', '"}\r', "\n"))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { b: "😀" } },
    ]);
  });

  it("reads a ReadableStream", async () => {
    const data = bytes('{"a":1}\n\n{"b":"é"}\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(data.slice(0, 13));
        controller.enqueue(data.slice(13));
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: { b: "é" } },
    ]);
  });

  it("cancels a ReadableStream when the reader stops early", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes('{"a":1}\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const entry of readJsonl(stream)) {
      expect(entry).toEqual({ line: 1, value: { a: 1 } });
      break;
    }
    expect(cancelled).toBe(true);
  });

  it("yields nothing for an empty source", async () => {
    expect(await collect(chunks<Uint8Array>())).toEqual([]);
    expect(await collect(chunks(bytes(""), bytes("\n\n")))).toEqual([]);
  });
});

describe("parseJsonlText", () => {
  it("matches readJsonl", async () => {
    const text = '\uFEFF{"a":1}\r\n\n{"b":\n"é"\n';
    expect(parseJsonlText(text)).toEqual(await collect(chunks(bytes(text))));
    expect(parseJsonlText(text).map((e) => e.line)).toEqual([1, 3, 4]);
  });

  it("handles empty text", () => {
    expect(parseJsonlText("")).toEqual([]);
  });
});

describe("toJsonlLine", () => {
  it("writes one line that reads back", () => {
    const value = { s: "a\nb\u2028", n: [1, 2.5], nested: { ok: true } };
    const line = toJsonlLine(value);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(parseJsonlText(line)).toEqual([{ line: 1, value }]);
  });

  it("rejects values JSON cannot write", () => {
    expect(() => toJsonlLine(undefined)).toThrow(TypeError);
    expect(() => toJsonlLine(() => 1)).toThrow(TypeError);
  });
});
