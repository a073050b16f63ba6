// Every REST operation (Cairn's /api/v1 and the Phoenix-compatible /v1), enumerated from the
// operations tables: without credentials 401, with another project's key 404, as a viewer for
// anything but GET 403, each with the error shape and a message, and nothing written. Each request
// is valid and acts on project A: the owner pass at the end proves that each one succeeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedOperations, phoenixOperations } from "../phoenix/operations";
import { handleRest } from "./handler";
import type { RestOperation } from "./operation";
import { restOperations } from "./operations";
import { buildOpenApiDocument } from "./openapi";
import { responseChecker, toRequest, type RestRequest } from "./test-client";
import { actingIn, keyHeaders, seedAccessWorld, type AccessWorld } from "@/test/access-seed";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { databaseSnapshot, type DatabaseSnapshot } from "@/test/snapshot";

type Case = (w: AccessWorld) => Omit<RestRequest, "method">;

const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
const now = new Date().toISOString();

/** A valid request per operation id, acting on A. */
const cases: Record<string, Case> = {
  "projects.list": () => ({ path: "/api/v1/projects" }),
  "projects.create": () => ({ path: "/api/v1/projects", body: { name: "created over rest" } }),
  "projects.get": (w) => ({ path: `/api/v1/projects/${w.projectA.id}` }),
  "projects.rename": (w) => ({ path: `/api/v1/projects/${w.projectA.id}`, body: { name: "team-a renamed" } }),
  "projects.delete": (w) => ({ path: `/api/v1/projects/${w.projectA.id}` }),
  "datasets.list": () => ({ path: "/api/v1/datasets" }),
  "datasets.create": () => ({ path: "/api/v1/datasets", body: { name: "created" } }),
  "datasets.get": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}` }),
  "datasets.update": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}`, body: { description: "changed" } }),
  "datasets.delete": (w) => ({ path: `/api/v1/datasets/${w.a.doomedDatasetIds[0]}` }),
  "datasets.fork": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}/fork`, body: { name: "forked" } }),
  "datasets.upsertJsonl": () => ({ path: "/api/v1/datasets/upsert", query: { dataset_name: "one-shot" }, raw: jsonl([{ id: "x1", input: { q: 1 } }]) }),
  "datasets.upsertBegin": () => ({ path: "/api/v1/datasets/upsert/begin", body: { dataset_name: "begun over rest" } }),
  "datasets.upsertManifest": (w) => ({
    path: `/api/v1/datasets/upsert/${w.a.begun.sessionId}/manifest`,
    body: { entries: [[w.a.begun.example.sourceId, w.a.begun.hash]] },
  }),
  "datasets.upsertPayload": (w) => {
    const { sourceId, ...content } = w.a.manifested.example;
    return { path: `/api/v1/datasets/upsert/${w.a.manifested.sessionId}/payload`, body: { examples: [{ source_id: sourceId, ...content }] } };
  },
  "datasets.upsertCommit": (w) => ({ path: `/api/v1/datasets/upsert/${w.a.payloaded.sessionId}/commit` }),
  "datasets.upsertAbort": (w) => ({ path: `/api/v1/datasets/upsert/${w.a.abortable.sessionId}` }),
  "versions.list": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}/versions` }),
  "versions.get": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}/versions/1` }),
  "versions.diff": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}/diff`, query: { from: 1, to: 2 } }),
  "versions.export": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}/export` }),
  "examples.list": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}/examples` }),
  "examples.get": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}/examples/${w.a.exampleIds[0]}` }),
  "runs.list": () => ({ path: "/api/v1/runs" }),
  "runs.create": (w) => ({ path: "/api/v1/runs", body: { name: "created run", dataset_id: w.a.datasetId } }),
  "runs.get": (w) => ({ path: `/api/v1/runs/${w.a.runId}` }),
  "runs.update": (w) => ({ path: `/api/v1/runs/${w.a.runId}`, body: { name: "renamed run" } }),
  "runs.delete": (w) => ({ path: `/api/v1/runs/${w.a.doomedRunIds[0]}` }),
  "results.record": (w) => ({ path: `/api/v1/runs/${w.a.runId}/results`, body: { results: [{ datapoint_id: w.a.exampleIds[0], output: { text: "again" } }] } }),
  "results.list": (w) => ({ path: `/api/v1/runs/${w.a.runId}/results` }),
  "metrics.record": (w) => ({ path: `/api/v1/runs/${w.a.runId}/metrics`, body: { metrics: [{ name: "latency.p50", value: 3 }] } }),
  "metrics.byRun": (w) => ({ path: `/api/v1/runs/${w.a.runId}/metrics` }),
  "metrics.recompute": (w) => ({ path: `/api/v1/runs/${w.a.runId}/metrics/recompute` }),
  "metrics.search": (w) => ({ path: `/api/v1/datasets/${w.a.datasetId}/metrics` }),
  "compare.runs": (w) => ({ path: "/api/v1/compare/runs", query: { run_ids: [w.a.runId, w.a.otherRunId] } }),
  "compare.summary": (w) => ({ path: "/api/v1/compare/summary", query: { run_ids: [w.a.runId, w.a.otherRunId] } }),

  "phoenix.listDatasets": () => ({ path: "/v1/datasets" }),
  "phoenix.uploadDataset": () => ({ path: "/v1/datasets/upload", body: { action: "create", name: "uploaded", inputs: [{ q: 1 }] } }),
  "phoenix.getDataset": (w) => ({ path: `/v1/datasets/${w.a.datasetId}` }),
  "phoenix.deleteDataset": (w) => ({ path: `/v1/datasets/${w.a.doomedDatasetIds[1]}` }),
  "phoenix.listDatasetVersions": (w) => ({ path: `/v1/datasets/${w.a.datasetId}/versions` }),
  "phoenix.getDatasetExamples": (w) => ({ path: `/v1/datasets/${w.a.datasetId}/examples` }),
  "phoenix.downloadDatasetJsonl": (w) => ({ path: `/v1/datasets/${w.a.datasetId}/jsonl` }),
  "phoenix.downloadDatasetCsv": (w) => ({ path: `/v1/datasets/${w.a.datasetId}/csv` }),
  "phoenix.createExperiment": (w) => ({ path: `/v1/datasets/${w.a.datasetId}/experiments`, body: { name: "experiment" } }),
  "phoenix.listExperiments": (w) => ({ path: `/v1/datasets/${w.a.datasetId}/experiments` }),
  "phoenix.getExperiment": (w) => ({ path: `/v1/experiments/${w.a.runId}` }),
  "phoenix.deleteExperiment": (w) => ({ path: `/v1/experiments/${w.a.doomedRunIds[1]}` }),
  "phoenix.createExperimentRun": (w) => ({
    path: `/v1/experiments/${w.a.runId}/runs`,
    body: { dataset_example_id: w.a.exampleIds[1], output: { text: "phoenix" }, repetition_number: 1, start_time: now, end_time: now },
  }),
  "phoenix.listExperimentRuns": (w) => ({ path: `/v1/experiments/${w.a.runId}/runs` }),
  "phoenix.listIncompleteExperimentRuns": (w) => ({ path: `/v1/experiments/${w.a.runId}/incomplete-runs` }),
  "phoenix.listIncompleteExperimentEvaluations": (w) => ({ path: `/v1/experiments/${w.a.runId}/incomplete-evaluations`, query: { evaluation_name: "helpful" } }),
  "phoenix.upsertExperimentEvaluation": (w) => ({
    path: "/v1/experiment_evaluations",
    body: { experiment_run_id: `${w.a.runId}_${w.a.exampleIds[0]}`, name: "helpful", annotator_kind: "CODE", start_time: now, end_time: now, result: { score: 1 } },
  }),
  "phoenix.exportTraces": () => ({ path: "/v1/traces", raw: "{}", headers: { "content-type": "application/json" } }),
};

const surfaces: { name: string; operations: readonly RestOperation[] }[] = [
  { name: "REST", operations: restOperations },
  { name: "Phoenix", operations: phoenixOperations },
];
const all = surfaces.flatMap(({ operations }) => operations.map((operation) => ({ operation, operations })));

interface Refused {
  who: string;
  headers: (w: AccessWorld) => Record<string, string>;
  /** The status it must get, or null where this caller is not refused (the reason is in the code). */
  status: (op: RestOperation) => number | null;
}

const isProject = (op: RestOperation) => op.projectScoped === false;
/** Answers checked against the responses the OpenAPI document gives each operation. */
const documented = responseChecker(buildOpenApiDocument(documentedOperations));

const refused: Refused[] = [
  { who: "no credentials", headers: (w) => actingIn(w.projectA, {}), status: () => 401 },
  { who: "a revoked key of A", headers: (w) => actingIn(w.projectA, keyHeaders(w.keys.revokedA)), status: () => 401 },
  {
    who: "B's key acting in A",
    headers: (w) => actingIn(w.projectA, keyHeaders(w.keys.memberB)),
    // Projects are not scoped by the header: B's key lists only B (200), and keys cannot create projects.
    status: (op) => (op.id === "projects.list" ? null : op.id === "projects.create" ? 403 : 404),
  },
  {
    who: "A's viewer key, for anything but GET",
    headers: (w) => actingIn(w.projectA, keyHeaders(w.keys.viewerA)),
    status: (op) => (op.method === "GET" ? null : 403),
  },
];

let database: TestDatabase;
let world: AccessWorld;
let before: DatabaseSnapshot;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await seedAccessWorld(database);
  before = await databaseSnapshot(database.db);
});
afterAll(async () => {
  await database.destroy();
});

async function send(operations: readonly RestOperation[], op: RestOperation, headers: Record<string, string>) {
  const req = cases[op.id](world);
  const response = await handleRest(toRequest({ ...req, method: op.method, headers: { ...req.headers, ...headers } }), database, operations, { authMode: "required" });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

describe(`access to every REST operation (${testDriver()})`, () => {
  it("has a request for every operation of both surfaces", () => {
    expect(Object.keys(cases).sort()).toEqual(all.map(({ operation }) => operation.id).sort());
  });

  for (const { who, headers, status } of refused) {
    it(`refuses ${who} with the error shape, writing nothing`, async () => {
      const wrong: string[] = [];
      for (const { operation, operations } of all) {
        const expected = status(operation);
        if (expected === null) continue;
        const answer = await send(operations, operation, headers(world));
        const error = (answer.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
        const where = `${operation.id} (${operation.method} ${operation.path})`;
        if (answer.status !== expected) wrong.push(`${where}: ${answer.status} ${answer.text.slice(0, 200)}, expected ${expected}`);
        else if (typeof error?.code !== "string" || typeof error.message !== "string" || error.message.trim() === "") {
          wrong.push(`${where}: ${answer.status} without the error shape: ${answer.text.slice(0, 200)}`);
        } else {
          let undocumented: string | null;
          try {
            undocumented = documented(operation.id, answer.status, answer.json);
          } catch (problem) {
            undocumented = (problem as Error).message;
          }
          if (undocumented) wrong.push(`${where}: ${answer.status} is not as documented: ${undocumented}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await databaseSnapshot(database.db)).toEqual(before);
    });
  }

  it("refuses an upload before reading its body (an anonymous caller cannot make the server parse a file)", async () => {
    for (const { path, operations, headers } of [
      { path: "/api/v1/datasets/upsert?dataset_name=streamed", operations: restOperations, headers: {} },
      { path: "/api/v1/datasets/upsert?dataset_name=streamed", operations: restOperations, headers: keyHeaders(world.keys.viewerA) },
      { path: "/v1/datasets/upload", operations: phoenixOperations, headers: { "content-type": "application/json" } },
    ]) {
      let pulls = 0;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulls++;
            controller.enqueue(new TextEncoder().encode(jsonl([{ id: `r${pulls}`, input: { q: pulls } }])));
            if (pulls === 1000) controller.close();
          },
        },
        { highWaterMark: 0 },
      );
      const request = new Request(`http://localhost${path}`, { method: "POST", headers, body, duplex: "half" } as RequestInit);
      const response = await handleRest(request, database, operations, { authMode: "required" });
      expect(response.status, path).toBe("authorization" in headers ? 403 : 401);
      expect(pulls, path).toBe(0);
    }
    expect(await databaseSnapshot(database.db)).toEqual(before);
  });

  it("lets B's key list only B's project, and A's viewer key read everything", async () => {
    const listed = await send(restOperations, restOperations.find((op) => op.id === "projects.list")!, actingIn(world.projectA, keyHeaders(world.keys.memberB)));
    expect((listed.json as { data: { id: string }[] }).data.map((p) => p.id)).toEqual([world.projectB.id]);
    const wrong: string[] = [];
    for (const { operation, operations } of all.filter(({ operation }) => operation.method === "GET")) {
      const answer = await send(operations, operation, actingIn(world.projectA, keyHeaders(world.keys.viewerA)));
      if (answer.status !== 200) wrong.push(`${operation.id}: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await databaseSnapshot(database.db)).toEqual(before);
  });

  it("lets the owner of A make every one of these requests", async () => {
    const wrong: string[] = [];
    const last = (op: RestOperation) => Number(isProject(op) && op.method === "DELETE");
    for (const { operation, operations } of [...all].sort((a, b) => last(a.operation) - last(b.operation))) {
      const answer = await send(operations, operation, actingIn(world.projectA, { cookie: world.owner.cookie }));
      if (answer.status >= 300) wrong.push(`${operation.id}: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });
});
