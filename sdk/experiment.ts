import type { Example } from "../lib/contracts/examples";
import type { MetricsByRun } from "../lib/contracts/metrics";
import { MAX_RESULTS_PER_CALL, type ResultInput } from "../lib/contracts/results";
import type { Run } from "../lib/contracts/runs";
import type { JsonObject } from "../lib/records";
import type { CairnClient } from "./client";
import { CairnError } from "./errors";

/** An example as the task sees it: its content at the run's version, and its identity. */
export type ExperimentExample<I = JsonObject> = Omit<Example, "input"> & { input: I };

export type EvaluatorScore = number | boolean;
export type EvaluatorResult = EvaluatorScore | { score: EvaluatorScore; label?: string | null; explanation?: string | null };

export interface EvaluatorArgs<I = JsonObject, O = unknown> {
  input: I;
  /** What the task returned. */
  output: O;
  /** The example's reference output. */
  expected: JsonObject;
  metadata: JsonObject;
  example: ExperimentExample<I>;
}

/** Scores one output; sync or async. The score's name is the function's name (or the record key). */
export type Evaluator<I = JsonObject, O = unknown> = (args: EvaluatorArgs<I, O>) => EvaluatorResult | Promise<EvaluatorResult>;

export interface ExperimentProgress {
  done: number;
  total: number;
  /** Examples whose task threw. */
  failed: number;
}

export interface RunExperimentOptions<I = JsonObject, O = unknown> {
  client: CairnClient;
  /** The run's name. */
  experimentName: string;
  /** The exact version to run on: `versionId`, else the dataset's latest (pinned when the run is created). */
  dataset: { datasetId: string; versionId?: string | null } | { datasetName: string };
  task: (example: ExperimentExample<I>) => O | Promise<O>;
  /** A list of named functions, or name -> function. */
  evaluators?: readonly Evaluator<I, Awaited<O>>[] | Record<string, Evaluator<I, Awaited<O>>>;
  /** Tasks in flight at once. Default 5. */
  concurrency?: number;
  description?: string;
  /** Model, prompt, parameters: what this experiment varies. */
  configuration?: JsonObject;
  metadata?: JsonObject;
  /** Results per `results.record` call (1..1000). Default 100. */
  batchSize?: number;
  onProgress?: (progress: ExperimentProgress) => void;
}

export interface ExperimentResult {
  /** The run, completed (or failed when every example's task failed). */
  run: Run;
  /** `metrics.byRun`: score aggregates (`<score>.mean`, `.count`, `.pass_rate`), `latency_ms.mean` and `error_rate`. */
  metrics: MetricsByRun;
  counts: {
    examples: number;
    succeeded: number;
    /** Examples whose task threw: recorded with the error, the run went on. */
    failed: number;
    /** Evaluator calls that threw or returned something that is not a score (recorded in the result's error). */
    evaluatorErrors: number;
  };
}

const PAGE = 200;
const MAX_ERROR_CHARS = 100_000;

function errorText(error: unknown): string {
  const text = error instanceof Error ? (error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message || error.name) : String(error);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

function namedEvaluators<I, O>(evaluators: RunExperimentOptions<I, O>["evaluators"]): [string, Evaluator<I, Awaited<O>>][] {
  if (!evaluators) return [];
  const named: [string, Evaluator<I, Awaited<O>>][] = Array.isArray(evaluators)
    ? evaluators.map((fn: Evaluator<I, Awaited<O>>, i: number) => {
        if (typeof fn !== "function") throw new CairnError({ code: "BAD_REQUEST", message: `evaluators[${i}] is not a function` });
        if (!fn.name) {
          throw new CairnError({
            code: "BAD_REQUEST",
            message: `evaluators[${i}] has no name: use a named function, or pass evaluators as { name: fn }`,
          });
        }
        return [fn.name, fn];
      })
    : Object.entries(evaluators as Record<string, Evaluator<I, Awaited<O>>>);
  const seen = new Set<string>();
  for (const [name, fn] of named) {
    if (typeof fn !== "function") throw new CairnError({ code: "BAD_REQUEST", message: `evaluator '${name}' is not a function` });
    if (!name.trim()) throw new CairnError({ code: "BAD_REQUEST", message: "an evaluator name must not be empty" });
    if (seen.has(name)) throw new CairnError({ code: "BAD_REQUEST", message: `two evaluators are named '${name}'` });
    seen.add(name);
  }
  return named;
}

type Score = NonNullable<ResultInput["scores"]>[number];

function toScore(name: string, result: EvaluatorResult): Score {
  const value = typeof result === "object" && result !== null ? result.score : result;
  if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) {
    const score: Score = { name, value };
    if (typeof result === "object" && result !== null) {
      if (typeof result.label === "string") score.label = result.label.slice(0, 1_000);
      if (typeof result.explanation === "string") score.explanation = result.explanation.slice(0, 20_000);
    }
    return score;
  }
  throw new TypeError(`returned ${JSON.stringify(result) ?? String(result)}, not a finite number, a boolean or { score }`);
}

/**
 * Runs `task` over every example of one dataset version and records the results as a run:
 * creates the run pinned to that exact version, runs tasks with bounded concurrency (a task that
 * throws is recorded as that example's error; the run goes on), scores outputs with the
 * evaluators, records results in batches, and completes the run (`failed` when every task failed).
 */
export async function runExperiment<I = JsonObject, O = unknown>(options: RunExperimentOptions<I, O>): Promise<ExperimentResult> {
  const { client } = options;
  const evaluators = namedEvaluators(options.evaluators);
  const concurrency = options.concurrency ?? 5;
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new CairnError({ code: "BAD_REQUEST", message: "concurrency must be a positive integer" });
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_RESULTS_PER_CALL) {
    throw new CairnError({ code: "BAD_REQUEST", message: `batchSize must be an integer from 1 to ${MAX_RESULTS_PER_CALL}` });
  }

  const datasetId = "datasetId" in options.dataset ? options.dataset.datasetId : (await client.datasets.get({ datasetName: options.dataset.datasetName })).id;
  const versionId = "versionId" in options.dataset ? options.dataset.versionId : undefined;
  const created = await client.runs.create({
    name: options.experimentName,
    description: options.description,
    datasetId,
    datasetVersionId: versionId ?? undefined,
    configuration: options.configuration,
    metadata: options.metadata,
    status: "running",
  });
  const runId = created.id;
  const version = created.datasetVersionNumber!;
  const total = created.datapointCount;

  const counts = { examples: 0, succeeded: 0, failed: 0, evaluatorErrors: 0 };
  let latencyTotal = 0;
  let fatal: { error: unknown } | undefined;

  // Examples at the run's version, in keyset pages; the workers share this one iterator.
  async function* examples(): AsyncGenerator<ExperimentExample<I>> {
    let cursor: string | null = null;
    do {
      const page = await client.examples.list({ datasetId, version, cursor, limit: PAGE });
      for (const example of page.items) yield example as ExperimentExample<I>;
      cursor = page.nextCursor;
    } while (cursor && !fatal);
  }
  const source = examples();

  // Results are recorded in order of completion, one batch call at a time.
  let buffer: ResultInput[] = [];
  let recording: Promise<unknown> = Promise.resolve();
  const flush = () => {
    if (buffer.length === 0) return recording;
    const results = buffer;
    buffer = [];
    recording = recording.then(() => client.results.record({ runId, results }));
    return recording;
  };

  async function runOne(example: ExperimentExample<I>): Promise<ResultInput> {
    const started = performance.now();
    let output: Awaited<O>;
    try {
      output = await options.task(example);
    } catch (error) {
      const latencyMs = performance.now() - started;
      latencyTotal += latencyMs;
      counts.failed++;
      return { datapointId: example.id, error: errorText(error), latencyMs };
    }
    const latencyMs = performance.now() - started;
    latencyTotal += latencyMs;
    counts.succeeded++;
    const args: EvaluatorArgs<I, Awaited<O>> = { input: example.input, output, expected: example.output, metadata: example.metadata, example };
    const outcomes = await Promise.all(
      evaluators.map(async ([name, evaluate]) => {
        try {
          return { score: toScore(name, await evaluate(args)) };
        } catch (error) {
          counts.evaluatorErrors++;
          return { error: `evaluator '${name}': ${errorText(error)}` };
        }
      }),
    );
    const scores = outcomes.flatMap((o) => (o.score ? [o.score] : []));
    const errors = outcomes.flatMap((o) => (o.error ? [o.error] : []));
    return {
      datapointId: example.id,
      ...(output === undefined ? {} : { output }),
      latencyMs,
      ...(scores.length ? { scores } : {}),
      ...(errors.length ? { error: errors.join("\n").slice(0, MAX_ERROR_CHARS) } : {}),
    };
  }

  async function worker() {
    while (!fatal) {
      const next = await source.next();
      if (next.done || fatal) return;
      const result = await runOne(next.value);
      // Pushed only now: `buffer` may have been swapped for a new batch while the task ran.
      buffer.push(result);
      counts.examples++;
      options.onProgress?.({ done: counts.examples, total, failed: counts.failed });
      // Waiting for the batch call keeps the buffer bounded when the server is slower than the tasks.
      if (buffer.length >= batchSize) await flush();
    }
  }

  try {
    await Promise.all(
      Array.from({ length: concurrency }, () =>
        worker().catch((error: unknown) => {
          fatal ??= { error };
        }),
      ),
    );
    if (fatal) throw fatal.error;
    await flush();

    if (counts.examples > 0) {
      await client.metrics.record({
        runId,
        metrics: [
          { name: "latency_ms.mean", value: latencyTotal / counts.examples, datasetId },
          { name: "error_rate", value: counts.failed / counts.examples, datasetId },
        ],
      });
    }
    const status = counts.examples > 0 && counts.succeeded === 0 ? "failed" : "completed";
    const run = await client.runs.update({ id: runId, status });
    const metrics = await client.metrics.byRun({ runId });
    return { run, metrics, counts };
  } catch (error) {
    // The run cannot be completed honestly: mark it failed (best effort) and report the cause.
    await client.runs.update({ id: runId, status: "failed" }).catch(() => undefined);
    throw error;
  } finally {
    await source.return(undefined).catch(() => undefined);
  }
}
