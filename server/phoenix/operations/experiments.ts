import { z } from "zod";
import { toDate } from "@/db";
import type { Example, ResultInput, Run } from "@/lib/contracts";
import { badRequest, notFound } from "../../errors";
import { handlerOperation, type RestOperation } from "../../rest/operation";
import { runCounts, scoredResults, storedResult, succeededDatapoints } from "../lookups";
import { readJsonObject } from "../body";
import { experimentRunId, pageCursor, pageLimit, parseExperimentRunId, phoenixJson, phoenixPage, toPhoenixExample, toPhoenixExperiment, toPhoenixRun } from "../wire";

const tags = ["Phoenix compatibility"];
const anyObject = z.object({}).passthrough();
const page = { cursor: z.string().optional(), limit: z.number().int().optional() };
const byExperiment = { experimentId: z.string() };

const optionalString = (body: Record<string, unknown>, key: string): string | undefined => {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw badRequest(`${key}: must be a string`);
  return value;
};

async function experiment(database: Parameters<typeof runCounts>[0], run: Run) {
  const counts = await runCounts(database, [run.id]);
  return toPhoenixExperiment(run, counts.get(run.id)!);
}

export const phoenixExperimentOperations: RestOperation[] = [
  handlerOperation({
    id: "phoenix.createExperiment",
    method: "POST",
    path: "/v1/datasets/{dataset_id}/experiments",
    summary: "Create an experiment (Phoenix)",
    description:
      "Creates a Cairn run, `running`, on the dataset at `version_id` (default: latest) covering all its examples. Only `repetitions: 1` is supported; `project_name` is kept in the run's configuration.",
    tags,
    inputFrom: "query",
    input: z.object({ datasetId: z.string() }),
    output: anyObject,
    rawBody: { contentType: "application/json", description: "`{name?, description?, metadata?, project_name?, repetitions?, version_id?}`" },
    async handle({ caller, database, input, request }) {
      const body = await readJsonObject(request);
      const repetitions = body.repetitions ?? 1;
      if (repetitions !== 1) throw badRequest("repetitions: Cairn records one result per example; only 1 is supported");
      if (body.splits !== undefined && body.splits !== null) throw badRequest("splits: dataset splits are not supported");
      const metadata = body.metadata ?? {};
      if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) throw badRequest("metadata: must be an object");
      const run = await caller.runs.create({
        name: optionalString(body, "name") ?? `Experiment ${new Date().toISOString()}`,
        description: optionalString(body, "description") ?? null,
        datasetId: input.datasetId,
        datasetVersionId: optionalString(body, "version_id") ?? null,
        metadata: metadata as Record<string, unknown>,
        configuration: { phoenix: { projectName: optionalString(body, "project_name") ?? null } },
        status: "running",
      });
      return phoenixJson({ data: await experiment(database, run) });
    },
  }),
  handlerOperation({
    id: "phoenix.listExperiments",
    method: "GET",
    path: "/v1/datasets/{dataset_id}/experiments",
    summary: "List a dataset's experiments (Phoenix)",
    tags,
    input: z.object({ datasetId: z.string(), ...page }),
    output: anyObject,
    async handle({ caller, database, input }) {
      await caller.datasets.get({ datasetId: input.datasetId });
      const result = await caller.runs.list({ datasetId: input.datasetId, cursor: pageCursor(input.cursor), limit: pageLimit(input.limit), includeDatapointIds: false });
      const counts = await runCounts(database, result.items.map((r) => r.id));
      return phoenixPage(
        result.items.map((run) => toPhoenixExperiment(run, counts.get(run.id)!)),
        result.nextCursor,
      );
    },
  }),
  handlerOperation({
    id: "phoenix.getExperiment",
    method: "GET",
    path: "/v1/experiments/{experiment_id}",
    summary: "Get an experiment (Phoenix)",
    tags,
    input: z.object(byExperiment),
    output: anyObject,
    async handle({ caller, database, input }) {
      return phoenixJson({ data: await experiment(database, await caller.runs.get({ id: input.experimentId })) });
    },
  }),
  handlerOperation({
    id: "phoenix.deleteExperiment",
    method: "DELETE",
    path: "/v1/experiments/{experiment_id}",
    summary: "Delete an experiment (Phoenix)",
    description: "Deletes the run with its results, scores and metrics. `delete_project` is ignored (Cairn keeps no trace projects).",
    tags,
    input: z.object({ ...byExperiment, deleteProject: z.boolean().optional() }),
    output: anyObject,
    async handle({ caller, input }) {
      await caller.runs.delete({ id: input.experimentId });
      return new Response(null, { status: 204 });
    },
  }),
  handlerOperation({
    id: "phoenix.createExperimentRun",
    method: "POST",
    path: "/v1/experiments/{experiment_id}/runs",
    summary: "Record an experiment run (Phoenix)",
    description: "Records the Cairn result of one example (`dataset_example_id`); recording it again replaces the output and keeps its scores. The run id is `<experiment id>_<example id>`.",
    tags,
    inputFrom: "query",
    input: z.object(byExperiment),
    output: anyObject,
    rawBody: { contentType: "application/json", description: "`{dataset_example_id, output, repetition_number, start_time, end_time, error?, trace_id?}`" },
    async handle({ caller, input, request }) {
      const body = await readJsonObject(request);
      const datapointId = optionalString(body, "dataset_example_id");
      if (!datapointId) throw badRequest("dataset_example_id: required");
      if ((body.repetition_number ?? 1) !== 1) throw badRequest("repetition_number: only 1 is supported");
      const start = Date.parse(String(body.start_time));
      const end = Date.parse(String(body.end_time));
      await caller.results.record({
        runId: input.experimentId,
        results: [
          {
            datapointId,
            output: body.output === undefined ? null : body.output,
            error: optionalString(body, "error") ?? null,
            latencyMs: Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : null,
          },
        ],
      });
      return phoenixJson({ data: { id: experimentRunId(input.experimentId, datapointId) } });
    },
  }),
  handlerOperation({
    id: "phoenix.listExperimentRuns",
    method: "GET",
    path: "/v1/experiments/{experiment_id}/runs",
    summary: "List an experiment's runs (Phoenix)",
    tags,
    input: z.object({ ...byExperiment, ...page }),
    output: anyObject,
    async handle({ caller, input }) {
      const result = await caller.results.list({ runId: input.experimentId, cursor: pageCursor(input.cursor), limit: pageLimit(input.limit) });
      return phoenixPage(
        result.items.map((r) => toPhoenixRun(input.experimentId, r)),
        result.nextCursor,
      );
    },
  }),
  handlerOperation({
    id: "phoenix.listIncompleteExperimentRuns",
    method: "GET",
    path: "/v1/experiments/{experiment_id}/incomplete-runs",
    summary: "List an experiment's incomplete runs (Phoenix)",
    description: "The run's examples with no result, or a result with an error, at the run's version; pages are never empty unless it is the last.",
    tags,
    input: z.object({ ...byExperiment, ...page }),
    output: anyObject,
    async handle({ caller, database, input }) {
      const run = await caller.runs.get({ id: input.experimentId });
      if (run.datasetId === null) return phoenixPage([], null);
      const covered = new Set(run.datapointIds);
      const done = await succeededDatapoints(database, run.id);
      const limit = pageLimit(input.limit);
      const found: Example[] = [];
      let cursor = pageCursor(input.cursor);
      // Phoenix stops at the first empty page: read on until some are found or none are left.
      do {
        const examples = await caller.examples.list({ datasetId: run.datasetId, version: run.datasetVersionNumber ?? undefined, cursor, limit });
        found.push(...examples.items.filter((e) => covered.has(e.id) && !done.has(e.id)));
        cursor = examples.nextCursor ?? undefined;
      } while (cursor && found.length === 0);
      return phoenixPage(
        found.map((example) => ({ dataset_example: toPhoenixExample(example), repetition_numbers: [1] })),
        cursor ?? null,
      );
    },
  }),
  handlerOperation({
    id: "phoenix.listIncompleteExperimentEvaluations",
    method: "GET",
    path: "/v1/experiments/{experiment_id}/incomplete-evaluations",
    summary: "List an experiment's incomplete evaluations (Phoenix)",
    description: "The successful experiment runs missing a score of some `evaluation_name`; pages are never empty unless it is the last.",
    tags,
    input: z.object({ ...byExperiment, evaluationName: z.array(z.string()).optional(), ...page }),
    output: anyObject,
    async handle({ caller, database, input }) {
      const run = await caller.runs.get({ id: input.experimentId });
      const names = input.evaluationName ?? [];
      if (run.datasetId === null || names.length === 0) return phoenixPage([], null);
      const covered = new Set(run.datapointIds);
      const limit = pageLimit(input.limit);
      const found: unknown[] = [];
      let cursor = pageCursor(input.cursor);
      do {
        const examples = await caller.examples.list({ datasetId: run.datasetId, version: run.datasetVersionNumber ?? undefined, cursor, limit });
        const inRun = examples.items.filter((e) => covered.has(e.id));
        const results = await scoredResults(database, run.id, inRun.map((e) => e.id));
        for (const example of inRun) {
          const result = results.get(example.id);
          const missing = result ? names.filter((name) => !result.names.includes(name)) : [];
          if (!result || missing.length === 0) continue;
          const end = toDate(result.updated_at);
          found.push({
            experiment_run: {
              id: experimentRunId(run.id, example.id),
              experiment_id: run.id,
              dataset_example_id: example.id,
              output: result.output,
              repetition_number: 1,
              start_time: new Date(end.getTime() - (result.latency_ms ?? 0)).toISOString(),
              end_time: end.toISOString(),
              trace_id: null,
              error: null,
            },
            dataset_example: toPhoenixExample(example),
            evaluation_names: missing,
          });
        }
        cursor = examples.nextCursor ?? undefined;
      } while (cursor && found.length === 0);
      return phoenixPage(found, cursor ?? null);
    },
  }),
  handlerOperation({
    id: "phoenix.upsertExperimentEvaluation",
    method: "POST",
    path: "/v1/experiment_evaluations",
    summary: "Record an experiment evaluation (Phoenix)",
    description:
      "Records `result.score` as the Cairn score `name` of the experiment run's result (its output is kept), then recomputes the run's score metrics. An evaluation without a numeric score (an error, or a label alone) records no score.",
    tags,
    inputFrom: "query",
    input: z.object({}),
    output: anyObject,
    rawBody: { contentType: "application/json", description: "`{experiment_run_id, name, annotator_kind, start_time, end_time, result?: {score?, label?, explanation?}, error?}`" },
    async handle({ caller, database, request }) {
      const body = await readJsonObject(request);
      const runRef = optionalString(body, "experiment_run_id") ?? "";
      const name = optionalString(body, "name");
      if (!name) throw badRequest("name: required");
      const key = parseExperimentRunId(runRef);
      if (!key) throw notFound("experiment run", runRef);
      await caller.runs.get({ id: key.runId });
      const stored = await storedResult(database, key.runId, key.datapointId);
      if (!stored) throw notFound("experiment run", runRef);
      const result = (body.result ?? {}) as { score?: unknown; label?: unknown; explanation?: unknown };
      const id = `${runRef}_${name}`;
      if (typeof result.score !== "number" || !Number.isFinite(result.score) || body.error) return phoenixJson({ data: { id } });
      const recorded: ResultInput = {
        datapointId: key.datapointId,
        output: stored.output,
        error: stored.error,
        latencyMs: stored.latency_ms,
        promptTokens: stored.prompt_tokens,
        completionTokens: stored.completion_tokens,
        totalTokens: stored.total_tokens,
        cost: stored.cost,
        scores: [
          {
            name,
            value: result.score,
            label: typeof result.label === "string" ? result.label : null,
            explanation: typeof result.explanation === "string" ? result.explanation : null,
          },
        ],
      };
      await caller.results.record({ runId: key.runId, results: [recorded] });
      await caller.metrics.recompute({ runId: key.runId });
      return phoenixJson({ data: { id } });
    },
  }),
];
