// Phoenix's wire shapes: snake_case objects in a `{data}` envelope (lists add `next_cursor`).
import type { Dataset, Example, Result, Run, Version } from "@/lib/contracts";

export const phoenixJson = (body: unknown, status = 200): Response => Response.json(body, { status });

export const phoenixPage = (data: unknown[], nextCursor: string | null): Response => phoenixJson({ data, next_cursor: nextCursor });

/** Phoenix limits pages to its own sizes; Cairn's pages hold at most 200. */
export const pageLimit = (limit: number | undefined): number => Math.min(Math.max(limit ?? 50, 1), 200);

/** openapi-fetch may send an absent cursor as the text "null". */
export const pageCursor = (cursor: string | undefined): string | undefined => (cursor && cursor !== "null" ? cursor : undefined);

export function toPhoenixDataset(dataset: Dataset) {
  return {
    id: dataset.id,
    name: dataset.name,
    description: dataset.description === "" ? null : dataset.description,
    metadata: dataset.params,
    created_at: dataset.createdAt.toISOString(),
    updated_at: dataset.lastChangeAt.toISOString(),
    example_count: dataset.exampleCount,
  };
}

export function toPhoenixVersion(version: Version) {
  return {
    version_id: version.id,
    description: version.message === "" ? null : version.message,
    metadata: { number: version.number, ...version.summary },
    created_at: version.createdAt.toISOString(),
  };
}

/** Phoenix example ids are Cairn example ids; `source_id` (Cairn's stable key) is extra. */
export function toPhoenixExample(example: Example) {
  return {
    id: example.id,
    node_id: example.id,
    source_id: example.sourceId,
    input: example.input,
    output: example.output,
    metadata: example.metadata,
    updated_at: example.createdAt.toISOString(),
  };
}

export interface RunCounts {
  successful: number;
  failed: number;
}

/** Phoenix's experiment: a Cairn run on a dataset version, one repetition per datapoint. */
export function toPhoenixExperiment(run: Pick<Run, "id" | "name" | "description" | "datasetId" | "datasetVersionId" | "metadata" | "configuration" | "createdAt" | "updatedAt" | "datapointCount">, counts: RunCounts) {
  const phoenix = run.configuration.phoenix as { projectName?: unknown } | undefined;
  return {
    id: run.id,
    dataset_id: run.datasetId,
    dataset_version_id: run.datasetVersionId,
    name: run.name,
    description: run.description === "" ? null : run.description,
    repetitions: 1,
    metadata: run.metadata,
    project_name: typeof phoenix?.projectName === "string" ? phoenix.projectName : null,
    created_at: run.createdAt.toISOString(),
    updated_at: run.updatedAt.toISOString(),
    example_count: run.datapointCount,
    successful_run_count: counts.successful,
    failed_run_count: counts.failed,
    missing_run_count: Math.max(run.datapointCount - counts.successful - counts.failed, 0),
  };
}

/** An experiment run is a Cairn result, named by its (run, datapoint) key. */
export const experimentRunId = (runId: string, datapointId: string): string => `${runId}_${datapointId}`;

export function parseExperimentRunId(id: string): { runId: string; datapointId: string } | null {
  const match = /^([0-9a-f-]{36})_([0-9a-f-]{36})$/i.exec(id);
  return match ? { runId: match[1], datapointId: match[2] } : null;
}

export function toPhoenixRun(runId: string, result: Result) {
  const end = result.updatedAt;
  const start = new Date(end.getTime() - (result.latencyMs ?? 0));
  return {
    id: experimentRunId(runId, result.datapointId),
    experiment_id: runId,
    dataset_example_id: result.datapointId,
    output: result.output,
    repetition_number: 1,
    start_time: start.toISOString(),
    end_time: end.toISOString(),
    trace_id: null,
    error: result.error,
  };
}
