import { z } from "zod";
import { jsonObjectSchema } from "@/lib/contracts";
import type { RestOperation } from "../operation";

/** One line of a version's JSONL export; `id` is the source id, so re-upserting an export is a no-op. */
export const exportLineSchema = z.object({
  id: z.string(),
  input: jsonObjectSchema,
  output: jsonObjectSchema,
  metadata: jsonObjectSchema,
});

export const versionOperations: RestOperation[] = [
  {
    id: "versions.list",
    method: "GET",
    path: "/api/v1/datasets/{dataset_id}/versions",
    procedure: "versions.list",
    summary: "List a dataset's versions",
    description: "Newest first.",
    tags: ["Versions"],
  },
  {
    id: "versions.get",
    method: "GET",
    path: "/api/v1/datasets/{dataset_id}/versions/{version}",
    procedure: "versions.get",
    summary: "Get a version",
    tags: ["Versions"],
  },
  {
    id: "versions.diff",
    method: "GET",
    path: "/api/v1/datasets/{dataset_id}/diff",
    procedure: "versions.diff",
    summary: "Diff two versions",
    description:
      "The examples added, updated and deleted from version `from` to version `to` (0 is the empty dataset before version 1), in example order. `counts` covers the whole diff and is given on the first page only.",
    tags: ["Versions"],
  },
  {
    id: "versions.export",
    method: "GET",
    path: "/api/v1/datasets/{dataset_id}/export",
    procedure: "versions.export",
    summary: "Export a version as JSONL",
    description:
      "Streams every example of `version` (default: the latest) as newline-delimited JSON, one `{id, input, output, metadata}` object per line, `id` being the source id. The `x-cairn-version` header names the version.",
    tags: ["Versions"],
    fixed: { limit: 1000 },
    hidden: ["cursor"],
    ndjson: {
      line: exportLineSchema,
      headers: (page, input) => ({
        "x-cairn-version": String(page.version),
        "content-disposition": `attachment; filename="${String(input.datasetId).replace(/[^\w.-]+/g, "_")}-v${String(page.version)}.jsonl"`,
      }),
    },
  },
  {
    id: "examples.list",
    method: "GET",
    path: "/api/v1/datasets/{dataset_id}/examples",
    procedure: "examples.list",
    summary: "List the examples at a version",
    description:
      "The examples at `version` (default: the latest) in insertion order, paged. `search` matches text in the source id, input, output and metadata (case-insensitive).",
    tags: ["Examples"],
  },
  {
    id: "examples.get",
    method: "GET",
    path: "/api/v1/datasets/{dataset_id}/examples/{example_id}",
    procedure: "examples.get",
    summary: "Get an example with its history",
    description: "Every revision of the example, newest first: the content and the versions it is in force for.",
    tags: ["Examples"],
    hidden: ["sourceId"],
  },
];
