import { z } from "zod";
import type { Example } from "@/lib/contracts";
import { toJsonlLine } from "@/lib/jsonl";
import { handlerOperation, type Caller, type RestOperation } from "../../rest/operation";
import { findDataset, upload } from "../upload";
import { pageCursor, pageLimit, phoenixJson, phoenixPage, toPhoenixDataset, toPhoenixExample, toPhoenixVersion } from "../wire";
import { versionNumber } from "../lookups";

const tags = ["Phoenix compatibility"];
const anyObject = z.object({}).passthrough();
const page = { cursor: z.string().optional(), limit: z.number().int().optional() };

/** Every example of a dataset at a version (Phoenix answers them in one response). */
async function allExamples(caller: Caller, datasetId: string, version: number | undefined): Promise<Example[]> {
  const examples: Example[] = [];
  let cursor: string | undefined;
  do {
    const pageOf = await caller.examples.list({ datasetId, version, cursor, limit: 200 });
    examples.push(...pageOf.items);
    cursor = pageOf.nextCursor ?? undefined;
  } while (cursor);
  return examples;
}

async function examplesAt(caller: Caller, datasetId: string, versionId: string | undefined) {
  const dataset = await caller.datasets.get({ datasetId });
  const number = versionId ? await versionNumber(caller, datasetId, versionId) : undefined;
  const resolvedId = versionId ?? dataset.latestVersionId;
  const examples = resolvedId === null ? [] : await allExamples(caller, datasetId, number);
  return { dataset, versionId: resolvedId ?? "", examples };
}

const csvCell = (value: unknown): string => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const phoenixDatasetOperations: RestOperation[] = [
  handlerOperation({
    id: "phoenix.listDatasets",
    method: "GET",
    path: "/v1/datasets",
    summary: "List datasets (Phoenix)",
    description: "`name` selects the dataset of that exact name (a list of zero or one).",
    tags,
    input: z.object({ name: z.string().optional(), ...page }),
    output: anyObject,
    async handle({ caller, input }) {
      if (input.name !== undefined) {
        const dataset = await findDataset(caller, input.name);
        return phoenixPage(dataset ? [toPhoenixDataset(dataset)] : [], null);
      }
      const result = await caller.datasets.list({ cursor: pageCursor(input.cursor), limit: pageLimit(input.limit) });
      return phoenixPage(result.items.map(toPhoenixDataset), result.nextCursor);
    },
  }),
  handlerOperation({
    id: "phoenix.uploadDataset",
    method: "POST",
    path: "/v1/datasets/upload",
    summary: "Upload a dataset (Phoenix)",
    description:
      "JSON `{action, name, description, inputs, outputs, metadata, example_ids}` or a multipart form with a CSV / JSONL `file` and `input_keys[]`, `output_keys[]`, `metadata_keys[]`. `action`: `create` (409 when the name exists), `append` (merge: never deletes), `update` (mirror). Example ids become source ids; examples without one are keyed by the sha256 of their content. Unchanged examples make no new version.",
    tags,
    inputFrom: "query",
    input: z.object({ sync: z.boolean().optional() }),
    output: anyObject,
    rawBody: { contentType: "application/json", description: "Phoenix's upload body (or multipart/form-data with a file)." },
    async handle({ caller, request }) {
      return phoenixJson(await upload(caller, request));
    },
  }),
  handlerOperation({
    id: "phoenix.getDataset",
    method: "GET",
    path: "/v1/datasets/{id}",
    summary: "Get a dataset (Phoenix)",
    tags,
    input: z.object({ id: z.string() }),
    output: anyObject,
    async handle({ caller, input }) {
      return phoenixJson({ data: toPhoenixDataset(await caller.datasets.get({ datasetId: input.id })) });
    },
  }),
  handlerOperation({
    id: "phoenix.deleteDataset",
    method: "DELETE",
    path: "/v1/datasets/{id}",
    summary: "Delete a dataset (Phoenix)",
    tags,
    input: z.object({ id: z.string() }),
    output: anyObject,
    async handle({ caller, input }) {
      await caller.datasets.delete({ datasetId: input.id, force: true });
      return new Response(null, { status: 204 });
    },
  }),
  handlerOperation({
    id: "phoenix.listDatasetVersions",
    method: "GET",
    path: "/v1/datasets/{id}/versions",
    summary: "List a dataset's versions (Phoenix)",
    description: "Newest first; `metadata` carries Cairn's version number and change summary.",
    tags,
    input: z.object({ id: z.string(), ...page }),
    output: anyObject,
    async handle({ caller, input }) {
      const result = await caller.versions.list({ datasetId: input.id, cursor: pageCursor(input.cursor), limit: pageLimit(input.limit) });
      return phoenixPage(result.items.map(toPhoenixVersion), result.nextCursor);
    },
  }),
  handlerOperation({
    id: "phoenix.getDatasetExamples",
    method: "GET",
    path: "/v1/datasets/{id}/examples",
    summary: "Get a dataset's examples (Phoenix)",
    description: "At `version_id` (default: the latest version). Splits are not supported: `split` is ignored.",
    tags,
    input: z.object({ id: z.string(), versionId: z.string().optional(), split: z.unknown().optional() }),
    output: anyObject,
    async handle({ caller, input }) {
      const { dataset, versionId, examples } = await examplesAt(caller, input.id, input.versionId);
      return phoenixJson({ data: { dataset_id: dataset.id, version_id: versionId, filtered_splits: [], examples: examples.map(toPhoenixExample) } });
    },
  }),
  handlerOperation({
    id: "phoenix.downloadDatasetJsonl",
    method: "GET",
    path: "/v1/datasets/{id}/jsonl",
    summary: "Download a dataset as JSONL (Phoenix)",
    description: "One `{id, source_id, input, output, metadata}` per line, at `version_id` (default: latest).",
    tags,
    input: z.object({ id: z.string(), versionId: z.string().optional() }),
    output: anyObject,
    async handle({ caller, input }) {
      const { examples } = await examplesAt(caller, input.id, input.versionId);
      const text = examples.map((e) => toJsonlLine({ id: e.id, source_id: e.sourceId, input: e.input, output: e.output, metadata: e.metadata })).join("");
      return new Response(text, { headers: { "content-type": "application/x-ndjson; charset=utf-8" } });
    },
  }),
  handlerOperation({
    id: "phoenix.downloadDatasetCsv",
    method: "GET",
    path: "/v1/datasets/{id}/csv",
    summary: "Download a dataset as CSV (Phoenix)",
    description: "Columns `example_id`, `source_id`, `input`, `output`, `metadata` (JSON text), at `version_id` (default: latest).",
    tags,
    input: z.object({ id: z.string(), versionId: z.string().optional() }),
    output: anyObject,
    async handle({ caller, input }) {
      const { examples } = await examplesAt(caller, input.id, input.versionId);
      const lines = ["example_id,source_id,input,output,metadata", ...examples.map((e) => [e.id, e.sourceId ?? "", e.input, e.output, e.metadata].map(csvCell).join(","))];
      return new Response(`${lines.join("\r\n")}\r\n`, { headers: { "content-type": "text/csv; charset=utf-8" } });
    },
  }),
];
