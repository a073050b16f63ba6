import { expect, test } from "@playwright/test";
import { CairnError, createClient, runExperiment, type CairnClient } from "../sdk";

// The SDK end to end, against the production build (`next start` on a fresh embedded database).

/** A client whose every request is logged: procedure path and decoded JSON body. */
function recordingClient(baseUrl: string, before?: (path: string) => Promise<void>) {
  const calls: { path: string; body: unknown }[] = [];
  const client = createClient({
    baseUrl,
    fetch: async (input, init) => {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const path = url.pathname.replace(/^\/api\/trpc\//, "");
      const text = typeof init?.body === "string" ? init.body : null;
      calls.push({ path, body: text === null ? null : (JSON.parse(text) as { json?: unknown }).json });
      await before?.(path);
      return fetch(input, init);
    },
  });
  return { client, calls, paths: () => calls.map((c) => c.path) };
}

const baseUrlOf = () => test.info().project.use.baseURL!;

async function examplesAt(client: CairnClient, datasetId: string, version?: number) {
  const page = await client.examples.list({ datasetId, version, limit: 200 });
  return Object.fromEntries(page.items.map((e) => [e.sourceId, e.input.question ?? e.input.text]));
}

async function rejection(promise: Promise<unknown>): Promise<CairnError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CairnError);
  return error as CairnError;
}

test("the issue's snippet works as written: v1 upsert, then a run pinned to that exact version", async () => {
  process.env.CAIRN_URL = baseUrlOf();
  delete process.env.CAIRN_PROJECT;

  // --- the snippet, verbatim ---
  const client = createClient();
  const examplesV1 = [
    { id: "q1", input: { question: "What is AI?" }, output: { answer: "..." }, metadata: {} },
    { id: "q2", input: { question: "What is ML?" }, output: { answer: "..." }, metadata: {} },
  ];
  const upsertV1 = await client.datasets.upsertDataset({
    dataset: { datasetName: "support-benchmark" }, examples: examplesV1, sourceIdKey: "id",
  });
  // -> { datasetId, versionId, summary: { added: 2, updated: 0, deleted: 0, unchanged: 0 } }
  const task = async (example: { input: { question: string } }) => ({ answer: `stub: ${example.input.question}` });
  const expV1 = await runExperiment({
    client, experimentName: "support-v1",
    dataset: { datasetId: upsertV1.datasetId, versionId: upsertV1.versionId }, task,
  });
  // --- end of the snippet ---

  expect(upsertV1).toMatchObject({ summary: { added: 2, updated: 0, deleted: 0, unchanged: 0 }, versionNumber: 1, noop: false, attempts: 1 });
  expect(upsertV1.versionId).toEqual(expect.any(String));
  expect(expV1.run).toMatchObject({
    name: "support-v1",
    status: "completed",
    datasetId: upsertV1.datasetId,
    datasetName: "support-benchmark",
    datasetVersionId: upsertV1.versionId,
    datasetVersionNumber: 1,
    datapointCount: 2,
  });
  expect(expV1.run.endedAt).toBeInstanceOf(Date);
  expect(expV1.counts).toEqual({ examples: 2, succeeded: 2, failed: 0, evaluatorErrors: 0 });

  const results = await client.results.list({ runId: expV1.run.id });
  expect(results.items.map((r) => [r.sourceId, r.output, r.error]).sort()).toEqual([
    ["q1", { answer: "stub: What is AI?" }, null],
    ["q2", { answer: "stub: What is ML?" }, null],
  ]);
  expect(results.items.every((r) => typeof r.latencyMs === "number" && r.latencyMs >= 0)).toBe(true);

  // The pin is exact: a later version does not move the run.
  const v2 = await client.datasets.upsertDataset({ dataset: { datasetName: "support-benchmark" }, examples: [examplesV1[0]] });
  expect(v2).toMatchObject({ versionNumber: 2, summary: { added: 0, updated: 0, deleted: 1, unchanged: 1 } });
  expect(await client.runs.get({ id: expV1.run.id })).toMatchObject({ datasetVersionId: upsertV1.versionId, datasetVersionNumber: 1 });
});

test("a v2 upsert sends only the new and changed payloads and gets the right summary", async () => {
  const { client, calls } = recordingClient(baseUrlOf());
  const dataset = { datasetName: "sdk-v2" };
  const v1 = await client.datasets.upsertDataset({
    dataset,
    examples: [
      { id: "a", question: "alpha" },
      { id: "b", question: "beta" },
      { id: "c", question: "gamma" },
    ],
    message: "first",
  });
  expect(v1).toMatchObject({ versionNumber: 1, summary: { added: 3, updated: 0, deleted: 0, unchanged: 0 }, examples: 3 });

  calls.length = 0;
  const v2 = await client.datasets.upsertDataset({
    dataset,
    examples: [
      { id: "a", question: "alpha" }, // unchanged
      { id: "b", question: "beta, reworded" }, // changed
      { id: "d", question: "delta" }, // added; c is removed (mirror)
    ],
    message: "second",
  });
  expect(v2).toMatchObject({ versionNumber: 2, noop: false, summary: { added: 1, updated: 1, deleted: 1, unchanged: 1 } });
  const sent = calls
    .filter((c) => c.path === "datasets.upsertPayload")
    .flatMap((c) => (c.body as { examples: { sourceId: string }[] }).examples.map((e) => e.sourceId));
  expect(sent.sort()).toEqual(["b", "d"]);

  expect(await examplesAt(client, v2.datasetId)).toEqual({ a: "alpha", b: "beta, reworded", d: "delta" });
  expect(await examplesAt(client, v2.datasetId, 1)).toEqual({ a: "alpha", b: "beta", c: "gamma" });
  const versions = await client.versions.list({ datasetId: v2.datasetId });
  expect(versions.items.map((v) => [v.number, v.message, v.exampleCount])).toEqual([
    [2, "second", 3],
    [1, "first", 3],
  ]);
  const diff = await client.versions.diff({ datasetId: v2.datasetId, from: 1, to: 2 });
  expect(diff.counts).toEqual({ added: 1, updated: 1, deleted: 1 });

  // merge mode adds and updates only.
  const merged = await client.datasets.upsertDataset({ dataset, examples: [{ id: "e", question: "epsilon" }], mode: "merge" });
  expect(merged).toMatchObject({ versionNumber: 3, summary: { added: 1, updated: 0, deleted: 0, unchanged: 3 } });
});

test("a no-op re-upsert creates no version and sends no payloads", async () => {
  const { client, paths, calls } = recordingClient(baseUrlOf());
  const examples = Array.from({ length: 50 }, (_, i) => ({ id: `n${i}`, input: { text: `${i} `.repeat(200) }, output: { label: i % 3 } }));
  const dataset = { datasetName: "sdk-noop" };
  const v1 = await client.datasets.upsertDataset({ dataset, examples });
  expect(v1).toMatchObject({ versionNumber: 1, noop: false, summary: { added: 50 } });

  calls.length = 0;
  const again = await client.datasets.upsertDataset({ dataset, examples: [...examples].reverse() });
  expect(again).toMatchObject({
    noop: true,
    datasetId: v1.datasetId,
    versionId: v1.versionId,
    versionNumber: 1,
    summary: { added: 0, updated: 0, deleted: 0, unchanged: 50 },
  });
  // The manifest's digest equals version 1's: begin answers the no-op, no manifest or payload travels.
  expect(paths()).toEqual(["datasets.upsertBegin"]);
  expect(again.bytesSent).toBeLessThan(1_000);
  expect(v1.bytesSent).toBeGreaterThan(50 * 600);
  expect((await client.versions.list({ datasetId: v1.datasetId })).items).toHaveLength(1);
});

test("a CONFLICT (another upsert committed first) is re-planned and retried", async () => {
  const baseUrl = baseUrlOf();
  const other = createClient({ baseUrl });
  const dataset = { datasetName: "sdk-conflict" };
  await other.datasets.upsertDataset({ dataset, examples: [{ id: "a", question: "alpha" }, { id: "b", question: "beta" }] });

  // Right before our first commit, another writer commits a version of its own.
  let interleaved = 0;
  const { client, paths } = recordingClient(baseUrl, async (path) => {
    if (path === "datasets.upsertCommit" && interleaved === 0) {
      interleaved++;
      const theirs = await other.datasets.upsertDataset({ dataset, examples: [{ id: "z", question: "theirs" }], mode: "merge" });
      expect(theirs).toMatchObject({ versionNumber: 2, summary: { added: 1 } });
    }
  });
  const attempts: number[] = [];
  const ours = await client.datasets.upsertDataset({
    dataset,
    examples: [
      { id: "a", question: "alpha" },
      { id: "b", question: "beta, ours" },
      { id: "c", question: "gamma" },
    ],
    onProgress: (p) => attempts.push(p.attempt),
  });

  expect(interleaved).toBe(1);
  expect(ours.attempts).toBe(2);
  expect(attempts).toContain(1);
  expect(paths().filter((p) => p === "datasets.upsertBegin")).toHaveLength(2);
  expect(paths().filter((p) => p === "datasets.upsertCommit")).toHaveLength(2);
  // Re-planned against version 2 (which added z): mirror removes z, updates b, adds c.
  expect(ours).toMatchObject({ versionNumber: 3, summary: { added: 1, updated: 1, deleted: 1, unchanged: 1 } });
  expect(await examplesAt(client, ours.datasetId)).toEqual({ a: "alpha", b: "beta, ours", c: "gamma" });
  const versions = await client.versions.list({ datasetId: ours.datasetId });
  expect(versions.items.map((v) => v.number)).toEqual([3, 2, 1]);
});

test("a failing task is recorded per example and the run goes on; every task failing fails the run", async () => {
  const client = createClient({ baseUrl: baseUrlOf() });
  const upserted = await client.datasets.upsertDataset({
    dataset: { datasetName: "sdk-failures" },
    examples: ["one", "two", "three", "four"].map((word, i) => ({ id: `f${i}`, input: { word }, output: { length: word.length } })),
  });
  const progress: number[] = [];
  const partly = await runExperiment({
    client,
    experimentName: "flaky",
    dataset: { datasetName: "sdk-failures" },
    concurrency: 2,
    task: async (example: { input: { word: string } }) => {
      if (example.input.word === "two") throw new TypeError("the model timed out");
      return { length: example.input.word.length };
    },
    evaluators: [function correct({ output, expected }) { return output.length === expected.length; }],
    onProgress: (p) => progress.push(p.done),
  });
  expect(partly.run).toMatchObject({ status: "completed", datasetVersionId: upserted.versionId });
  expect(partly.counts).toEqual({ examples: 4, succeeded: 3, failed: 1, evaluatorErrors: 0 });
  expect(progress.sort()).toEqual([1, 2, 3, 4]);
  const failed = await client.results.list({ runId: partly.run.id, hasError: true });
  expect(failed.items.map((r) => [r.sourceId, r.error, r.output, r.scores])).toEqual([["f1", "TypeError: the model timed out", null, []]]);
  const ok = await client.results.list({ runId: partly.run.id, hasError: false });
  expect(ok.items).toHaveLength(3);
  const metric = (name: string) => partly.metrics.groups[0].metrics.find((m) => m.name === name)?.value;
  expect(metric("error_rate")).toBe(0.25);
  expect(metric("correct.count")).toBe(3);

  const broken = await runExperiment({
    client,
    experimentName: "broken",
    dataset: { datasetId: upserted.datasetId },
    task: () => {
      throw new Error("no API key");
    },
  });
  expect(broken.run.status).toBe("failed");
  expect(broken.counts).toMatchObject({ examples: 4, succeeded: 0, failed: 4 });
  const errors = await client.results.list({ runId: broken.run.id, hasError: true });
  expect(errors.items.map((r) => r.error)).toEqual(Array(4).fill("no API key"));
});

test("evaluator scores (list or record, sync or async, number, boolean or {score}) become metrics", async () => {
  const client = createClient({ baseUrl: baseUrlOf() });
  const upserted = await client.datasets.upsertDataset({
    dataset: { datasetName: "sdk-scores" },
    examples: [
      { id: "s1", input: { q: "2+2" }, output: { answer: "4" } },
      { id: "s2", input: { q: "3+3" }, output: { answer: "6" } },
      { id: "s3", input: { q: "capital of France" }, output: { answer: "Paris" } },
      { id: "s4", input: { q: "color of the sky" }, output: { answer: "blue" } },
    ],
  });
  const answers: Record<string, string> = { "2+2": "4", "3+3": "7", "capital of France": "Paris", "color of the sky": "grey" };
  const exact = ({ output, expected }: { output: { answer: string }; expected: Record<string, unknown> }) => output.answer === expected.answer;
  const result = await runExperiment({
    client,
    experimentName: "scored",
    dataset: { datasetId: upserted.datasetId, versionId: upserted.versionId },
    configuration: { model: "stub-1" },
    metadata: { commit: "abc123" },
    task: (example: { input: { q: string } }) => ({ answer: answers[example.input.q] }),
    evaluators: {
      exact,
      length: async ({ output }) => output.answer.length,
      judge: ({ output, expected }) => ({
        score: output.answer === expected.answer ? 1 : 0.25,
        label: output.answer === expected.answer ? "right" : "wrong",
        explanation: `expected ${String(expected.answer)}`,
      }),
    },
  });
  expect(result.run).toMatchObject({ status: "completed", configuration: { model: "stub-1" }, metadata: { commit: "abc123" } });
  const [group] = result.metrics.groups;
  expect(group).toMatchObject({ datasetId: upserted.datasetId, datasetName: "sdk-scores" });
  const metrics = Object.fromEntries(group.metrics.map((m) => [m.name, m.value]));
  expect(metrics).toMatchObject({
    "exact.mean": 0.5,
    "exact.pass_rate": 0.5,
    "exact.count": 4,
    "length.mean": (1 + 1 + 5 + 4) / 4,
    "judge.mean": (1 + 0.25 + 1 + 0.25) / 4,
    error_rate: 0,
  });
  expect(metrics["latency_ms.mean"]).toBeGreaterThanOrEqual(0);
  expect(metrics["length.pass_rate"]).toBeUndefined();

  const s2 = (await client.results.list({ runId: result.run.id })).items.find((r) => r.sourceId === "s2")!;
  expect(s2.scores.find((s) => s.name === "judge")).toEqual({ name: "judge", value: 0.25, label: "wrong", explanation: "expected 6" });
  expect(s2.scores.find((s) => s.name === "exact")?.value).toBe(false);

  // The same run's scores, seen through the other routers on the typed client.
  const search = await client.metrics.search({ datasetId: upserted.datasetId, name: "exact.mean" });
  expect(search.items.map((m) => [m.runName, m.value])).toEqual([["scored", 0.5]]);
});

test("every example is recorded exactly once, whatever the concurrency and batch size", async () => {
  const client = createClient({ baseUrl: baseUrlOf() });
  const n = 333;
  const upserted = await client.datasets.upsertDataset({
    dataset: { datasetName: "sdk-many" },
    examples: Array.from({ length: n }, (_, i) => ({ id: `m${i}`, input: { x: i }, output: { y: 2 * i } })),
  });
  const result = await runExperiment({
    client,
    experimentName: "many",
    dataset: { datasetId: upserted.datasetId },
    concurrency: 8,
    batchSize: 7,
    task: async (example: { input: { x: number } }) => {
      await new Promise((resolve) => setTimeout(resolve, example.input.x % 5));
      return { y: 2 * example.input.x };
    },
    evaluators: [function doubled({ output, expected }) { return output.y === expected.y; }],
  });
  expect(result.counts).toMatchObject({ examples: n, succeeded: n });
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof client.results.list>> = await client.results.list({ runId: result.run.id, cursor, limit: 200 });
    for (const r of page.items) seen.add(r.datapointId);
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen.size).toBe(n);
  const metrics = Object.fromEntries(result.metrics.groups[0].metrics.map((m) => [m.name, m.value]));
  expect(metrics).toMatchObject({ "doubled.count": n, "doubled.pass_rate": 1 });
});

test("errors are CairnErrors with the server's code, HTTP status and message", async () => {
  const { client, calls } = recordingClient(baseUrlOf());
  const missing = await rejection(client.datasets.get({ datasetName: "no-such-dataset" }));
  expect(missing).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, path: "datasets.get" });
  expect(missing.message).toContain("no-such-dataset");

  const experiment = await rejection(
    runExperiment({ client, experimentName: "x", dataset: { datasetName: "no-such-dataset" }, task: () => null }),
  );
  expect(experiment).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });

  const invalid = await rejection(client.datasets.create({ name: "  " }));
  expect(invalid).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
  expect(invalid.zodIssues).toEqual([expect.objectContaining({ path: "name" })]);

  const duplicate = await rejection(client.projects.create({ name: "default" }));
  expect(duplicate).toMatchObject({ code: "CONFLICT", httpStatus: 409 });

  // Bad records are named by index before anything is sent.
  calls.length = 0;
  const records = await rejection(
    client.datasets.upsertDataset({
      dataset: { datasetName: "sdk-bad-records" },
      examples: [{ id: "ok", q: 1 }, { q: 2 }, "not an object", { id: "ok", q: 3 }],
    }),
  );
  expect(records).toMatchObject({ code: "BAD_REQUEST", httpStatus: null });
  expect(records.message).toContain("3 invalid records");
  expect(records.message).toContain('record 1: source id "id" is missing');
  expect(records.message).toContain("record 2: record must be a JSON object");
  expect(records.message).toContain('record 3: duplicate source id "ok" (first at record 0)');
  expect(records.details).toMatchObject({ count: 3 });
  expect(calls).toEqual([]);

  const unreachable = await rejection(createClient({ baseUrl: "http://127.0.0.1:9" }).datasets.list());
  expect(unreachable).toMatchObject({ code: "NETWORK_ERROR", httpStatus: null });
  expect(unreachable.message).toContain("http://127.0.0.1:9");
});

test("projects scope every call; exports stream a version back", async () => {
  const baseUrl = baseUrlOf();
  const admin = createClient({ baseUrl });
  await admin.projects.create({ name: "sdk-team" });
  const team = createClient({ baseUrl, project: "sdk-team" });
  const upserted = await team.datasets.upsertDataset({
    dataset: { datasetName: "support-benchmark" },
    examples: [{ id: "t1", input: { question: "only here" }, output: { answer: "yes" }, metadata: { tag: "x" } }],
  });
  expect(upserted.versionNumber).toBe(1);
  const names = (await team.datasets.list()).items.map((d) => d.name);
  expect(names).toEqual(["support-benchmark"]);
  expect(upserted.datasetId).not.toBe((await admin.datasets.get({ datasetName: "support-benchmark" })).id);

  const exported = await team.datasets.export({ datasetName: "support-benchmark" });
  expect(exported.version).toBe(1);
  const records = [];
  for await (const record of exported.records()) records.push(record);
  expect(records).toEqual([{ id: "t1", input: { question: "only here" }, output: { answer: "yes" }, metadata: { tag: "x" } }]);
  const missingVersion = await rejection(team.datasets.export({ datasetName: "support-benchmark", version: 9 }));
  expect(missingVersion).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
});
