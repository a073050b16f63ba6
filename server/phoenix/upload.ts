// POST /v1/datasets/upload: Phoenix's dataset upload (JSON columns, or a CSV / JSONL file in a
// multipart form), driven through Cairn's upsert protocol in-process (lib/sync.ts over the caller).
import { TRPCError } from "@trpc/server";
import type { Dataset } from "@/lib/contracts";
import { contentHash } from "@/lib/hash";
import { parseJsonlText } from "@/lib/jsonl";
import { SyncError, syncDataset, type SyncExample } from "@/lib/sync";
import { badRequest, conflict } from "../errors";
import { inputProblem, pathText } from "../input-limits";
import type { Caller } from "../rest/operation";
import { parseCsv } from "./csv";

export const UPLOAD_ACTIONS = ["create", "append", "update"] as const;
type UploadAction = (typeof UPLOAD_ACTIONS)[number];

interface PhoenixExample {
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  metadata: Record<string, unknown>;
  id: string | null;
}

interface Upload {
  action: UploadAction;
  name: string;
  description: string | undefined;
  examples: PhoenixExample[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function readAction(value: unknown): UploadAction {
  const action = value ?? "create";
  if (typeof action !== "string" || !(UPLOAD_ACTIONS as readonly string[]).includes(action)) {
    throw badRequest(`Invalid dataset action '${String(action)}': use create, append or update`);
  }
  return action as UploadAction;
}

function readName(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw badRequest("name: a dataset name is required");
  return value.trim();
}

/** Phoenix's JSON upload: parallel columns `inputs`, `outputs`, `metadata`, `example_ids`. */
function fromJson(body: unknown): Upload {
  if (!isObject(body)) throw badRequest("the request body must be a JSON object");
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) throw badRequest("inputs: an array of objects is required");
  const column = (key: string): unknown[] | undefined => {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.length !== inputs.length) throw badRequest(`${key}: must be an array as long as inputs (${inputs.length})`);
    return value;
  };
  const outputs = column("outputs");
  const metadata = column("metadata");
  const ids = column("example_ids");
  const examples = inputs.map((input, i): PhoenixExample => {
    const output = outputs?.[i] ?? {};
    const meta = metadata?.[i] ?? {};
    if (!isObject(input)) throw badRequest(`inputs[${i}]: must be an object`);
    if (!isObject(output)) throw badRequest(`outputs[${i}]: must be an object`);
    if (!isObject(meta)) throw badRequest(`metadata[${i}]: must be an object`);
    const id = ids?.[i];
    if (id !== undefined && id !== null && typeof id !== "string" && typeof id !== "number") throw badRequest(`example_ids[${i}]: must be a string`);
    return { input, output, metadata: meta, id: id === undefined || id === null ? null : String(id) };
  });
  const description = typeof body.description === "string" ? body.description : undefined;
  return { action: readAction(body.action), name: readName(body.name), description, examples };
}

/** Phoenix's file upload: `file` (CSV or JSONL) with `input_keys[]`, `output_keys[]`, `metadata_keys[]`. */
async function fromForm(form: FormData): Promise<Upload> {
  const file = form.get("file");
  if (!(file instanceof Blob)) throw badRequest("file: a CSV or JSONL file is required");
  const fileName = file instanceof File ? file.name : "";
  const text = await file.text();
  const keys = (name: string) => [...form.getAll(`${name}[]`), ...form.getAll(name)].map(String);
  const inputKeys = keys("input_keys");
  const outputKeys = keys("output_keys");
  const metadataKeys = keys("metadata_keys");
  const idKey = form.get("example_id_key");
  let records: Record<string, unknown>[];
  if (/\.csv$/i.test(fileName) || file.type === "text/csv") {
    records = parseCsv(text);
  } else {
    records = parseJsonlText(text).map((entry) => {
      if (entry.error !== undefined) throw badRequest(`line ${entry.line}: ${entry.error}`);
      if (!isObject(entry.value)) throw badRequest(`line ${entry.line}: must be a JSON object`);
      return entry.value;
    });
  }
  const pick = (record: Record<string, unknown>, names: string[]) => Object.fromEntries(names.filter((k) => Object.hasOwn(record, k)).map((k) => [k, record[k]]));
  const examples = records.map((record, i): PhoenixExample => {
    const taken = new Set([...outputKeys, ...metadataKeys, ...(typeof idKey === "string" ? [idKey] : [])]);
    const input = inputKeys.length > 0 ? pick(record, inputKeys) : Object.fromEntries(Object.entries(record).filter(([k]) => !taken.has(k)));
    if (Object.keys(input).length === 0) throw badRequest(`record ${i + 1}: no input keys found (input_keys: ${inputKeys.join(", ") || "all"})`);
    const id = typeof idKey === "string" ? record[idKey] : undefined;
    return { input, output: pick(record, outputKeys), metadata: pick(record, metadataKeys), id: id === undefined || id === null || id === "" ? null : String(id) };
  });
  const description = form.get("description");
  return { action: readAction(form.get("action")), name: readName(form.get("name")), description: typeof description === "string" ? description : undefined, examples };
}

export async function readUpload(request: Request): Promise<Upload> {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) return fromForm(await request.formData());
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw badRequest("the request body is not valid JSON");
  }
  return fromJson(body);
}

/**
 * Source ids: an example's own id when given; otherwise the sha256 of its content, so uploading the
 * same examples again matches them (a changed example without an id is a new one). The n-th copy of
 * identical content gets `#n`.
 */
async function toSyncExamples(examples: readonly PhoenixExample[]): Promise<SyncExample[]> {
  const seen = new Map<string, number>();
  const out: SyncExample[] = [];
  for (const example of examples) {
    let sourceId = example.id;
    if (sourceId === null) {
      const hash = await contentHash(example);
      const n = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, n);
      sourceId = n === 1 ? hash : `${hash}#${n}`;
    }
    out.push({ sourceId, input: example.input, output: example.output, metadata: example.metadata });
  }
  return out;
}

export async function findDataset(caller: Caller, name: string): Promise<Dataset | null> {
  try {
    return await caller.datasets.get({ datasetName: name });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** `create`: 409 if the name exists; `append`: merge (adds and updates, never deletes); `update`: mirror. */
export async function upload(caller: Caller, request: Request) {
  const { action, name, description, examples } = await readUpload(request);
  examples.forEach((example, i) => {
    const problem = inputProblem(example);
    if (problem) throw badRequest(`example ${i + 1}: ${pathText(problem.path)}: ${problem.message}`);
  });
  const existing = await findDataset(caller, name);
  if (action === "create" && existing) throw conflict(`a dataset named '${name}' already exists: use action 'update' or 'append'`);
  const counts = { num_created_examples: 0, num_updated_examples: 0, num_deleted_examples: 0 };
  if (examples.length === 0) {
    const dataset = existing ?? (await caller.datasets.create({ name, description: description ?? "" }));
    return { data: { dataset_id: dataset.id, version_id: dataset.latestVersionId ?? "", ...counts } };
  }
  try {
    const result = await syncDataset({
      transport: caller.datasets,
      dataset: { datasetName: name },
      examples: await toSyncExamples(examples),
      mode: action === "append" ? "merge" : "mirror",
      message: `Phoenix upload (${action})`,
      ...(description === undefined ? {} : { description }),
    });
    const versionId = result.versionId ?? (await caller.datasets.get({ datasetId: result.datasetId })).latestVersionId ?? "";
    return {
      data: {
        dataset_id: result.datasetId,
        version_id: versionId,
        num_created_examples: result.summary.added,
        num_updated_examples: result.summary.updated,
        num_deleted_examples: result.summary.deleted,
      },
    };
  } catch (error) {
    if (error instanceof SyncError) throw badRequest(error.message, error.details);
    throw error;
  }
}
