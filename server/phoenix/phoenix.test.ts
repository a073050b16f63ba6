// The Phoenix-compatible routes in-process on both drivers (the real client is driven in e2e/phoenix.spec.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createCaller } from "../trpc/caller";
import { handleRest } from "../rest/handler";
import { toRequest, type RestRequest } from "../rest/test-client";
import { phoenixOperations } from "./operations";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

async function call(req: RestRequest) {
  const response = await handleRest(toRequest(req), database, phoenixOperations);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : null }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const upload = (action: string, inputs: object[], extra: object = {}) =>
  call({ method: "POST", path: "/v1/datasets/upload", query: { sync: true }, body: { action, name: "phx", inputs, ...extra } });

describe("Phoenix-compatible routes", () => {
  it("uploads, syncs and reads a dataset the Phoenix way", async () => {
    const created = await upload("create", [{ q: 1 }, { q: 2 }], { outputs: [{ a: 1 }, { a: 2 }], example_ids: ["one", "two"] });
    expect(created.status).toBe(200);
    expect(created.body!.data).toMatchObject({ num_created_examples: 2, num_updated_examples: 0, num_deleted_examples: 0 });
    const { dataset_id: datasetId, version_id: v1 } = created.body!.data;

    expect((await upload("create", [{ q: 1 }])).status).toBe(409);
    const same = await upload("update", [{ q: 1 }, { q: 2 }], { outputs: [{ a: 1 }, { a: 2 }], example_ids: ["one", "two"] });
    expect(same.body!.data).toMatchObject({ version_id: v1, num_created_examples: 0 });
    const appended = await upload("append", [{ q: 3 }], { example_ids: ["three"] });
    expect(appended.body!.data).toMatchObject({ num_created_examples: 1, num_deleted_examples: 0 });
    const mirrored = await upload("update", [{ q: 3 }], { example_ids: ["three"] });
    expect(mirrored.body!.data).toMatchObject({ num_deleted_examples: 2 });
    const bad = await upload("update", [{ q: 1 }], { outputs: [] });
    expect(bad.status).toBe(400);

    const old = await call({ method: "GET", path: `/v1/datasets/${datasetId}/examples`, query: { version_id: v1 } });
    expect(old.body!.data.examples.map((e: { source_id: string }) => e.source_id).sort()).toEqual(["one", "two"]);
    const versions = await call({ method: "GET", path: `/v1/datasets/${datasetId}/versions` });
    expect(versions.body!.data).toHaveLength(3);
    const missing = await call({ method: "GET", path: `/v1/datasets/${datasetId}/examples`, query: { version_id: "nope" } });
    expect(missing.status).toBe(404);
  });

  it("records an experiment as a run, its runs as results and its evaluations as scores", async () => {
    const created = await call({ method: "POST", path: "/v1/datasets/upload", body: { action: "create", name: "phx-exp", inputs: [{ q: 1 }, { q: 2 }] } });
    const { dataset_id: datasetId, version_id: versionId } = created.body!.data;
    const experiment = await call({ method: "POST", path: `/v1/datasets/${datasetId}/experiments`, body: { name: "exp", version_id: versionId, project_name: "p" } });
    expect(experiment.body!.data).toMatchObject({ dataset_version_id: versionId, example_count: 2, missing_run_count: 2, project_name: "p" });
    const experimentId = experiment.body!.data.id as string;

    const examples = (await call({ method: "GET", path: `/v1/datasets/${datasetId}/examples` })).body!.data.examples as { id: string }[];
    const now = new Date().toISOString();
    const run = await call({
      method: "POST",
      path: `/v1/experiments/${experimentId}/runs`,
      body: { dataset_example_id: examples[0].id, output: { a: 1 }, repetition_number: 1, start_time: now, end_time: now },
    });
    const runId = run.body!.data.id as string;
    const evaluation = await call({
      method: "POST",
      path: "/v1/experiment_evaluations",
      body: { experiment_run_id: runId, name: "good", annotator_kind: "CODE", start_time: now, end_time: now, result: { score: 0.5, label: "half" } },
    });
    expect(evaluation.status).toBe(200);

    const caller = createCaller(database, new Headers());
    const results = await caller.results.list({ runId: experimentId });
    expect(results.items).toMatchObject([{ datapointId: examples[0].id, output: { a: 1 }, scores: [{ name: "good", value: 0.5, label: "half" }] }]);
    const metrics = await caller.metrics.byRun({ runId: experimentId });
    expect(metrics.groups[0].metrics.map((m) => [m.name, m.value])).toEqual([
      ["good.count", 1],
      ["good.mean", 0.5],
    ]);

    const incomplete = await call({ method: "GET", path: `/v1/experiments/${experimentId}/incomplete-runs`, query: { limit: 1 } });
    expect(incomplete.body!.data.map((r: { dataset_example: { id: string } }) => r.dataset_example.id)).toEqual([examples[1].id]);
    const evals = await call({ method: "GET", path: `/v1/experiments/${experimentId}/incomplete-evaluations`, query: { evaluation_name: ["good", "other"] } });
    expect(evals.body!.data.map((r: { evaluation_names: string[] }) => r.evaluation_names)).toEqual([["other"]]);
    const info = await call({ method: "GET", path: `/v1/experiments/${experimentId}` });
    expect(info.body!.data).toMatchObject({ successful_run_count: 1, failed_run_count: 0, missing_run_count: 1 });

    expect((await call({ method: "DELETE", path: `/v1/experiments/${experimentId}` })).status).toBe(204);
    expect((await call({ method: "GET", path: `/v1/experiments/${experimentId}` })).status).toBe(404);
  });
});
