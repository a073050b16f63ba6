// The upload page's Web Worker: reads the JSONL file as a stream (never whole), validates every
// record, hashes them, and then runs the sync protocol (lib/sync.ts), so a 100 MB file never
// blocks the page. Only the canonical text of each example is kept (about the file's size),
// and payloads are parsed back from it when the server asks for them.
import { sourceIdSchema } from "@/lib/contracts";
import { CanonicalizeError, contentText, isPlainObject, sha256Hex } from "@/lib/hash";
import { readJsonl } from "@/lib/jsonl";
import { RecordError, toExample, type ToExampleOptions } from "@/lib/records";
import { errorCode, SyncError, syncDataset, utf8Length, type SyncExample, type SyncPlan, type SyncTransport } from "@/lib/sync";
import {
  MAX_PROBLEMS_SHOWN,
  type FromWorker,
  type RecordProblem,
  type SerializedError,
  type SyncMethod,
  type ToWorker,
  type UploadMapping,
  type UploadPlan,
} from "./upload-protocol";

const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker) => scope.postMessage(message);

// What the last validation kept, when the whole file was valid.
let sourceIds: string[] = [];
let texts: string[] = [];
let hashes: string[] = [];

// A \u0000 escape in canonical JSON text (PostgreSQL cannot store U+0000 in jsonb).
const ESCAPED_NUL = /(?<!\\)(?:\\\\)*\\u0000/;
const HASH_BATCH = 512;

/**
 * The toExample options of a mapping. In the keys mode, input is every key of the record that is
 * not the id, output, metadata or ignored (so keys first seen further down the file go to input).
 */
function optionsFor(record: unknown, mapping: UploadMapping): ToExampleOptions {
  if (mapping.shape === "shaped") return { sourceIdKey: mapping.sourceIdKey };
  const options: ToExampleOptions = { sourceIdKey: mapping.sourceIdKey, outputKeys: mapping.outputKeys, metadataKeys: mapping.metadataKeys };
  if (mapping.ignoredKeys.length === 0 || !isPlainObject(record)) return options;
  const taken = new Set([mapping.sourceIdKey, ...mapping.outputKeys, ...mapping.metadataKeys, ...mapping.ignoredKeys]);
  return { ...options, inputKeys: Object.keys(record).filter((key) => !taken.has(key)) };
}

async function* countingChunks(file: File, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
      onBytes(bytes);
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function validate(file: File, mapping: UploadMapping): Promise<void> {
  sourceIds = [];
  texts = [];
  hashes = [];
  if (!globalThis.crypto?.subtle) {
    post({
      type: "failed",
      error: {
        message:
          "This browser offers no SHA-256 here: Web Crypto needs a secure context. Open Cairn over https (or on localhost), or upload with the CLI (`cairn upload`).",
      },
    });
    return;
  }
  const problems: RecordProblem[] = [];
  let problemCount = 0;
  const problem = (p: RecordProblem) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS_SHOWN) problems.push(p);
  };
  const firstLine = new Map<string, number>();
  const ids: string[] = [];
  const contents: string[] = [];
  const digests: string[] = [];
  let pending: Promise<void>[] = [];
  let bytesRead = 0;
  let lastReport = 0;
  let records = 0;

  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < 80) return;
    lastReport = now;
    post({ type: "reading", bytes: bytesRead, total: file.size, records });
  };

  for await (const entry of readJsonl(countingChunks(file, (bytes) => (bytesRead = bytes)))) {
    records++;
    report();
    if (entry.error !== undefined) {
      problem({ line: entry.line, message: entry.error.replace(/^line \d+: /, ""), raw: entry.raw });
      continue;
    }
    const where = `line ${entry.line}`;
    let text: string;
    let sourceId: string;
    try {
      const record = entry.value;
      if (mapping.shape === "shaped" && isPlainObject(record) && !Object.hasOwn(record, "input")) {
        throw new RecordError(where, `"input" is missing (records are expected to look like {"input": {...}, "output": {...}, "metadata": {...}})`);
      }
      const example = toExample(record, optionsFor(record, mapping), where);
      sourceId = example.sourceId;
      const checked = sourceIdSchema.safeParse(sourceId);
      if (!checked.success) throw new RecordError(where, `source id ${JSON.stringify(sourceId.slice(0, 60))} ${checked.error.issues[0]?.message ?? "is not valid"}`);
      const first = firstLine.get(sourceId);
      if (first !== undefined) throw new RecordError(where, `duplicate source id ${JSON.stringify(sourceId)} (first on line ${first})`);
      firstLine.set(sourceId, entry.line);
      text = contentText(example);
      if (ESCAPED_NUL.test(text)) throw new RecordError(where, "strings must not contain U+0000 (the database cannot store it)");
    } catch (error) {
      if (error instanceof RecordError) problem({ line: error.line ?? entry.line, message: error.message.replace(/^line \d+: /, "") });
      else if (error instanceof CanonicalizeError) problem({ line: entry.line, message: `${error.path}: ${error.problem}` });
      else throw error;
      continue;
    }
    if (problemCount > 0) continue; // Nothing will be uploaded: stop keeping content, keep checking.
    const at = ids.length;
    ids.push(sourceId);
    contents.push(text);
    pending.push(sha256Hex(text).then((hash) => void (digests[at] = hash)));
    if (pending.length >= HASH_BATCH) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  if (records === 0) problem({ line: 0, message: "the file has no records: expected one JSON object per line" });
  report(true);
  if (problemCount === 0) {
    sourceIds = ids;
    texts = contents;
    hashes = digests;
  }
  post({ type: "validated", records, bytes: file.size, problems, problemCount });
}

/** An example whose content is parsed from its canonical text only when the sync reads it. */
class StoredExample implements SyncExample {
  constructor(
    readonly sourceId: string,
    private readonly index: number,
  ) {}
  get input() {
    return content(this.index).input;
  }
  get output() {
    return content(this.index).output;
  }
  get metadata() {
    return content(this.index).metadata;
  }
}

// The sync reads input, output and metadata of one example in a row: one parse serves the three.
let cached: { index: number; value: { input: Record<string, unknown>; output: Record<string, unknown>; metadata: Record<string, unknown> } } | null = null;
function content(index: number) {
  if (cached?.index !== index) cached = { index, value: JSON.parse(texts[index]) };
  return cached.value;
}

const approxBytes = (i: number) => utf8Length(texts[i]) + utf8Length(sourceIds[i]) + 16;

// Calls relayed to the page, which owns the tRPC client.
let nextCall = 0;
const calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
let confirmation: ((ok: boolean) => void) | null = null;

class RelayedError extends Error {
  constructor(
    message: string,
    readonly data: unknown,
  ) {
    super(message);
  }
}

function relay<T>(method: SyncMethod, input: unknown): Promise<T> {
  const id = ++nextCall;
  return new Promise<T>((resolve, reject) => {
    calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
    post({ type: "call", id, method, input });
  });
}

async function sync(message: Extract<ToWorker, { type: "sync" }>): Promise<void> {
  if (sourceIds.length === 0) throw new SyncError("INVALID_OPTIONS", "validate a file first");
  const index = new Map(sourceIds.map((id, i) => [id, i]));
  let bytesTotal = 0;
  let bytesDone = 0;
  let needed = 0;
  const transport: SyncTransport = {
    upsertBegin: (input) => relay("upsertBegin", input),
    upsertManifest: (input) => relay("upsertManifest", input),
    upsertPayload: async (input) => {
      const result = await relay<Awaited<ReturnType<SyncTransport["upsertPayload"]>>>("upsertPayload", input);
      for (const example of input.examples) bytesDone += approxBytes(index.get(example.sourceId)!);
      return result;
    },
    upsertCommit: (input) => relay("upsertCommit", input),
    upsertAbort: (input) => relay("upsertAbort", input),
  };
  const onPlan = async (plan: SyncPlan): Promise<boolean> => {
    needed = plan.needed.length;
    bytesTotal = 0;
    bytesDone = 0;
    for (const i of plan.needed) bytesTotal += approxBytes(i);
    const shown: UploadPlan = {
      datasetId: plan.datasetId,
      created: plan.created,
      baseVersion: plan.baseVersion,
      total: plan.total,
      added: plan.added,
      updated: plan.updated,
      deleted: plan.deleted,
      unchanged: plan.unchanged,
      needed,
      neededBytes: bytesTotal,
    };
    // Nothing to change: no question to ask; the commit answers "no changes" without a version.
    if (needed === 0 && (plan.deleted ?? 0) === 0) return true;
    post({ type: "plan", plan: shown });
    return new Promise<boolean>((resolve) => (confirmation = resolve));
  };
  const result = await syncDataset({
    transport,
    dataset: message.dataset,
    examples: sourceIds.map((id, i) => new StoredExample(id, i)),
    hashes,
    mode: message.mode,
    message: message.message,
    description: message.description,
    onPlan,
    onProgress: (progress) => {
      if (progress.phase === "planning") post({ type: "planning", done: progress.done, total: progress.total });
      else if (progress.phase === "uploading") post({ type: "uploading", done: progress.done, total: needed, bytesDone, bytesTotal });
      else if (progress.phase === "committing" && progress.done === 0) post({ type: "committing" });
    },
  });
  cached = null;
  post({ type: "done", result });
}

function serialize(error: unknown): SerializedError {
  if (error instanceof SyncError) return { message: error.message, code: error.code, data: error.details };
  if (error instanceof RelayedError) return { message: error.message, code: errorCode(error), data: error.data };
  return { message: error instanceof Error ? error.message : String(error) };
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case "validate":
      validate(message.file, message.mapping).catch((error: unknown) => post({ type: "failed", error: serialize(error) }));
      break;
    case "sync":
      sync(message).catch((error: unknown) => post({ type: "failed", error: serialize(error) }));
      break;
    case "confirm":
      confirmation?.(message.ok);
      confirmation = null;
      break;
    case "reply": {
      const call = calls.get(message.id);
      calls.delete(message.id);
      if (!call) break;
      if (message.ok) call.resolve(message.value);
      else call.reject(new RelayedError(message.error.message, { ...(message.error.data as object), code: message.error.code }));
      break;
    }
  }
};
