// Drives the real Arize Phoenix TypeScript client against Cairn's Phoenix-compatible routes, then
// reads the same data back through Cairn's own SDK and checks they agree.
import { createClient as createPhoenixClient } from "@arizeai/phoenix-client";
// listDatasets and getDatasetInfoByName are not exported by the package in 6.x: the first is its
// typed `GET /v1/datasets`, the second is reached through getDatasetInfo with a name.
import { appendDatasetExamples, createDataset, getDataset, getDatasetExamples, getDatasetInfo } from "@arizeai/phoenix-client/datasets";
import {
  asExperimentEvaluator,
  deleteExperiment,
  getExperiment,
  getExperimentInfo,
  getExperimentRuns,
  listExperiments,
  resumeExperiment,
  runExperiment,
} from "@arizeai/phoenix-client/experiments";
import { expect, test } from "@playwright/test";
import { createClient as createCairnClient, isCairnError } from "../sdk";

test.describe.configure({ mode: "serial" });

const quiet = { info() {}, warn() {}, error() {}, log() {}, debug() {}, table() {} };

function clients(baseURL: string | undefined) {
  const baseUrl = baseURL!;
  return { baseUrl, phoenix: createPhoenixClient({ options: { baseUrl } }), cairn: createCairnClient({ baseUrl }) };
}

const questions = [
  { input: { question: "2+2" }, output: { answer: "4" }, metadata: { topic: "math" } },
  { input: { question: "capital of France" }, output: { answer: "Paris" }, metadata: { topic: "geo" } },
  { input: { question: "color of the sky" }, output: { answer: "blue" }, metadata: { topic: "science" } },
];

test("the server says it is Phoenix 15 or later", async ({ request }) => {
  const version = await request.get("/arize_phoenix_version");
  expect(version.ok()).toBe(true);
  expect(await version.text()).toBe("15.0.0");
  const list = await request.get("/v1/datasets");
  expect(list.headers()["x-phoenix-server-version"]).toBe("15.0.0");
  expect(await list.json()).toMatchObject({ data: expect.any(Array), next_cursor: null });
});

test("createDataset without ids: same examples are a no-op, changed ones sync", async ({ baseURL }) => {
  const { phoenix, cairn } = clients(baseURL);
  const { datasetId } = await createDataset({ client: phoenix, name: "phx-no-ids", description: "from Phoenix", examples: questions });

  const dataset = await cairn.datasets.get({ datasetId });
  expect(dataset).toMatchObject({ name: "phx-no-ids", description: "from Phoenix", exampleCount: 3, latestVersion: 1 });
  const v1 = await cairn.examples.list({ datasetId });
  expect(v1.items.map((e) => e.input).sort((a, b) => String(a.question).localeCompare(String(b.question)))).toEqual(
    questions.map((q) => q.input).sort((a, b) => a.question.localeCompare(b.question)),
  );

  await createDataset({ client: phoenix, name: "phx-no-ids", description: "from Phoenix", examples: questions });
  expect((await cairn.versions.list({ datasetId })).items).toHaveLength(1);

  // `createDataset` uploads with action=update: the dataset becomes exactly these examples.
  const changed = [questions[0], { ...questions[1], output: { answer: "Paris, France" } }];
  await createDataset({ client: phoenix, name: "phx-no-ids", description: "from Phoenix", examples: changed });
  const after = await cairn.datasets.get({ datasetId });
  expect(after).toMatchObject({ latestVersion: 2, exampleCount: 2 });
  const v2 = await cairn.examples.list({ datasetId });
  expect(v2.items.map((e) => e.output)).toEqual(expect.arrayContaining([{ answer: "4" }, { answer: "Paris, France" }]));

  // Phoenix reads the same examples, versions included.
  const latest = await getDatasetExamples({ client: phoenix, dataset: { datasetId } });
  expect(latest.versionId).toBe(after.latestVersionId);
  expect(latest.examples.map((e) => e.id).sort()).toEqual(v2.items.map((e) => e.id).sort());
  const versions = await cairn.versions.list({ datasetId });
  const first = versions.items.find((v) => v.number === 1)!;
  const old = await getDatasetExamples({ client: phoenix, dataset: { datasetId, versionId: first.id } });
  expect(old.versionId).toBe(first.id);
  expect(old.examples).toHaveLength(3);
  expect(old.examples.map((e) => e.id).sort()).toEqual(v1.items.map((e) => e.id).sort());
});

test("createDataset with ids: ids are source ids; append never deletes; create on an existing name is 409", async ({ baseURL, request }) => {
  const { phoenix, cairn } = clients(baseURL);
  const withIds = questions.map((q, i) => ({ ...q, id: `q-${i + 1}` }));
  const { datasetId } = await createDataset({ client: phoenix, name: "phx-ids", description: "", examples: withIds });
  const v1 = await cairn.examples.list({ datasetId });
  expect(v1.items.map((e) => e.sourceId).sort()).toEqual(["q-1", "q-2", "q-3"]);

  await createDataset({ client: phoenix, name: "phx-ids", description: "", examples: withIds });
  expect((await cairn.datasets.get({ datasetId })).latestVersion).toBe(1);

  const edited = withIds.map((e) => (e.id === "q-2" ? { ...e, output: { answer: "Paris!" } } : e));
  await createDataset({ client: phoenix, name: "phx-ids", description: "", examples: edited });
  const versions = await cairn.versions.list({ datasetId });
  expect(versions.items[0]).toMatchObject({ number: 2, summary: { added: 0, updated: 1, deleted: 0, unchanged: 2 } });
  const q2 = (await cairn.examples.list({ datasetId })).items.find((e) => e.sourceId === "q-2")!;
  expect(q2.output).toEqual({ answer: "Paris!" });
  expect(q2.id).toBe(v1.items.find((e) => e.sourceId === "q-2")!.id);

  const appended = await appendDatasetExamples({
    client: phoenix,
    dataset: { datasetName: "phx-ids" },
    examples: [{ id: "q-4", input: { question: "3*3" }, output: { answer: "9" } }],
  });
  expect(appended.datasetId).toBe(datasetId);
  const afterAppend = await cairn.datasets.get({ datasetId });
  expect(afterAppend).toMatchObject({ latestVersion: 3, exampleCount: 4, latestVersionId: appended.versionId });

  const create = await request.post("/v1/datasets/upload?sync=true", { data: { action: "create", name: "phx-ids", inputs: [{ q: 1 }] } });
  expect(create.status()).toBe(409);
  expect((await cairn.datasets.get({ datasetId })).latestVersion).toBe(3);

  const info = await getDatasetInfo({ client: phoenix, dataset: { datasetId } });
  expect(info).toMatchObject({ id: datasetId, name: "phx-ids" });
  expect(await getDatasetInfo({ client: phoenix, dataset: { datasetName: "phx-ids" } })).toMatchObject({ id: datasetId, name: "phx-ids" });
  const whole = await getDataset({ client: phoenix, dataset: { datasetName: "phx-ids" } });
  expect(whole.versionId).toBe(afterAppend.latestVersionId);
  expect(whole.examples).toHaveLength(4);
  const listed = await phoenix.GET("/v1/datasets");
  expect(listed.data?.data.find((d) => d.id === datasetId)).toMatchObject({ name: "phx-ids", example_count: 4 });
  const byName = await phoenix.GET("/v1/datasets", { params: { query: { name: "phx-ids" } } });
  expect(byName.data?.data.map((d) => d.id)).toEqual([datasetId]);
});

test("multipart uploads of JSONL and CSV files", async ({ baseURL }) => {
  const { baseUrl, cairn } = clients(baseURL);
  const jsonl = new FormData();
  jsonl.set("action", "create");
  jsonl.set("name", "phx-jsonl");
  jsonl.append("input_keys[]", "question");
  jsonl.append("output_keys[]", "answer");
  jsonl.set("file", new File(['{"question":"a?","answer":"A"}\n{"question":"b?","answer":"B"}\n'], "data.jsonl", { type: "application/jsonl" }));
  const res = await fetch(`${baseUrl}/v1/datasets/upload?sync=true`, { method: "POST", body: jsonl });
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: { dataset_id: string; version_id: string; num_created_examples: number } };
  expect(data.num_created_examples).toBe(2);
  const examples = await cairn.examples.list({ datasetId: data.dataset_id });
  expect(examples.items.map((e) => [e.input, e.output])).toEqual(
    expect.arrayContaining([
      [{ question: "a?" }, { answer: "A" }],
      [{ question: "b?" }, { answer: "B" }],
    ]),
  );

  const csv = new FormData();
  csv.set("action", "create");
  csv.set("name", "phx-csv");
  csv.append("input_keys[]", "question");
  csv.append("output_keys[]", "answer");
  csv.append("metadata_keys[]", "source");
  csv.set("file", new File(['question,answer,source\r\n"hello, world",hi,web\r\n"say ""x""",x,book\r\n'], "data.csv", { type: "text/csv" }));
  const csvRes = await fetch(`${baseUrl}/v1/datasets/upload?sync=true`, { method: "POST", body: csv });
  expect(csvRes.status).toBe(200);
  const csvData = ((await csvRes.json()) as { data: { dataset_id: string } }).data;
  const rows = await cairn.examples.list({ datasetId: csvData.dataset_id });
  expect(rows.items.map((e) => [e.input, e.output, e.metadata])).toEqual(
    expect.arrayContaining([
      [{ question: "hello, world" }, { answer: "hi" }, { source: "web" }],
      [{ question: 'say "x"' }, { answer: "x" }, { source: "book" }],
    ]),
  );
});

test("runExperiment with an evaluator: a Cairn run on the version, results, scores and metrics", async ({ baseURL }) => {
  const { phoenix, cairn } = clients(baseURL);
  const { datasetId } = await createDataset({ client: phoenix, name: "phx-exp", description: "", examples: questions });
  const dataset = await cairn.datasets.get({ datasetId });

  const exact = asExperimentEvaluator({
    name: "exact",
    kind: "CODE",
    evaluate: ({ output, expected }) => {
      const match = (output as { answer?: string } | null)?.answer === (expected as { answer?: string } | undefined)?.answer;
      return { score: match ? 1 : 0, label: match ? "match" : "miss", explanation: null };
    },
  });
  const ran = await runExperiment({
    client: phoenix,
    experimentName: "phoenix experiment",
    dataset: { datasetId },
    task: (example) => ({ answer: example.input.question === "2+2" ? "4" : "?" }),
    evaluators: [exact],
    logger: quiet,
  });

  const run = await cairn.runs.get({ id: ran.id });
  expect(run).toMatchObject({ name: "phoenix experiment", datasetId, datasetVersionId: dataset.latestVersionId, datapointCount: 3 });

  // Phoenix sends evaluations without waiting for them.
  await expect
    .poll(async () => (await cairn.results.list({ runId: ran.id })).items.flatMap((r) => r.scores).length, { timeout: 10_000 })
    .toBe(3);
  const results = await cairn.results.list({ runId: ran.id });
  for (const result of results.items) {
    const expected = (result.expectedOutput as { answer: string }).answer;
    expect(result.output).toEqual({ answer: expected === "4" ? "4" : "?" });
    expect(result.scores).toEqual([{ name: "exact", value: expected === "4" ? 1 : 0, label: expected === "4" ? "match" : "miss", explanation: null }]);
  }
  await expect
    .poll(async () => {
      const metrics = await cairn.metrics.byRun({ runId: ran.id });
      return metrics.groups.find((g) => g.datasetId === datasetId)?.metrics.find((m) => m.name === "exact.count")?.value;
    })
    .toBe(3);
  const metrics = await cairn.metrics.byRun({ runId: ran.id });
  expect(metrics.groups.find((g) => g.datasetId === datasetId)?.metrics.find((m) => m.name === "exact.mean")?.value).toBeCloseTo(1 / 3);

  const info = await getExperimentInfo({ client: phoenix, experimentId: ran.id });
  expect(info).toMatchObject({ datasetId, datasetVersionId: dataset.latestVersionId, exampleCount: 3, successfulRunCount: 3, failedRunCount: 0, missingRunCount: 0 });
  const got = await getExperiment({ client: phoenix, experimentId: ran.id });
  expect(Object.keys(got.runs)).toHaveLength(3);
  const { runs } = await getExperimentRuns({ client: phoenix, experimentId: ran.id });
  expect(runs.map((r) => r.datasetExampleId).sort()).toEqual(results.items.map((r) => r.datapointId).sort());
  expect(runs.every((r) => r.experimentId === ran.id && r.error === null)).toBe(true);
  const listed = await listExperiments({ client: phoenix, datasetId });
  expect(listed.map((e) => e.id)).toContain(ran.id);

  await deleteExperiment({ client: phoenix, experimentId: ran.id });
  const gone = await cairn.runs.get({ id: ran.id }).catch((error: unknown) => error);
  expect(isCairnError(gone) && gone.code).toBe("NOT_FOUND");
  expect((await listExperiments({ client: phoenix, datasetId })).map((e) => e.id)).not.toContain(ran.id);
});

test("resumeExperiment reruns the failed examples, then its evaluators", async ({ baseURL, page }) => {
  const { phoenix, cairn } = clients(baseURL);
  const { datasetId } = await createDataset({ client: phoenix, name: "phx-resume", description: "", examples: questions });
  const ran = await runExperiment({
    client: phoenix,
    dataset: { datasetId },
    task: (example) => {
      if (example.input.question === "2+2") throw new Error("flaky");
      return { answer: "ok" };
    },
    logger: quiet,
  });
  expect(await getExperimentInfo({ client: phoenix, experimentId: ran.id })).toMatchObject({ successfulRunCount: 2, failedRunCount: 1 });

  const answered = asExperimentEvaluator({ name: "answered", kind: "CODE", evaluate: ({ output }) => ({ score: output ? 1 : 0 }) });
  await resumeExperiment({ client: phoenix, experimentId: ran.id, task: () => ({ answer: "ok" }), evaluators: [answered], logger: quiet });
  expect(await getExperimentInfo({ client: phoenix, experimentId: ran.id })).toMatchObject({ successfulRunCount: 3, failedRunCount: 0, missingRunCount: 0 });
  const results = await cairn.results.list({ runId: ran.id });
  expect(results.items.map((r) => [r.output, r.error, r.scores.map((score) => [score.name, score.value])])).toEqual([
    [{ answer: "ok" }, null, [["answered", 1]]],
    [{ answer: "ok" }, null, [["answered", 1]]],
    [{ answer: "ok" }, null, [["answered", 1]]],
  ]);
  const incomplete = await phoenix.GET("/v1/experiments/{experiment_id}/incomplete-evaluations", {
    params: { path: { experiment_id: ran.id }, query: { evaluation_name: ["answered", "other"] } },
  });
  expect(incomplete.data?.data.map((row) => row.evaluation_names)).toEqual([["other"], ["other"], ["other"]]);

  // The run and its per-dataset metric appear in Cairn's UI.
  await page.goto(`/p/default/runs/${ran.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("running");
  const metrics = page.getByRole("region", { name: "Metrics on phx-resume" }).getByRole("row", { name: /answered/ });
  await expect(metrics.getByRole("cell")).toHaveText(["1", "—", "3"]);
});

test("dataset downloads and OTLP traces", async ({ baseURL, request }) => {
  const { phoenix } = clients(baseURL);
  const { datasetId } = await createDataset({ client: phoenix, name: "phx-download", description: "", examples: questions.map((q, i) => ({ ...q, id: `d${i}` })) });
  const jsonl = await request.get(`/v1/datasets/${datasetId}/jsonl`);
  const lines = (await jsonl.text()).trim().split("\n").map((line) => JSON.parse(line) as { source_id: string; input: unknown });
  expect(lines.map((line) => line.source_id)).toEqual(["d0", "d1", "d2"]);
  const csv = await request.get(`/v1/datasets/${datasetId}/csv`);
  expect((await csv.text()).split("\r\n")[1]).toMatch(/^[0-9a-f-]{36},d0,"{""question"":""2\+2""}"/);

  const traces = await request.post("/v1/traces", { headers: { "content-type": "application/x-protobuf" }, data: Buffer.from([0x0a, 0x00]) });
  expect(traces.status()).toBe(200);
  expect(traces.headers()["x-phoenix-server-version"]).toBe("15.0.0");
  const unknown = await request.get("/v1/experiments/00000000-0000-0000-0000-000000000000");
  expect(unknown.status()).toBe(404);
});
