import { describe, expect, it } from "vitest";
import { RecordError, detectShape, recordMappingSchema, toExample } from "./records";

function recordError(run: () => unknown): RecordError {
  try {
    run();
  } catch (error) {
    if (error instanceof RecordError) return error;
    throw error;
  }
  throw new Error("expected a RecordError");
}

describe("recordMappingSchema", () => {
  it("defaults sourceIdKey to id", () => {
    expect(recordMappingSchema.parse({})).toEqual({ sourceIdKey: "id" });
  });

  it("accepts key lists", () => {
    const mapping = { sourceIdKey: "uid", inputKeys: ["q"], outputKeys: ["a"], metadataKeys: ["tag"] };
    expect(recordMappingSchema.parse(mapping)).toEqual(mapping);
  });

  it("is strict and rejects empty keys", () => {
    expect(recordMappingSchema.safeParse({ inputkeys: ["q"] }).success).toBe(false);
    expect(recordMappingSchema.safeParse({ sourceIdKey: "" }).success).toBe(false);
    expect(recordMappingSchema.safeParse({ inputKeys: [""] }).success).toBe(false);
    expect(recordMappingSchema.safeParse({ outputKeys: "a" }).success).toBe(false);
  });
});

describe("toExample: source id", () => {
  it("keeps non-empty strings as they are", () => {
    expect(toExample({ id: " a-1 ", q: 1 }, {}, "line 1").sourceId).toBe(" a-1 ");
  });

  it("turns safe integers into their decimal string", () => {
    expect(toExample({ id: 42, q: 1 }, {}, "line 1").sourceId).toBe("42");
    expect(toExample({ id: -7, q: 1 }, {}, "line 1").sourceId).toBe("-7");
    expect(toExample({ id: 0, q: 1 }, {}, "line 1").sourceId).toBe("0");
  });

  it.each([
    [{ q: 1 }, 'line 12: source id "id" is missing'],
    [{ id: "", q: 1 }, 'line 12: source id "id" must be a non-empty string or an integer, got an empty string'],
    [{ id: 1.5 }, 'line 12: source id "id" must be a non-empty string or an integer, got 1.5'],
    [{ id: true }, 'line 12: source id "id" must be a non-empty string or an integer, got true'],
    [{ id: null }, 'line 12: source id "id" must be a non-empty string or an integer, got null'],
    [{ id: { a: 1 } }, 'line 12: source id "id" must be a non-empty string or an integer, got an object'],
    [{ id: [1] }, 'line 12: source id "id" must be a non-empty string or an integer, got an array'],
    [
      { id: 2 ** 53 },
      'line 12: source id "id" must be a non-empty string or an integer, ' +
        "got 9007199254740992 (too large to be exact: write it as a string)",
    ],
  ])("rejects %j", (record, message) => {
    const error = recordError(() => toExample(record, {}, "line 12"));
    expect(error.message).toBe(message);
    expect(error.line).toBe(12);
    expect(error.where).toBe("line 12");
    expect(error.name).toBe("RecordError");
  });

  it("uses sourceIdKey", () => {
    const example = toExample({ uid: "u1", id: "not me", q: 1 }, { sourceIdKey: "uid" }, "line 1");
    expect(example).toEqual({ sourceId: "u1", input: { id: "not me", q: 1 }, output: {}, metadata: {} });
    expect(recordError(() => toExample({ id: 1 }, { sourceIdKey: "uid" }, "line 3")).message).toBe(
      'line 3: source id "uid" is missing',
    );
  });

  it("uses a sourceId callback, checked the same way", () => {
    const opts = { sourceId: (r: Record<string, unknown>) => `${String(r.a)}-${String(r.b)}` };
    expect(toExample({ a: 1, b: 2, id: 9 }, opts, "line 1")).toEqual({
      sourceId: "1-2",
      input: { a: 1, b: 2, id: 9 }, // no sourceIdKey given with a callback: nothing is removed
      output: {},
      metadata: {},
    });
    const error = recordError(() => toExample({ a: 1 }, { sourceId: () => 1.5 }, "record 3"));
    expect(error.message).toBe("record 3: source id must be a non-empty string or an integer, got 1.5");
    expect(error.line).toBeUndefined();
    expect(error.where).toBe("record 3");
    expect(recordError(() => toExample({}, { sourceId: () => undefined }, "record 4")).message).toBe(
      "record 4: source id is missing",
    );
  });

  it("does not read inherited properties as the id", () => {
    expect(recordError(() => toExample({ q: 1 }, { sourceIdKey: "constructor" }, "line 1")).message).toBe(
      'line 1: source id "constructor" is missing',
    );
  });
});

describe("toExample: records must be objects", () => {
  it.each([
    [[1, 2], "an array"],
    ["text", '"text"'],
    [null, "null"],
    [3, "3"],
  ])("rejects %j", (record, got) => {
    expect(recordError(() => toExample(record, {}, "line 2")).message).toBe(
      `line 2: record must be a JSON object, got ${got}`,
    );
  });
});

describe("toExample: flat records", () => {
  it("puts every key but the source id into input", () => {
    expect(toExample({ id: 1, question: "q", answer: "a" }, {}, "line 1")).toEqual({
      sourceId: "1",
      input: { question: "q", answer: "a" },
      output: {},
      metadata: {},
    });
  });

  it("keeps a __proto__ key as data", () => {
    const record = JSON.parse('{"id":"x","__proto__":{"polluted":true}}') as unknown;
    const { input } = toExample(record, {}, "line 1");
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    expect(Object.keys(input)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("toExample: shaped records", () => {
  it("takes input, output and metadata as they are", () => {
    const record = { id: "a", input: { q: 1 }, output: { a: 2 }, metadata: { m: 3 } };
    expect(toExample(record, {}, "line 1")).toEqual({
      sourceId: "a",
      input: { q: 1 },
      output: { a: 2 },
      metadata: { m: 3 },
    });
  });

  it("treats absent or null output/metadata as {} and ignores other keys", () => {
    expect(toExample({ id: "a", input: { q: 1 }, output: null, note: "ignored" }, {}, "line 1")).toEqual({
      sourceId: "a",
      input: { q: 1 },
      output: {},
      metadata: {},
    });
  });

  it.each([
    [{ id: 1, input: { q: 1 }, output: "yes" }, 'line 5: "output" must be an object, got "yes"'],
    [{ id: 1, input: { q: 1 }, metadata: [1] }, 'line 5: "metadata" must be an object, got an array'],
    [{ id: 1, input: "q", output: "a" }, 'line 5: "input" must be an object, got "q"'],
    [{ id: 1, input: null }, 'line 5: "input" must be an object, got null'],
  ])("rejects %j", (record, message) => {
    expect(recordError(() => toExample(record, {}, "line 5")).message).toBe(message);
  });
});

describe("toExample: explicit keys", () => {
  const record = { id: 7, question: "q", context: "c", answer: "a", source: "s", difficulty: 2 };

  it("picks each part", () => {
    const opts = { inputKeys: ["question", "context"], outputKeys: ["answer"], metadataKeys: ["source"] };
    expect(toExample(record, opts, "line 1")).toEqual({
      sourceId: "7",
      input: { question: "q", context: "c" },
      output: { answer: "a" },
      metadata: { source: "s" },
    });
  });

  it("without inputKeys, input is every key not taken by id, output or metadata", () => {
    expect(toExample(record, { outputKeys: ["answer"], metadataKeys: ["difficulty"] }, "line 1")).toEqual({
      sourceId: "7",
      input: { question: "q", context: "c", source: "s" },
      output: { answer: "a" },
      metadata: { difficulty: 2 },
    });
  });

  it("leaves out keys a record lacks, and overrides shaped detection", () => {
    const shapedLooking = { id: 1, input: { q: 1 }, output: { a: 1 } };
    expect(toExample(shapedLooking, { inputKeys: ["input", "missing"] }, "line 1")).toEqual({
      sourceId: "1",
      input: { input: { q: 1 } },
      output: {},
      metadata: {},
    });
  });

  it("works with a parsed mapping", () => {
    const mapping = recordMappingSchema.parse({ sourceIdKey: "question", outputKeys: ["answer"] });
    expect(toExample(record, mapping, "line 1")).toEqual({
      sourceId: "q",
      input: { id: 7, context: "c", source: "s", difficulty: 2 },
      output: { answer: "a" },
      metadata: {},
    });
  });
});

describe("detectShape", () => {
  it("reports shaped files", () => {
    expect(detectShape([{ id: 1, input: { q: 1 } }, { id: 2, input: { q: 2 }, output: { a: 1 } }])).toEqual({
      keys: ["id", "input", "output"],
      shaped: true,
    });
  });

  it("reports flat files and the union of keys in first-seen order", () => {
    expect(detectShape([{ id: 1, q: "x" }, { id: 2, a: "y", q: "z" }, "not an object"])).toEqual({
      keys: ["id", "q", "a"],
      shaped: false,
    });
  });

  it("is not shaped when some record's input is not an object", () => {
    expect(detectShape([{ input: { q: 1 } }, { input: "q" }]).shaped).toBe(false);
  });

  it("looks at the first records only", () => {
    expect(detectShape([{ a: 1 }, { b: 1 }, { c: 1 }], 2).keys).toEqual(["a", "b"]);
    expect(detectShape([])).toEqual({ keys: [], shaped: false });
  });
});
