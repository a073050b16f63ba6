import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { handleRest } from "./handler";
import type { Caller, HandlerOperation, RestOperation } from "./operation";
import { restOperations } from "./operations";
import { call, type RestAnswer } from "./test-client";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";

/** The text as a stream of small chunks that cut through lines (and through multi-byte characters). */
function chunked(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

function upsert(query: Record<string, string>, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return call(database, { method: "POST", path: "/api/v1/datasets/upsert", query, raw: body, headers: { "content-type": "application/x-ndjson", ...headers } });
}

async function versions(datasetId: string): Promise<number[]> {
  const answer = await call(database, { method: "GET", path: `/api/v1/datasets/${datasetId}/versions` });
  return (answer.json as { data: { number: number }[] }).data.map((v) => v.number);
}

const body = <T>(answer: RestAnswer) => answer.json as T;
type Upserted = { dataset_id: string; version_id: string; version_number: number; noop: boolean; examples: number; summary: Record<string, number> };

const records = [
  { id: "a", input: { question: "Grüße?" }, output: { answer: "hallo" } },
  { id: "b", input: { question: "2+2?" }, output: { answer: "4" }, metadata: { level: "easy" } },
  { id: 3, input: { question: "emoji 🪨?" }, output: { answer: "cairn" } },
];

describe(`POST /api/v1/datasets/upsert: one-shot JSONL upsert (${testDriver()})`, () => {
  it("creates the dataset and version 1 from a streamed body; the same file again is a no-op", async () => {
    const first = await upsert({ dataset_name: "one-shot", message: "initial import" }, chunked(jsonl(records)));
    expect(first.status, first.text).toBe(200);
    const created = body<Upserted>(first);
    expect(created).toMatchObject({ version_number: 1, noop: false, examples: 3, summary: { added: 3, updated: 0, deleted: 0, unchanged: 0 } });

    const again = await upsert({ dataset_name: "one-shot" }, jsonl(records));
    expect(again.status, again.text).toBe(200);
    expect(body<Upserted>(again)).toMatchObject({ dataset_id: created.dataset_id, version_id: created.version_id, version_number: 1, noop: true });
    expect(await versions(created.dataset_id)).toEqual([1]);

    const version = await call(database, { method: "GET", path: `/api/v1/datasets/${created.dataset_id}/versions/1` });
    expect(version.json).toMatchObject({ message: "initial import", example_count: 3 });
    const exported = await call(database, { method: "GET", path: `/api/v1/datasets/${created.dataset_id}/export` });
    expect(exported.text).toBe(jsonl(records.map((r) => ({ id: String(r.id), input: r.input, output: r.output, metadata: r.metadata ?? {} }))));
  });

  it("mirror deletes what the file lacks, merge only adds and updates; by dataset_id", async () => {
    const created = body<Upserted>(await upsert({ dataset_name: "modes" }, jsonl(records)));
    const changed = [{ ...records[0], output: { answer: "hello" } }, records[1]];
    const merged = await upsert({ dataset_id: created.dataset_id, mode: "merge" }, jsonl(changed));
    expect(body<Upserted>(merged)).toMatchObject({ version_number: 2, summary: { added: 0, updated: 1, deleted: 0, unchanged: 2 } });
    const mirrored = await upsert({ dataset_id: created.dataset_id, mode: "mirror" }, jsonl(changed));
    expect(body<Upserted>(mirrored)).toMatchObject({ version_number: 3, summary: { added: 0, updated: 0, deleted: 1, unchanged: 2 } });
    expect(await versions(created.dataset_id)).toEqual([3, 2, 1]);
  });

  it("maps flat records with source_id_key and input/output/metadata keys", async () => {
    const flat = [
      { qid: "x1", prompt: "hi", expected: "hello", tag: "greeting", ignored: 1 },
      { qid: "x2", prompt: "bye", expected: "goodbye", tag: "farewell" },
    ];
    const answer = await upsert(
      { dataset_name: "flat", source_id_key: "qid", output_keys: "expected", metadata_keys: "tag", input_keys: "prompt" },
      jsonl(flat),
    );
    expect(answer.status, answer.text).toBe(200);
    const examples = await call(database, { method: "GET", path: `/api/v1/datasets/${body<Upserted>(answer).dataset_id}/examples` });
    expect(body<{ data: unknown[] }>(examples).data).toMatchObject([
      { source_id: "x1", input: { prompt: "hi" }, output: { expected: "hello" }, metadata: { tag: "greeting" } },
      { source_id: "x2", input: { prompt: "bye" }, output: { expected: "goodbye" }, metadata: { tag: "farewell" } },
    ]);
  });

  it("any bad line is a 400 listing every bad line by number, and nothing is written", async () => {
    const text = [
      JSON.stringify(records[0]),
      "{not json",
      JSON.stringify(records[1]),
      "[1, 2]",
      JSON.stringify({ input: { q: "no id" } }),
      JSON.stringify({ id: "a", input: { q: "again" } }),
      "",
      JSON.stringify({ id: "z", input: "not an object" }),
    ].join("\n");
    const answer = await upsert({ dataset_name: "never-created" }, chunked(text, 5));
    expect(answer.status, answer.text).toBe(400);
    const error = body<{ error: { code: string; message: string; details: { bad_lines: number; lines: { line: number; message: string }[] } } }>(answer).error;
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^5 bad lines, nothing was written: line 2: invalid JSON/);
    expect(error.details.bad_lines).toBe(5);
    expect(error.details.lines.map((l) => l.line)).toEqual([2, 4, 5, 6, 8]);
    expect(error.details.lines[1].message).toBe("line 4: record must be a JSON object, got an array");
    expect(error.details.lines[2].message).toBe('line 5: source id "id" is missing');
    expect(error.details.lines[3].message).toBe('line 6: duplicate source id "a" (first on line 1)');
    expect(error.details.lines[4].message).toBe('line 8: "input" must be an object, got "not an object"');

    const list = await call(database, { method: "GET", path: "/api/v1/datasets", query: { search: "never-created" } });
    expect(body<{ data: unknown[] }>(list).data).toEqual([]);

    // An existing dataset keeps its versions.
    const existing = body<Upserted>(await upsert({ dataset_name: "kept" }, jsonl(records)));
    const bad = await upsert({ dataset_id: existing.dataset_id }, `${JSON.stringify(records[0])}\n{"id":\n`);
    expect(bad.status).toBe(400);
    expect(await versions(existing.dataset_id)).toEqual([1]);
  });

  it("refuses an empty body, an unknown dataset id, and parameters outside the contract", async () => {
    const empty = await upsert({ dataset_name: "empty" }, "\n\n");
    expect(empty.status).toBe(400);
    expect(body<{ error: { message: string } }>(empty).error.message).toMatch(/no records/);

    const missing = await upsert({ dataset_id: "00000000-0000-4000-8000-000000000000" }, jsonl(records));
    expect(missing.status).toBe(404);
    expect(body<{ error: { message: string } }>(missing).error.message).toBe("dataset '00000000-0000-4000-8000-000000000000' not found");

    const unknown = await upsert({ dataset_name: "x", mode: "replace", sourceIdKey: "id" }, jsonl(records));
    expect(unknown.status).toBe(400);
    const paths = body<{ error: { details: { path: string }[] } }>(unknown).error.details.map((d) => d.path);
    expect(paths).toEqual(["sourceIdKey"]);
  });

  it("streams a large body: 20,000 records in 64 KiB chunks", async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ id: `r${i}`, input: { text: `record ${i} `.repeat(10) }, output: { n: i } }));
    const text = jsonl(many);
    const answer = await upsert({ dataset_name: "large" }, chunked(text, 65_536));
    expect(answer.status, answer.text).toBe(200);
    expect(body<Upserted>(answer)).toMatchObject({ version_number: 1, examples: 20_000, summary: { added: 20_000 } });
    const again = await upsert({ dataset_name: "large" }, chunked(text, 65_536));
    expect(body<Upserted>(again).noop).toBe(true);

    // The export streams it back page by page (1,000 lines a page), in file order.
    const exported = await call(database, { method: "GET", path: `/api/v1/datasets/${body<Upserted>(answer).dataset_id}/export` });
    expect(exported.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(exported.headers.get("x-cairn-version")).toBe("1");
    expect(exported.text).toBe(jsonl(many.map((r) => ({ ...r, metadata: {} }))));
  });

  describe("a client that goes away", () => {
    /** Upsert sessions and their staged rows, in the whole database. */
    async function staged() {
      const [counts] = await rows<{ sessions: number; entries: number; unchanged: number }>(
        database.db,
        sql`SELECT (SELECT count(*) FROM upsert_sessions)::int AS sessions, (SELECT count(*) FROM upsert_entries)::int AS entries,
                   (SELECT count(*) FROM upsert_unchanged)::int AS unchanged`,
      );
      return counts;
    }

    /** `lines` full lines, then the stream fails as a request body does when the client disconnects. */
    function failingAfter(lines: number): ReadableStream<Uint8Array> {
      const encoder = new TextEncoder();
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === lines) return controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
          sent++;
          controller.enqueue(encoder.encode(`${JSON.stringify({ id: `gone-${sent}`, input: { n: sent } })}\n`));
        },
      });
    }

    /** The one-shot operation, its handler given `wrap(caller)` instead of the request's caller. */
    function operationWithCaller(wrap: (caller: Caller) => unknown): RestOperation {
      const operation = restOperations.find((op) => op.id === "datasets.upsertJsonl") as HandlerOperation;
      return { ...operation, handle: (context) => operation.handle({ ...context, caller: wrap(context.caller) as Caller }) };
    }

    /** The one-shot upsert with an abort signal standing for the connection (Next aborts `request.signal` when it closes). */
    function upsertUntil(signal: AbortSignal, query: Record<string, string>, text: string, operations = restOperations) {
      const url = new URL("/api/v1/datasets/upsert", "http://localhost");
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      const request = new Request(url, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson" },
        body: chunked(text, 65_536),
        duplex: "half",
        signal,
      } as RequestInit);
      return handleRest(request, database, operations);
    }

    it("a body that fails midway is a 400 naming the last line read; no dataset, session or staged row is left", async () => {
      const before = await staged();
      const answer = await upsert({ dataset_name: "cut-off" }, failingAfter(3));
      expect(answer.status, answer.text).toBe(400);
      expect(body<{ error: { message: string } }>(answer).error.message).toBe(
        "the request body was cut off after line 3 (did the client disconnect?); nothing was written",
      );
      const list = await call(database, { method: "GET", path: "/api/v1/datasets", query: { search: "cut-off" } });
      expect(body<{ data: unknown[] }>(list).data).toEqual([]);
      expect(await staged()).toEqual(before);

      // An existing dataset keeps its versions and content.
      const existing = body<Upserted>(await upsert({ dataset_name: "cut-off-existing" }, jsonl(records)));
      const exportBefore = (await call(database, { method: "GET", path: `/api/v1/datasets/${existing.dataset_id}/export` })).text;
      const again = await upsert({ dataset_id: existing.dataset_id, mode: "mirror" }, failingAfter(1));
      expect(again.status, again.text).toBe(400);
      expect(await versions(existing.dataset_id)).toEqual([1]);
      expect((await call(database, { method: "GET", path: `/api/v1/datasets/${existing.dataset_id}/export` })).text).toBe(exportBefore);
      expect(await staged()).toEqual(before);
    });

    it("a disconnect after the whole body, before the commit, aborts the session it opened: no version, nothing staged", async () => {
      const existing = body<Upserted>(await upsert({ dataset_name: "left-midway" }, jsonl(records)));
      const exportBefore = (await call(database, { method: "GET", path: `/api/v1/datasets/${existing.dataset_id}/export` })).text;
      const before = await staged();

      // The connection closes while the manifest is being answered: the manifest is staged, then
      // the payload step is refused and the session aborted.
      const connection = new AbortController();
      let stagedWhenClosed = 0;
      const closingOnManifest = operationWithCaller((caller) => ({
        datasets: {
          get: (input: Parameters<Caller["datasets"]["get"]>[0]) => caller.datasets.get(input),
          upsertBegin: (input: Parameters<Caller["datasets"]["upsertBegin"]>[0]) => caller.datasets.upsertBegin(input),
          upsertManifest: async (input: Parameters<Caller["datasets"]["upsertManifest"]>[0]) => {
            const answer = await caller.datasets.upsertManifest(input);
            stagedWhenClosed = (await staged()).entries - before.entries;
            connection.abort();
            return answer;
          },
          upsertPayload: (input: Parameters<Caller["datasets"]["upsertPayload"]>[0]) => caller.datasets.upsertPayload(input),
          upsertCommit: (input: Parameters<Caller["datasets"]["upsertCommit"]>[0]) => caller.datasets.upsertCommit(input),
          upsertAbort: (input: Parameters<Caller["datasets"]["upsertAbort"]>[0]) => caller.datasets.upsertAbort(input),
        },
      }));
      const changed = [...records.map((r) => ({ ...r, output: { answer: "changed" } })), { id: "new", input: { question: "new?" } }];
      const answer = await upsertUntil(connection.signal, { dataset_id: existing.dataset_id, mode: "mirror" }, jsonl(changed), [closingOnManifest]);

      expect(stagedWhenClosed).toBe(changed.length);
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(
        "the client disconnected before the upsert was committed; it was aborted, nothing was written",
      );
      expect(await versions(existing.dataset_id)).toEqual([1]);
      expect((await call(database, { method: "GET", path: `/api/v1/datasets/${existing.dataset_id}/export` })).text).toBe(exportBefore);
      expect(await staged()).toEqual(before);

      // Gone before anything was sent: no session is opened at all, no dataset created.
      const early = new AbortController();
      early.abort();
      const none = await upsertUntil(early.signal, { dataset_name: "left-early" }, jsonl(records));
      expect(none.status).toBe(400);
      const list = await call(database, { method: "GET", path: "/api/v1/datasets", query: { search: "left-early" } });
      expect(body<{ data: unknown[] }>(list).data).toEqual([]);
      expect(await staged()).toEqual(before);
    });
  });
});
