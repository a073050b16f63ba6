// Bad input thrown at the writing endpoints: the one-shot JSONL upsert, the upsert protocol (begin,
// manifest, payload, commit), run creation and results recording. Malformed JSON and JSONL,
// invalid UTF-8, NUL characters, lone surrogates, wrong types for every field, unknown fields,
// missing and duplicate ids, strings over their bounds, bodies over their limits, nesting 100,000
// levels deep. Each case is invalid by construction; every answer must be a 4xx with the error
// shape and a message (413 for an oversized body), and the database must be unchanged after all.
// Cases come from a seeded PRNG (CAIRN_FUZZ_SEED replays a run), plus fixed ones per kind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSON_BODY_LIMIT } from "./operation";
import { handleRest } from "./handler";
import { phoenixOperations } from "../phoenix/operations";
import { createCaller } from "../trpc/caller";
import type { Database } from "@/db";
import { contentHash } from "@/lib/hash";
import { syncDataset } from "@/lib/sync";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { databaseSnapshot, type DatabaseSnapshot } from "@/test/snapshot";

const SEED = Number(process.env.CAIRN_FUZZ_SEED ?? 20_260_522);
const RANDOM_CASES_PER_ENDPOINT = 40;
const PAYLOAD_BODY_LIMIT = 16 * 1024 * 1024;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];

// Valid text of every kind: quotes, escapes, control characters, non-BMP characters (no U+0000, no lone surrogates).
const CHARACTERS = ["a", "Z", "7", " ", '"', "\\", "/", "\n", "\t", "\u0001", "\u001f", "é", "ß", "中", "\u202e", "\ufeff", "😀", "𝄞", "{", "}", "[", ",", ":"];
const text = (length = int(0, 12)) => Array.from({ length }, () => pick(CHARACTERS)).join("");

/** A random valid JSON value, at most `depth` deep. */
function jsonValue(depth = 3): unknown {
  switch (int(0, depth > 0 ? 6 : 3)) {
    case 0:
      return text();
    case 1:
      return pick([0, -0, 1, -1, 0.5, 1e-7, 1e21, Number.MAX_SAFE_INTEGER, -2.5e-308]);
    case 2:
      return pick([true, false]);
    case 3:
      return null;
    case 4:
    case 5:
      return jsonObject(depth - 1);
    default:
      return Array.from({ length: int(0, 3) }, () => jsonValue(depth - 1));
  }
}
const jsonObject = (depth = 2): Record<string, unknown> => Object.fromEntries(Array.from({ length: int(0, 3) }, () => [text(int(1, 6)), jsonValue(depth)]));

// Markers replaced after JSON.stringify: nesting that JSON.stringify itself could not write, a raw
// NUL inside a string (not the \u0000 escape), invalid UTF-8 bytes inside a string.
const deep = (levels: number, kind: "array" | "object") => `@@DEEP:${levels}:${kind}@@`;
const RAW_NUL = "@@RAWNUL@@";
const BAD_UTF8 = "@@BADUTF8@@";
const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0x80]];

function deepText(levels: number, kind: string): string {
  return kind === "array" ? "[".repeat(levels) + "]".repeat(levels) : '{"a":'.repeat(levels) + "0" + "}".repeat(levels);
}

/** The body as bytes, markers replaced. */
function encode(body: unknown): Uint8Array {
  let json = typeof body === "string" ? body : JSON.stringify(body);
  json = json.replace(/"@@DEEP:(\d+):(\w+)@@"/g, (_, levels: string, kind: string) => deepText(Number(levels), kind)).replaceAll(RAW_NUL, "\u0000");
  const bytes = new TextEncoder().encode(json);
  if (!json.includes(BAD_UTF8)) return bytes;
  const marker = new TextEncoder().encode(BAD_UTF8);
  const parts: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === marker[0] && marker.every((b, j) => bytes[i + j] === b)) {
      parts.push(...pick(INVALID_UTF8));
      i += marker.length - 1;
    } else parts.push(bytes[i]);
  }
  return Uint8Array.from(parts);
}

type Path = readonly (string | number)[];
type Json = Record<string, unknown>;

const isContainer = (value: unknown): value is Record<string | number, unknown> => typeof value === "object" && value !== null;

/** The object holding the last key of `path`; null when an earlier change left no object there (the body is invalid already). */
function parentOf(value: Json, path: Path): Record<string | number, unknown> | null {
  let node: unknown = value;
  for (const key of path.slice(0, -1)) node = isContainer(node) ? node[key] : undefined;
  return isContainer(node) ? node : null;
}
const set = (value: Json, path: Path, item: unknown) => {
  const parent = parentOf(value, path);
  if (parent) parent[path[path.length - 1]] = item;
};
const remove = (value: Json, path: Path) => {
  const parent = parentOf(value, path);
  if (parent) delete parent[path[path.length - 1]];
};
const get = (value: Json, path: Path): unknown => parentOf(value, path)?.[path[path.length - 1]];

interface Field {
  path: Path;
  /** Values this field refuses. */
  wrong: readonly unknown[];
  /** Longest valid string. */
  max?: number;
  required?: boolean;
}

interface Endpoint {
  name: string;
  path: () => string;
  /** Paths that must be refused whatever the body. */
  badPaths: () => string[];
  /** A valid body (never sent as it is). */
  base: () => Json;
  fields: Field[];
  /** Strict objects: an unknown key is refused. */
  strict: Path[];
  /** String values (a NUL or invalid bytes go there). */
  strings: Path[];
  /** Free-form JSON slots (deep nesting goes there). */
  freeForm: Path[];
  limit: number;
  /** Bodies of a valid shape that the service must refuse. */
  refusedBySemantics: () => Json[];
}

interface Case {
  endpoint: string;
  kind: string;
  path: string;
  query?: Record<string, string>;
  body: Uint8Array;
  contentType: string;
  /** 413 when the body is over the limit; any 4xx otherwise. */
  status?: number;
}

const clone = (value: Json): Json => structuredClone(value);
const MISSING = "00000000-0000-4000-8000-000000000000";
const garbledPaths = (template: (id: string) => string) => [MISSING, "not-a-uuid", "s".repeat(201), "%00", "a%00b", "%E0%A4%A", "%ZZ"].map(template);

let database: TestDatabase;
let ids: {
  datasetId: string;
  versionId: string;
  runId: string;
  datapointIds: string[];
  begun: string;
  manifested: { sessionId: string; example: Json; hash: string };
  payloaded: string;
};

async function seed(db: Database) {
  const caller = createCaller(db);
  const examples = ["a", "b", "c"].map((sourceId, i) => ({ sourceId, input: { question: `q${i}` }, output: { answer: `${i}` }, metadata: {} }));
  const synced = await syncDataset({ transport: caller.datasets, dataset: { datasetName: "qa" }, examples });
  const run = await caller.runs.create({ name: "fuzzed", datasetId: synced.datasetId });
  const stage = async (step: "begin" | "manifest" | "payload") => {
    const example = { sourceId: `new-${step}`, input: { q: step }, output: {}, metadata: {} };
    const hash = await contentHash(example);
    const { sessionId } = await caller.datasets.upsertBegin({ datasetId: synced.datasetId, mode: "merge" });
    if (step !== "begin") await caller.datasets.upsertManifest({ sessionId, entries: [[example.sourceId, hash]] });
    if (step === "payload") await caller.datasets.upsertPayload({ sessionId, examples: [example] });
    return { sessionId, example, hash };
  };
  const manifested = await stage("manifest");
  return {
    datasetId: synced.datasetId,
    versionId: synced.versionId!,
    runId: run.id,
    datapointIds: run.datapointIds,
    begun: (await stage("begin")).sessionId,
    manifested: { sessionId: manifested.sessionId, example: { source_id: manifested.example.sourceId, input: manifested.example.input }, hash: manifested.hash },
    payloaded: (await stage("payload")).sessionId,
  };
}

const STRINGS_WRONG = [1, 0, true, false, [], ["x"], {}, { a: 1 }];
const NUMBERS_WRONG = ["1", true, [], {}, null];

const endpoints = (): Endpoint[] => [
  {
    name: "upsert begin",
    path: () => "/api/v1/datasets/upsert/begin",
    badPaths: () => [],
    base: () => ({ dataset_id: ids.datasetId, mode: "merge", message: "fuzz", description: "d", manifest_digest: "0".repeat(64), example_count: 3 }),
    fields: [
      { path: ["dataset_id"], wrong: [...STRINGS_WRONG, null, ""], max: 200, required: true },
      { path: ["mode"], wrong: ["replace", "MIRROR", "", 1, null, ["merge"]] },
      { path: ["message"], wrong: [...STRINGS_WRONG, null], max: 10_000 },
      { path: ["description"], wrong: [...STRINGS_WRONG, null], max: 10_000 },
      { path: ["manifest_digest"], wrong: ["abc", "G".repeat(64), "A".repeat(64), "0".repeat(63), "0".repeat(65), 1, null] },
      { path: ["example_count"], wrong: [-1, 1.5, ...NUMBERS_WRONG] },
    ],
    strict: [[]],
    strings: [["dataset_id"], ["message"], ["description"]],
    freeForm: [],
    limit: JSON_BODY_LIMIT,
    refusedBySemantics: () => [
      { dataset_id: ids.datasetId, dataset_name: "qa" },
      { mode: "merge" },
      { dataset_id: MISSING },
      { dataset_name: "   " },
    ],
  },
  {
    name: "upsert manifest",
    path: () => `/api/v1/datasets/upsert/${ids.begun}/manifest`,
    badPaths: () => garbledPaths((id) => `/api/v1/datasets/upsert/${id}/manifest`),
    base: () => ({ entries: [["m1", "a".repeat(64)], ["m2", "b".repeat(64)]] }),
    fields: [
      { path: ["entries"], wrong: [...STRINGS_WRONG.filter((v) => !Array.isArray(v) || v.length > 0), null, "entries", [[]], [["m1"]], [["m1", "a".repeat(64), "x"]], [[1.5, "a".repeat(64)]], [[null, "a".repeat(64)]]], required: true },
      { path: ["entries", 0, 0], wrong: ["", {}, [], null, true, 1.5] },
      { path: ["entries", 0, 1], wrong: ["", "xyz", "A".repeat(64), "a".repeat(63), 1, null, {}] },
    ],
    strict: [[]],
    strings: [["entries", 0, 0], ["entries", 1, 1]],
    freeForm: [["entries", 1]],
    limit: JSON_BODY_LIMIT,
    refusedBySemantics: () => [{ entries: Array.from({ length: 20_001 }, (_, i) => [`e${i}`, "c".repeat(64)]) }],
  },
  {
    name: "upsert payload",
    path: () => `/api/v1/datasets/upsert/${ids.manifested.sessionId}/payload`,
    badPaths: () => garbledPaths((id) => `/api/v1/datasets/upsert/${id}/payload`),
    base: () => ({ examples: [{ ...ids.manifested.example, output: {}, metadata: {} }] }),
    fields: [
      { path: ["examples"], wrong: [[], "x", 1, null, {}, [1], ["x"], [null]], required: true },
      { path: ["examples", 0, "source_id"], wrong: ["", 1.5, true, null, {}, []], required: true },
      { path: ["examples", 0, "input"], wrong: ["x", 1, true, null, [], [1]], required: true },
      { path: ["examples", 0, "output"], wrong: ["x", 1, true, [], [1]] },
      { path: ["examples", 0, "metadata"], wrong: ["x", 1, false, [], [{}]] },
    ],
    strict: [[], ["examples", 0]],
    strings: [["examples", 0, "source_id"], ["examples", 0, "input", "q"]],
    freeForm: [["examples", 0, "input", "nested"], ["examples", 0, "metadata", "nested"]],
    limit: PAYLOAD_BODY_LIMIT,
    refusedBySemantics: () => [
      // Content that is not what the manifest said, an example not in it, the same one twice.
      { examples: [{ ...ids.manifested.example, input: { q: "changed" } }] },
      { examples: [{ source_id: "not-in-the-manifest", input: {} }] },
      { examples: [ids.manifested.example, ids.manifested.example] },
      { examples: [{ ...ids.manifested.example, input: { q: "\ud800" } }] },
      { examples: Array.from({ length: 2_001 }, (_, i) => ({ source_id: `p${i}`, input: {} })) },
    ],
  },
  {
    name: "upsert commit",
    path: () => `/api/v1/datasets/upsert/${ids.payloaded}/commit`,
    badPaths: () => garbledPaths((id) => `/api/v1/datasets/upsert/${id}/commit`),
    // The valid body is empty: every case adds something that does not belong.
    base: () => ({}),
    fields: [],
    strict: [[]],
    strings: [],
    freeForm: [],
    limit: JSON_BODY_LIMIT,
    refusedBySemantics: () => [{ session_id: ids.payloaded }, { force: true }],
  },
  {
    name: "runs create",
    path: () => "/api/v1/runs",
    badPaths: () => [],
    base: () => ({
      name: "fuzz run",
      description: "d",
      dataset_id: ids.datasetId,
      dataset_version_id: ids.versionId,
      datapoint_ids: [ids.datapointIds[0]],
      event_ids: ["ev-1"],
      configuration: { model: "m", nested: { a: [1, 2] } },
      metadata: { owner: "fuzz" },
      status: "running",
    }),
    fields: [
      { path: ["name"], wrong: [...STRINGS_WRONG, null, "", "   "], max: 200, required: true },
      { path: ["description"], wrong: STRINGS_WRONG, max: 10_000 },
      { path: ["dataset_id"], wrong: [...STRINGS_WRONG, "", MISSING, "not-a-dataset"] },
      { path: ["dataset_version_id"], wrong: [...STRINGS_WRONG, MISSING, "v1"] },
      { path: ["datapoint_ids"], wrong: ["all", 1, true, {}, [1], [{}], [null], [MISSING], [ids.datapointIds[0], ids.datapointIds[0]]] },
      { path: ["event_ids"], wrong: ["ev", 1, {}, [1], [null], [""], ["e".repeat(501)]] },
      { path: ["configuration"], wrong: ["x", 1, true, [], [1]] },
      { path: ["metadata"], wrong: ["x", 1, false, [], [{}]] },
      { path: ["status"], wrong: ["done", "RUNNING", "", 1, true, [], {}] },
    ],
    strict: [[]],
    strings: [["name"], ["description"], ["event_ids", 0], ["configuration", "model"], ["metadata", "owner"]],
    freeForm: [["configuration", "nested"], ["metadata", "deep"]],
    limit: JSON_BODY_LIMIT,
    refusedBySemantics: () => [
      { name: "both", dataset_id: ids.datasetId, external_dataset_id: "EXT-1" },
      { name: "absent", dataset_id: ids.datasetId, datapoint_ids: [MISSING] },
    ],
  },
  {
    name: "results record",
    path: () => `/api/v1/runs/${ids.runId}/results`,
    badPaths: () => garbledPaths((id) => `/api/v1/runs/${id}/results`),
    base: () => ({
      results: [
        {
          datapoint_id: ids.datapointIds[0],
          output: { text: "answer", nested: [1, { a: null }] },
          error: null,
          latency_ms: 12.5,
          prompt_tokens: 3,
          completion_tokens: 4,
          total_tokens: 7,
          cost: 0.001,
          scores: [{ name: "accuracy", value: 0.5, label: "ok", explanation: "fine" }],
        },
      ],
    }),
    fields: [
      { path: ["results"], wrong: [[], "x", 1, null, {}, [1], ["x"], [null]], required: true },
      { path: ["results", 0, "datapoint_id"], wrong: [...STRINGS_WRONG, null, "", MISSING, "not-a-datapoint"], max: 200, required: true },
      { path: ["results", 0, "error"], wrong: STRINGS_WRONG, max: 100_000 },
      { path: ["results", 0, "latency_ms"], wrong: [-1, "12", true, [], {}] },
      { path: ["results", 0, "prompt_tokens"], wrong: [-1, 1.5, 2_147_483_648, "3", true, []] },
      { path: ["results", 0, "total_tokens"], wrong: [-2, 0.1, "7", {}] },
      { path: ["results", 0, "cost"], wrong: [-0.5, "cheap", false, []] },
      { path: ["results", 0, "scores"], wrong: ["x", 1, {}, [1], ["x"], [{}], [{ name: "" , value: 1 }], [{ name: "a", value: "high" }], [{ name: "a", value: null }], [{ name: "a", value: 1 }, { name: "a", value: 2 }]] },
      { path: ["results", 0, "scores", 0, "name"], wrong: [...STRINGS_WRONG, null, "", "  "], max: 200, required: true },
      { path: ["results", 0, "scores", 0, "value"], wrong: ["0.5", null, [], {}], required: true },
      { path: ["results", 0, "scores", 0, "label"], wrong: STRINGS_WRONG, max: 1_000 },
      { path: ["results", 0, "scores", 0, "explanation"], wrong: STRINGS_WRONG, max: 20_000 },
    ],
    strict: [[], ["results", 0], ["results", 0, "scores", 0]],
    strings: [["results", 0, "datapoint_id"], ["results", 0, "output", "text"], ["results", 0, "scores", 0, "name"], ["results", 0, "scores", 0, "label"]],
    freeForm: [["results", 0, "output"], ["results", 0, "output", "nested", 1]],
    limit: JSON_BODY_LIMIT,
    refusedBySemantics: () => [
      { results: [{ datapoint_id: ids.datapointIds[0] }, { datapoint_id: ids.datapointIds[0] }] },
      { results: Array.from({ length: 1_001 }, () => ({ datapoint_id: ids.datapointIds[0] })) },
    ],
  },
];

const jsonCase = (endpoint: Endpoint, kind: string, body: unknown, extra: Partial<Case> = {}): Case => ({
  endpoint: endpoint.name,
  kind,
  path: endpoint.path(),
  body: encode(body),
  contentType: "application/json",
  ...extra,
});

/** One invalidating change to a valid body; the kinds an endpoint has no place for are skipped. */
function mutate(endpoint: Endpoint, body: Json): string | null {
  const kinds = [
    endpoint.fields.length && "wrong type",
    endpoint.fields.some((f) => f.max) && "too long",
    endpoint.fields.some((f) => f.required) && "missing",
    endpoint.strict.length && "unknown field",
    endpoint.strings.length && "NUL",
    endpoint.freeForm.length && "deep",
  ].filter((k): k is string => typeof k === "string");
  if (kinds.length === 0) return null;
  const kind = pick(kinds);
  switch (kind) {
    case "wrong type": {
      const field = pick(endpoint.fields);
      set(body, field.path, structuredClone(pick(field.wrong)));
      return `${kind} ${field.path.join(".")}`;
    }
    case "too long": {
      const field = pick(endpoint.fields.filter((f) => f.max));
      set(body, field.path, "x".repeat(field.max! + int(1, 50)));
      return `${kind} ${field.path.join(".")}`;
    }
    case "missing": {
      const field = pick(endpoint.fields.filter((f) => f.required));
      remove(body, field.path);
      return `${kind} ${field.path.join(".")}`;
    }
    case "unknown field": {
      const where = pick(endpoint.strict);
      const name = pick(["extra", "id", "__proto__x", "constructor", `x_${text(3)}`]);
      set(body, [...where, name], jsonValue(2));
      return `${kind} ${[...where, name].join(".")}`;
    }
    case "NUL": {
      const where = pick(endpoint.strings);
      const value = String(get(body, where) ?? "x");
      const at = int(0, value.length);
      set(body, where, `${value.slice(0, at)}\u0000${value.slice(at)}`);
      return `${kind} ${where.join(".")}`;
    }
    default: {
      const where = pick(endpoint.freeForm);
      set(body, where, deep(pick([1_001, 5_000, 100_000]), pick(["array", "object"] as const)));
      return `${kind} ${where.join(".")}`;
    }
  }
}

/** Text that is not one JSON value (a corruption that happens to leave valid JSON is drawn again). */
function malformed(valid: string): string {
  for (;;) {
    const corrupted = corruption(valid);
    try {
      JSON.parse(corrupted);
    } catch {
      return corrupted;
    }
  }
}

function corruption(valid: string): string {
  return pick([
    () => valid.slice(0, int(1, Math.max(1, valid.length - 1))),
    () => `${valid}}`,
    () => `${valid} x`,
    () => `x${valid}`,
    () => valid.replace(/"/g, "'"),
    () => valid.replace(/^\{"(\w+)"/, "{$1"),
    () => valid.replace(/\}$/, ',}'),
    () => `/* c */${valid}`,
    () => `{"a":NaN}`,
    () => `{"a":undefined}`,
    () => "{",
    () => `{"a":"unterminated}`,
    () => `{"a":"\\x41"}`,
    () => `{"a":01}`,
  ])();
}

function casesFor(endpoint: Endpoint): Case[] {
  const cases: Case[] = [];
  const valid = JSON.stringify(endpoint.base());
  // Fixed: one of each kind the endpoint has.
  for (const body of ["[]", "[1]", '"text"', "1", "null", "true"]) cases.push(jsonCase(endpoint, "not an object", body));
  cases.push(jsonCase(endpoint, "malformed JSON", "{"), jsonCase(endpoint, "malformed JSON", valid.slice(0, -1)));
  cases.push(jsonCase(endpoint, "raw NUL", `{"x${RAW_NUL}":1}`), jsonCase(endpoint, "invalid UTF-8", `{"${BAD_UTF8}":1}`));
  cases.push(jsonCase(endpoint, "over the body limit", { padding: "x".repeat(endpoint.limit + 1) }, { status: 413 }));
  cases.push(jsonCase(endpoint, "unknown field", { ...endpoint.base(), unknown_field: 1 }));
  for (const field of endpoint.fields) {
    for (const wrong of field.wrong) {
      const body = clone(endpoint.base());
      set(body, field.path, structuredClone(wrong));
      cases.push(jsonCase(endpoint, `wrong type ${field.path.join(".")}`, body));
    }
  }
  for (const body of endpoint.refusedBySemantics()) cases.push(jsonCase(endpoint, "refused by the service", body));
  for (const path of endpoint.badPaths()) cases.push({ ...jsonCase(endpoint, "bad path", endpoint.base()), path });
  if (endpoint.freeForm.length) {
    const body = clone(endpoint.base());
    set(body, endpoint.freeForm[0], deep(100_000, "array"));
    cases.push(jsonCase(endpoint, "100,000 levels deep", body));
  }

  // Random: one to three invalidating changes, or a corruption of the whole text.
  for (let n = 0; n < RANDOM_CASES_PER_ENDPOINT; n++) {
    const roll = random();
    if (roll < 0.15) {
      cases.push(jsonCase(endpoint, "malformed JSON", malformed(valid)));
      continue;
    }
    if (roll < 0.25 && endpoint.strings.length) {
      const body = clone(endpoint.base());
      const where = pick(endpoint.strings);
      set(body, where, `${String(get(body, where))}${pick([BAD_UTF8, RAW_NUL])}`);
      cases.push(jsonCase(endpoint, "invalid bytes in a string", body));
      continue;
    }
    const body = clone(endpoint.base());
    const changes = Array.from({ length: int(1, 3) }, () => mutate(endpoint, body)).filter(Boolean);
    if (changes.length === 0) cases.push(jsonCase(endpoint, "unknown field", { [`x_${text(2)}`]: jsonValue() }));
    else cases.push(jsonCase(endpoint, changes.join(" + "), body));
  }
  return cases;
}

// --- the one-shot JSONL upsert ---

/** A line that makes the whole file bad (never written), with what is wrong with it; `taken` is the id of a line before it (or null). */
function badLine(taken: string | number | null): [string, string] {
  const kinds: (() => [string, string])[] = [
    () => ["malformed JSON", malformed(JSON.stringify({ id: `bad-${int(0, 1e6)}`, input: jsonObject() }))],
    () => ["not an object", pick(["[1,2]", '"text"', "42", "null", "true", "[]"])],
    () => ["missing id", JSON.stringify({ input: jsonObject() })],
    () => ["wrong-typed id", JSON.stringify({ id: pick([null, true, 1.5, {}, [], "", 2 ** 60, -0.1]), input: jsonObject() })],
    () => (taken === null ? ["not an object", "[]"] : ["duplicate id", JSON.stringify({ id: taken, input: jsonObject() })]),
    () => ["NUL in content", JSON.stringify({ id: `n-${int(0, 1e6)}`, input: { q: `a\u0000b` } })],
    () => ["NUL in an id", JSON.stringify({ id: `n\u0000${int(0, 9)}`, input: {} })],
    () => ["NUL in a key", JSON.stringify({ id: `k-${int(0, 1e6)}`, input: { "a\u0000": 1 } })],
    () => ["lone surrogate", `{"id":"s-${int(0, 1e6)}","input":{"q":"\\udc00x"}}`],
    () => ["raw NUL", `{"id":"r","input":{"q":"a${RAW_NUL}"}}`],
    () => ["invalid UTF-8", `{"id":"u","input":{"q":"${BAD_UTF8}"}}`],
    () => ["deep", `{"id":"d-${int(0, 1e6)}","input":{"q":"${deep(pick([1_001, 100_000]), pick(["array", "object"] as const))}"}}`],
    () => ["huge malformed line", `{"id":"h","input":{"q":"${"x".repeat(int(100_000, 2_000_000))}"}`],
  ];
  return pick(kinds)();
}

function jsonlCases(): Case[] {
  const cases: Case[] = [];
  const target = (): Record<string, string> => (random() < 0.5 ? { dataset_id: ids.datasetId } : { dataset_name: `fuzz-new-${int(0, 1e6)}` });
  const file = (lines: string[]) => encode(lines.join(pick(["\n", "\r\n"])) + (random() < 0.5 ? "\n" : ""));
  // A record with `input`, or a flat one (every key but the id is input) with an integer id.
  const valid = (i: number) => pick([{ id: `v${i}`, input: jsonObject(), output: jsonObject() }, { id: 1_000 + i, question: jsonValue(), answer: jsonValue() }]);
  const jsonl = (kind: string, body: Uint8Array, query: Record<string, string> = target()): Case => ({
    endpoint: "upsert JSONL",
    kind,
    path: "/api/v1/datasets/upsert",
    query,
    body,
    contentType: "application/x-ndjson",
  });
  // Fixed: every kind of bad line once, alone and among good lines; an empty body; bad parameters.
  for (let k = 0; k < 26; k++) {
    const [first, last] = [valid(0), valid(1)];
    const [kind, line] = badLine(first.id);
    cases.push(jsonl(kind, file([JSON.stringify(first), line, JSON.stringify(last)])));
  }
  cases.push(jsonl("empty body", encode("")), jsonl("blank lines only", encode("\n \n\t\r\n")));
  const good = file([JSON.stringify(valid(0)), JSON.stringify(valid(1))]);
  const queries: Record<string, string>[] = [
    { dataset_id: ids.datasetId, dataset_name: "both" },
    {},
    { dataset_id: ids.datasetId, mode: "replace" },
    { dataset_id: ids.datasetId, source_id_key: "" },
    { dataset_id: ids.datasetId, unknown: "1" },
    { dataset_name: "x".repeat(201) },
    { dataset_name: "a\u0000b" },
    { dataset_id: ids.datasetId, message: "m\u0000" },
    { dataset_id: ids.datasetId, message: "m".repeat(10_001) },
    { dataset_id: MISSING },
    { dataset_id: ids.datasetId, input_keys: "" },
  ];
  for (const query of queries) {
    cases.push(jsonl("bad parameters", good, query));
  }
  // Random files: a few good lines around one to three bad ones.
  for (let n = 0; n < RANDOM_CASES_PER_ENDPOINT; n++) {
    const records = Array.from({ length: int(0, 5) }, (_, i) => valid(i));
    const lines = records.map((r) => JSON.stringify(r));
    const kinds: string[] = [];
    for (let b = int(1, 3); b > 0; b--) {
      const [kind, line] = badLine(records[0]?.id ?? null);
      kinds.push(kind);
      // A duplicate goes after the line it repeats.
      lines.splice(int(kind === "duplicate id" ? 1 : 0, lines.length), 0, line);
    }
    cases.push(jsonl(kinds.join(" + "), file(lines)));
  }
  return cases;
}

interface Answer {
  status: number;
  text: string;
}

async function send(c: Case): Promise<Answer> {
  const url = new URL(c.path, "http://localhost");
  for (const [name, value] of Object.entries(c.query ?? {})) url.searchParams.set(name, value);
  const request = new Request(url, { method: "POST", headers: { "content-type": c.contentType }, body: c.body as BodyInit });
  const response = await handleRest(request, database, undefined, { authMode: "local" });
  return { status: response.status, text: await response.text() };
}

/** What is wrong with an answer (null: a 4xx with the error shape and a message, as expected). */
function problem(c: Case, answer: Answer): string | null {
  if (c.status !== undefined ? answer.status !== c.status : answer.status < 400 || answer.status >= 500) {
    return `answered ${answer.status}${c.status ? `, expected ${c.status}` : ""}: ${answer.text.slice(0, 300)}`;
  }
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    return `answered ${answer.status} without a JSON body: ${JSON.stringify(answer.text.slice(0, 100))}`;
  }
  const message = body.error?.message;
  if (typeof body.error?.code !== "string" || typeof message !== "string" || message.trim() === "") {
    return `answered ${answer.status} without { error: { code, message } }: ${answer.text.slice(0, 300)}`;
  }
  return null;
}

let before: DatabaseSnapshot;

beforeAll(async () => {
  database = await createTestDatabase();
  ids = await seed(database);
  before = await databaseSnapshot(database.db);
  console.info(`REST fuzz seed ${SEED} (replay with CAIRN_FUZZ_SEED=${SEED})`);
});
afterAll(async () => {
  await database.destroy();
});

describe(`bad input at the writing endpoints, seed ${SEED} (${testDriver()})`, () => {
  const counted: Record<string, number> = {};

  for (const name of ["upsert JSONL", "upsert begin", "upsert manifest", "upsert payload", "upsert commit", "runs create", "results record"]) {
    it(`${name}: every bad request is a 4xx with a message and writes nothing`, async () => {
      const cases = name === "upsert JSONL" ? jsonlCases() : casesFor(endpoints().find((e) => e.name === name)!);
      const wrong: string[] = [];
      for (const c of cases) {
        const found = problem(c, await send(c));
        if (found) wrong.push(`${c.kind} (${c.path}${c.query ? ` ${JSON.stringify(c.query).slice(0, 120)}` : ""}): ${found}`);
      }
      counted[name] = cases.length;
      expect(wrong).toEqual([]);
      expect(await databaseSnapshot(database.db)).toEqual(before);
    });
  }

  it("refuses the same at the Phoenix upload (deep nesting, NUL), writing nothing", async () => {
    const cases = [
      `{"action":"create","name":"phx","inputs":[{"q":${deepText(100_000, "array")}}]}`,
      `{"action":"create","name":"phx","inputs":[{"q":1}],"outputs":[{"a":${deepText(5_000, "object")}}]}`,
      JSON.stringify({ action: "create", name: "phx", inputs: [{ q: "a\u0000" }] }),
      JSON.stringify({ action: "create", name: "p\u0000x", inputs: [{ q: 1 }] }),
    ];
    for (const body of cases) {
      const request = new Request("http://localhost/v1/datasets/upload", { method: "POST", headers: { "content-type": "application/json" }, body });
      const answer = await handleRest(request, database, phoenixOperations, { authMode: "local" });
      const text = await answer.text();
      expect(answer.status, `${body.slice(0, 80)}: ${text}`).toBe(400);
      expect((JSON.parse(text) as { error: { message: string } }).error.message).not.toBe("");
    }
    expect(await databaseSnapshot(database.db)).toEqual(before);
  });

  it("ran a bounded number of cases", () => {
    const total = Object.values(counted).reduce((a, b) => a + b, 0);
    console.info(`REST fuzz: ${total} cases`, counted);
    expect(total).toBeGreaterThan(300);
    expect(total).toBeLessThan(1_500);
  });
});
