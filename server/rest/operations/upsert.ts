import { handlerOperation, type RestOperation } from "../operation";
import { upsertJsonl, upsertJsonlInput, upsertJsonlResult } from "../upsert-jsonl";

const tags = ["Upsert"];
const PROTOCOL =
  "Step of the upsert protocol: begin, send the manifest `[source_id, sha256]` in chunks (the answer names the source ids whose payloads are needed), send those payloads in chunks, commit. The hash is sha256 of the RFC 8785 canonical JSON of `{input, output, metadata}`.";

export const upsertOperations: RestOperation[] = [
  handlerOperation({
    id: "datasets.upsertJsonl",
    method: "POST",
    path: "/api/v1/datasets/upsert",
    summary: "Upsert a dataset from a JSONL body, in one request",
    description:
      "The body is the whole JSONL file (streamed, any size), one JSON object per line. Each record becomes an example: with an `input` key, `{input, output?, metadata?}`; otherwise every key but the source id key is the input (or pick keys with `input_keys`, `output_keys`, `metadata_keys`). `source_id_key` (default `id`) names the key holding each record's stable id. Give exactly one of `dataset_name` (created if missing) or `dataset_id`. `mode=mirror` (default) makes the dataset exactly the file; `merge` only adds and updates. Any bad line is a 400 listing the bad lines, and nothing is written. Nothing changed: no new version (`noop: true`).",
    tags,
    inputFrom: "query",
    input: upsertJsonlInput,
    output: upsertJsonlResult,
    rawBody: { contentType: "application/x-ndjson", description: "JSONL: one JSON object per line." },
    handle: upsertJsonl,
  }),
  {
    id: "datasets.upsertBegin",
    method: "POST",
    path: "/api/v1/datasets/upsert/begin",
    procedure: "datasets.upsertBegin",
    summary: "Begin an upsert session",
    description: `${PROTOCOL} Give exactly one of \`dataset_name\` (created if missing) or \`dataset_id\`.`,
    tags,
    successStatus: 201,
  },
  {
    id: "datasets.upsertManifest",
    method: "POST",
    path: "/api/v1/datasets/upsert/{session_id}/manifest",
    procedure: "datasets.upsertManifest",
    summary: "Send a manifest chunk",
    description: `${PROTOCOL} Up to 10,000 entries per call.`,
    tags,
  },
  {
    id: "datasets.upsertPayload",
    method: "POST",
    path: "/api/v1/datasets/upsert/{session_id}/payload",
    procedure: "datasets.upsertPayload",
    summary: "Send a payload chunk",
    description: `${PROTOCOL} Up to 2,000 examples and 8 MiB of canonical JSON per call; the server checks each example's hash.`,
    tags,
    bodyLimit: 16 * 1024 * 1024,
  },
  {
    id: "datasets.upsertCommit",
    method: "POST",
    path: "/api/v1/datasets/upsert/{session_id}/commit",
    procedure: "datasets.upsertCommit",
    summary: "Commit an upsert session",
    description: `${PROTOCOL} Writes one new version in one transaction, or none when nothing changed (\`noop: true\`). A 409 means another upsert committed first: begin again.`,
    tags,
  },
  {
    id: "datasets.upsertAbort",
    method: "DELETE",
    path: "/api/v1/datasets/upsert/{session_id}",
    procedure: "datasets.upsertAbort",
    summary: "Abort an upsert session",
    tags,
  },
];
