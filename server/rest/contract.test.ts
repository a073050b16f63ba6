// The contract test: walks the OpenAPI document and calls every operation through the REST
// handler, once with a valid request (the answer must validate against the documented response
// schema) and once with an invalid one (400 with the error shape and the wire path of the field).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../trpc/caller";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { contentHash } from "@/lib/hash";
import { buildOpenApiDocument } from "./openapi";
import { operationSchemas } from "./schemas";
import { restOperations } from "./operations";
import { call, operationsOf, responseChecker, type RestRequest } from "./test-client";

const doc = buildOpenApiDocument();
const check = responseChecker(doc);
const MISSING = "00000000-0000-4000-8000-000000000000";

let database: TestDatabase;
let caller: ReturnType<typeof createCaller>;
let datasetId: string;
let exampleIds: string[];
let runA: string;
let runB: string;

const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
const records = [
  { id: "q1", input: { questionText: "2+2?" }, output: { answerText: "4" }, metadata: { camelKey: "kept" } },
  { id: "q2", input: { questionText: "Capital of France?" }, output: { answerText: "Paris" } },
  { id: "q3", input: { questionText: "Largest planet?" }, output: { answerText: "Jupiter" } },
];

beforeAll(async () => {
  database = await createTestDatabase();
  caller = createCaller(database);
  const transport = caller.datasets;
  const { syncDataset } = await import("@/lib/sync");
  const toSync = (rs: typeof records) => rs.map((r) => ({ sourceId: r.id, input: r.input, output: r.output, metadata: r.metadata }));
  datasetId = (await syncDataset({ transport, dataset: { datasetName: "qa" }, examples: toSync(records), message: "first" })).datasetId;
  const v2 = records.map((r) => (r.id === "q2" ? { ...r, output: { answerText: "Paris, France" } } : r));
  await syncDataset({ transport, dataset: { datasetId }, examples: toSync(v2), message: "second" });
  exampleIds = (await caller.examples.list({ datasetId })).items.map((e) => e.id);
  runA = (await caller.runs.create({ name: "run a", datasetId, configuration: { modelName: "m1" } })).id;
  runB = (await caller.runs.create({ name: "run b", datasetId })).id;
  for (const [run, value] of [
    [runA, 0.5],
    [runB, 0.75],
  ] as const) {
    await caller.results.record({
      runId: run,
      results: exampleIds.map((id, i) => ({ datapointId: id, output: { text: `answer ${i}` }, scores: [{ name: "accuracy", value: value + i * 0.1 }] })),
    });
    await caller.metrics.record({ runId: run, metrics: [{ name: "latency.p50", value: 120 * value, datasetId }] });
  }
});
afterAll(async () => {
  await database.destroy();
});

/** A begun upsert session of dataset "staged" (the manifest sent when `withManifest`), for the protocol's steps. */
async function session(step: "begin" | "manifest" | "payload") {
  const example = { sourceId: "s1", input: { q: "staged?" }, output: {}, metadata: {} };
  const begun = await caller.datasets.upsertBegin({ datasetName: `staged-${Math.random().toString(36).slice(2)}` });
  const hash = await contentHash(example);
  if (step !== "begin") await caller.datasets.upsertManifest({ sessionId: begun.sessionId, entries: [[example.sourceId, hash]] });
  if (step === "payload") await caller.datasets.upsertPayload({ sessionId: begun.sessionId, examples: [example] });
  return { sessionId: begun.sessionId, example, hash };
}

interface Case {
  valid: () => Promise<RestRequest> | RestRequest;
  /** Expected success status (default: the documented one). */
  invalid?: () => Promise<RestRequest> | RestRequest;
  /** The wire path the 400 must name ("" for an object-level rule). */
  invalidPath?: string;
}

const cases: Record<string, Case> = {
  "projects.list": { valid: () => ({ method: "GET", path: "/api/v1/projects" }) },
  "projects.create": {
    valid: () => ({ method: "POST", path: "/api/v1/projects", body: { name: "acme" } }),
    invalid: () => ({ method: "POST", path: "/api/v1/projects", body: { name: "   " } }),
    invalidPath: "name",
  },
  "projects.get": {
    valid: async () => ({ method: "GET", path: `/api/v1/projects/${(await caller.projects.get({ name: "default" })).id}` }),
    invalid: () => ({ method: "GET", path: `/api/v1/projects/${"x".repeat(201)}` }),
    invalidPath: "project_id",
  },
  "projects.rename": {
    valid: async () => ({ method: "PATCH", path: `/api/v1/projects/${(await caller.projects.create({ name: "old name" })).id}`, body: { name: "new name" } }),
    invalid: async () => ({ method: "PATCH", path: `/api/v1/projects/${MISSING}`, body: { name: 5 } }),
    invalidPath: "name",
  },
  "projects.delete": {
    valid: async () => ({ method: "DELETE", path: `/api/v1/projects/${(await caller.projects.create({ name: "doomed" })).id}` }),
    invalid: () => ({ method: "DELETE", path: `/api/v1/projects/${MISSING}`, query: { cascade: "yes" } }),
    invalidPath: "",
  },
  "datasets.list": {
    valid: () => ({ method: "GET", path: "/api/v1/datasets", query: { search: "q", limit: 10 } }),
    invalid: () => ({ method: "GET", path: "/api/v1/datasets", query: { limit: 0 } }),
    invalidPath: "limit",
  },
  "datasets.create": {
    valid: () => ({ method: "POST", path: "/api/v1/datasets", body: { name: "created", params: { maxTokens: 5 } } }),
    invalid: () => ({ method: "POST", path: "/api/v1/datasets", body: { name: "x", params: [] } }),
    invalidPath: "params",
  },
  "datasets.get": {
    valid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}` }),
    invalid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}`, query: { dataset_name: "qa" } }),
    invalidPath: "dataset_name",
  },
  "datasets.update": {
    valid: () => ({ method: "PATCH", path: `/api/v1/datasets/${datasetId}`, body: { description: "Questions" } }),
    invalid: () => ({ method: "PATCH", path: `/api/v1/datasets/${datasetId}`, body: { description: 7 } }),
    invalidPath: "description",
  },
  "datasets.delete": {
    valid: async () => ({ method: "DELETE", path: `/api/v1/datasets/${(await caller.datasets.create({ name: "to delete" })).id}` }),
    invalid: () => ({ method: "DELETE", path: `/api/v1/datasets/${datasetId}`, query: { force: "maybe" } }),
    invalidPath: "force",
  },
  "datasets.fork": {
    valid: () => ({ method: "POST", path: `/api/v1/datasets/${datasetId}/fork`, body: { name: "qa fork", version: 1 } }),
    invalid: () => ({ method: "POST", path: `/api/v1/datasets/${datasetId}/fork`, body: { name: "qa fork 2", version: -1 } }),
    invalidPath: "version",
  },
  "datasets.upsertJsonl": {
    valid: () => ({ method: "POST", path: "/api/v1/datasets/upsert", query: { dataset_name: "one-shot" }, raw: jsonl(records) }),
    invalid: () => ({ method: "POST", path: "/api/v1/datasets/upsert", query: { mode: "mirror" }, raw: jsonl(records) }),
    invalidPath: "",
  },
  "datasets.upsertBegin": {
    valid: () => ({ method: "POST", path: "/api/v1/datasets/upsert/begin", body: { dataset_name: "protocol", mode: "merge" } }),
    invalid: () => ({ method: "POST", path: "/api/v1/datasets/upsert/begin", body: { dataset_name: "protocol", mode: "replace" } }),
    invalidPath: "mode",
  },
  "datasets.upsertManifest": {
    valid: async () => {
      const { sessionId, example, hash } = await session("begin");
      return { method: "POST", path: `/api/v1/datasets/upsert/${sessionId}/manifest`, body: { entries: [[example.sourceId, hash]] } };
    },
    invalid: async () => ({ method: "POST", path: `/api/v1/datasets/upsert/${(await session("begin")).sessionId}/manifest`, body: { entries: [["s1", "not-a-hash"]] } }),
    invalidPath: "entries.0.1",
  },
  "datasets.upsertPayload": {
    valid: async () => {
      const { sessionId, example } = await session("manifest");
      const wire = { source_id: example.sourceId, input: example.input, output: example.output, metadata: example.metadata };
      return { method: "POST", path: `/api/v1/datasets/upsert/${sessionId}/payload`, body: { examples: [wire] } };
    },
    invalid: async () => ({ method: "POST", path: `/api/v1/datasets/upsert/${(await session("manifest")).sessionId}/payload`, body: { examples: [] } }),
    invalidPath: "examples",
  },
  "datasets.upsertCommit": {
    valid: async () => ({ method: "POST", path: `/api/v1/datasets/upsert/${(await session("payload")).sessionId}/commit` }),
    invalid: async () => ({ method: "POST", path: `/api/v1/datasets/upsert/${(await session("payload")).sessionId}/commit`, body: { force: true } }),
    invalidPath: "",
  },
  "datasets.upsertAbort": {
    valid: async () => ({ method: "DELETE", path: `/api/v1/datasets/upsert/${(await session("begin")).sessionId}` }),
    invalid: () => ({ method: "DELETE", path: `/api/v1/datasets/upsert/${"s".repeat(201)}` }),
    invalidPath: "session_id",
  },
  "versions.list": {
    valid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/versions` }),
    invalid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/versions`, query: { limit: "ten" } }),
    invalidPath: "limit",
  },
  "versions.get": {
    valid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/versions/2` }),
    invalid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/versions/latest` }),
    invalidPath: "version",
  },
  "versions.diff": {
    valid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/diff`, query: { from: 1, to: 2 } }),
    invalid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/diff`, query: { from: 1 } }),
    invalidPath: "to",
  },
  "versions.export": {
    valid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/export`, query: { version: 1 } }),
    invalid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/export`, query: { version: 0 } }),
    invalidPath: "version",
  },
  "examples.list": {
    valid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/examples`, query: { version: 2, limit: 2 } }),
    invalid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/examples`, query: { version: 1.5 } }),
    invalidPath: "version",
  },
  "examples.get": {
    valid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/examples/${exampleIds[1]}` }),
    invalid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/examples/${exampleIds[1]}`, query: { source_id: "q2" } }),
    invalidPath: "source_id",
  },
  "runs.list": {
    valid: () => ({ method: "GET", path: "/api/v1/runs", query: { dataset_id: datasetId, status: ["pending", "running"] } }),
    invalid: () => ({ method: "GET", path: "/api/v1/runs", query: { status: "finished" } }),
    invalidPath: "status",
  },
  "runs.create": {
    valid: () => ({
      method: "POST",
      path: "/api/v1/runs",
      body: { name: "rest run", dataset_id: datasetId, configuration: { modelName: "m2" }, metadata: { camelKey: 1 }, status: "running" },
    }),
    invalid: () => ({ method: "POST", path: "/api/v1/runs", body: { name: "rest run", datapoint_ids: "all" } }),
    invalidPath: "datapoint_ids",
  },
  "runs.get": {
    valid: () => ({ method: "GET", path: `/api/v1/runs/${runA}` }),
    invalid: () => ({ method: "GET", path: `/api/v1/runs/${"r".repeat(201)}` }),
    invalidPath: "run_id",
  },
  "runs.update": {
    valid: async () => ({ method: "PATCH", path: `/api/v1/runs/${(await caller.runs.create({ name: "to update" })).id}`, body: { status: "running", metadata: { stepCount: 2 } } }),
    invalid: () => ({ method: "PATCH", path: `/api/v1/runs/${runA}`, body: { dataset_id: datasetId } }),
    invalidPath: "dataset_id",
  },
  "runs.delete": {
    valid: async () => ({ method: "DELETE", path: `/api/v1/runs/${(await caller.runs.create({ name: "to delete" })).id}` }),
    invalid: () => ({ method: "DELETE", path: `/api/v1/runs/${runA}`, query: { force: "true" } }),
    invalidPath: "",
  },
  "results.record": {
    valid: () => ({
      method: "POST",
      path: `/api/v1/runs/${runA}/results`,
      body: { results: [{ datapoint_id: exampleIds[0], output: { finalAnswer: "4" }, latency_ms: 12, scores: [{ name: "exact", value: true }] }] },
    }),
    invalid: () => ({ method: "POST", path: `/api/v1/runs/${runA}/results`, body: { results: [{ datapoint_id: exampleIds[0], latency_ms: -1 }] } }),
    invalidPath: "results.0.latency_ms",
  },
  "results.list": {
    valid: () => ({ method: "GET", path: `/api/v1/runs/${runA}/results`, query: { score_name: "accuracy", min_value: 0 } }),
    invalid: () => ({ method: "GET", path: `/api/v1/runs/${runA}/results`, query: { min_value: 0.5 } }),
    invalidPath: "score_name",
  },
  "metrics.record": {
    valid: () => ({ method: "POST", path: `/api/v1/runs/${runA}/metrics`, body: { metrics: [{ name: "cost.total", value: 0.12, dataset_id: datasetId }] } }),
    invalid: () => ({ method: "POST", path: `/api/v1/runs/${runA}/metrics`, body: { metrics: [{ name: "cost.total", value: "cheap" }] } }),
    invalidPath: "metrics.0.value",
  },
  "metrics.byRun": {
    valid: () => ({ method: "GET", path: `/api/v1/runs/${runA}/metrics` }),
    invalid: () => ({ method: "GET", path: `/api/v1/runs/${runA}/metrics`, query: { name: "x" } }),
    invalidPath: "",
  },
  "metrics.recompute": {
    valid: () => ({ method: "POST", path: `/api/v1/runs/${runB}/metrics/recompute` }),
    invalid: () => ({ method: "POST", path: `/api/v1/runs/${runB}/metrics/recompute`, body: { names: ["accuracy"] } }),
    invalidPath: "",
  },
  "metrics.search": {
    valid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/metrics`, query: { name: "latency.p50" } }),
    invalid: () => ({ method: "GET", path: `/api/v1/datasets/${datasetId}/metrics`, query: { limit: 5000 } }),
    invalidPath: "limit",
  },
  "compare.runs": {
    valid: () => ({ method: "GET", path: "/api/v1/compare/runs", query: { run_ids: [runA, runB], "filter[regressions_only]": "false", limit: 10 } }),
    invalid: () => ({ method: "GET", path: "/api/v1/compare/runs", query: { run_ids: [runA, runB], "filter[regressions_only]": "true", "filter[improvements_only]": "true" } }),
    invalidPath: "filter",
  },
  "compare.summary": {
    valid: () => ({ method: "GET", path: "/api/v1/compare/summary", query: { run_ids: [runA, runB], baseline_run_id: runB } }),
    invalid: () => ({ method: "GET", path: "/api/v1/compare/summary", query: { run_ids: [runA] } }),
    invalidPath: "run_ids",
  },
};

const documented = operationsOf(doc);

describe(`REST contract: every operation of the OpenAPI document (${testDriver()})`, () => {
  it("has a valid and an invalid case for every operation, skipping the invalid one only where there is no input", () => {
    expect(Object.keys(cases).sort()).toEqual(documented.map((d) => d.operation.operationId).sort());
    const skipped = Object.entries(cases)
      .filter(([, c]) => !c.invalid)
      .map(([id]) => id)
      .sort();
    const withoutInput = restOperations
      .filter((op) => operationSchemas(op).input === null)
      .map((op) => op.id)
      .sort();
    expect(skipped).toEqual(withoutInput);
    expect(skipped).toEqual(["projects.list"]);
  });

  for (const { method, path, operation } of documented) {
    const id = operation.operationId;
    const success = Number(Object.keys(operation.responses).find((status) => status.startsWith("2")));

    it(`${id}: ${method.toUpperCase()} ${path} answers ${success} in the documented shape`, async () => {
      const req = await cases[id].valid();
      expect(req.method).toBe(method.toUpperCase());
      const answer = await call(database, req);
      expect(answer.status, answer.text).toBe(success);
      if (answer.headers.get("content-type")?.startsWith("application/x-ndjson")) {
        const lines = answer.text.trimEnd().split("\n");
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(check(id, success, JSON.parse(line), "x-line-schema"), line).toBeNull();
      } else {
        expect(check(id, success, answer.json), answer.text).toBeNull();
      }
    });

    if (cases[id].invalid) {
      it(`${id}: an invalid request answers 400 naming the field`, async () => {
        const answer = await call(database, await cases[id].invalid!());
        expect(answer.status, answer.text).toBe(400);
        expect(check(id, 400, answer.json), answer.text).toBeNull();
        const error = (answer.json as { error: { code: string; message: string; details: { path: string; message: string }[] } }).error;
        expect(error.code).toBe("BAD_REQUEST");
        expect(error.message).not.toBe("");
        expect(error.details.map((d) => d.path)).toContain(cases[id].invalidPath);
      });
    }
  }
});
