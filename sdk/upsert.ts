import type { UpsertMode } from "../lib/contracts/upsert";
import { sourceIdSchema } from "../lib/contracts/examples";
import { CanonicalizeError, contentHash, contentHashes } from "../lib/hash";
import { readJsonl } from "../lib/jsonl";
import { RecordError, toExample, type JsonObject, type MappedExample } from "../lib/records";
import { syncDataset, type SyncPhase, type SyncResult } from "../lib/sync";
import type { CairnClient } from "./client";
import { CairnError, toCairnError } from "./errors";

/** Bad records named in an error message (the count covers them all). */
export const MAX_REPORTED_ERRORS = 20;
// Batches large enough for the hashing worker thread (lib/sha256-worker.ts) to pay off.
const HASH_BATCH = 8_192;
const READ_PROGRESS_EVERY = 5_000;

export type UpsertPhase = "reading" | SyncPhase;
export interface UpsertProgress {
  phase: UpsertPhase;
  /** reading: records read so far (total 0: unknown); hashing, planning: examples; uploading: payloads; committing: 0..1. */
  done: number;
  total: number;
  /** 0 on the first plan, then 1, 2... after each CONFLICT re-plan. */
  attempt: number;
}

export interface RecordMappingOptions {
  /** Key holding each record's source id. Default "id" (unless `sourceId` is given). */
  sourceIdKey?: string;
  /** Computes the source id instead of reading `record[sourceIdKey]`. */
  sourceId?: (record: JsonObject, index: number) => unknown;
  /** Keys picked into input / output / metadata. Without any of the three, records are read as
   * `{id, input, output?, metadata?}` when they have an `input` object, else all but the id is the input. */
  inputKeys?: readonly string[];
  outputKeys?: readonly string[];
  metadataKeys?: readonly string[];
}

export interface UpsertJsonlFileOptions extends RecordMappingOptions {
  dataset: { datasetName: string } | { datasetId: string };
  /** mirror (default): the dataset becomes exactly these examples; merge: adds and updates only. */
  mode?: UpsertMode;
  /** The new version's message. */
  message?: string;
  /** The dataset's description, if this upsert creates it (by name). */
  description?: string;
  onProgress?: (progress: UpsertProgress) => void;
  /** Re-plans after a CONFLICT (another upsert committed first) before giving up. Default 3. */
  maxConflictRetries?: number;
}

export interface UpsertDatasetOptions extends UpsertJsonlFileOptions {
  /** The records: any objects, mapped to examples by the mapping options. */
  examples: Iterable<unknown>;
}

export interface UpsertResult extends SyncResult {
  /** Examples in the upsert. */
  examples: number;
}

interface BadRecord {
  position: number;
  message: string;
}

/** Records -> examples, collecting every problem (the first MAX_REPORTED_ERRORS in full) instead of stopping at one. */
class ExampleCollector {
  readonly examples: MappedExample[] = [];
  readonly positions: number[] = [];
  private readonly firstAt = new Map<string, number>();
  private readonly mappingErrors: BadRecord[] = [];
  private readonly hashErrors: BadRecord[] = [];
  errorCount = 0;

  constructor(
    private readonly options: RecordMappingOptions,
    /** "line" (1-based line numbers) or "record" (0-based indices). */
    readonly unit: "line" | "record",
  ) {}

  where(position: number): string {
    return `${this.unit} ${position}`;
  }

  private fail(list: BadRecord[], position: number, message: string) {
    this.errorCount++;
    if (list.length < MAX_REPORTED_ERRORS) list.push({ position, message });
  }

  bad(position: number, message: string) {
    this.fail(this.mappingErrors, position, message);
  }

  add(record: unknown, position: number, index: number) {
    const where = this.where(position);
    let example: MappedExample;
    try {
      const { sourceId } = this.options;
      example = toExample(record, { ...this.options, sourceId: sourceId && ((r: JsonObject) => sourceId(r, index)) }, where);
    } catch (error) {
      if (error instanceof RecordError) return this.bad(position, error.message);
      throw error;
    }
    const checked = sourceIdSchema.safeParse(example.sourceId);
    if (!checked.success) {
      return this.bad(position, `${where}: source id ${JSON.stringify(example.sourceId.slice(0, 40))}: ${checked.error.issues[0].message}`);
    }
    const first = this.firstAt.get(example.sourceId);
    if (first !== undefined) {
      return this.bad(position, `${where}: duplicate source id ${JSON.stringify(example.sourceId)} (first at ${this.where(first)})`);
    }
    this.firstAt.set(example.sourceId, position);
    this.examples.push(example);
    this.positions.push(position);
  }

  /** Content hashes of the examples; one that cannot be canonicalized (lone surrogate...) is an error naming its record. */
  async hash(report: (done: number) => void): Promise<string[]> {
    const hashes: string[] = [];
    for (let start = 0; start < this.examples.length; start += HASH_BATCH) {
      const batch = this.examples.slice(start, start + HASH_BATCH);
      try {
        hashes.push(...(await contentHashes(batch)));
      } catch (error) {
        if (!(error instanceof CanonicalizeError)) throw error;
        // Rare: find every bad example of the batch, one by one.
        for (const [i, example] of batch.entries()) {
          try {
            hashes.push(await contentHash(example));
          } catch (inner) {
            if (!(inner instanceof CanonicalizeError)) throw inner;
            const position = this.positions[start + i];
            this.fail(this.hashErrors, position, `${this.where(position)}: ${inner.message}`);
            hashes.push("");
          }
        }
      }
      report(hashes.length);
    }
    return hashes;
  }

  /** Throws one error naming the first bad records, before anything was sent. */
  assertValid(source: string) {
    if (this.errorCount === 0) return;
    const shown = [...this.mappingErrors, ...this.hashErrors].sort((a, b) => a.position - b.position).slice(0, MAX_REPORTED_ERRORS);
    const more = this.errorCount - shown.length;
    const noun = `${this.unit}${this.errorCount === 1 ? "" : "s"}`;
    throw new CairnError({
      code: "BAD_REQUEST",
      message:
        `${this.errorCount} invalid ${noun} in ${source}; nothing was sent:\n` +
        shown.map((e) => `  ${e.message}`).join("\n") +
        (more > 0 ? `\n  ... and ${more} more` : ""),
      details: {
        count: this.errorCount,
        errors: shown.map((e) => ({ [this.unit]: e.position, message: e.message })),
      },
    });
  }
}

async function sync(client: CairnClient, options: UpsertJsonlFileOptions, collected: ExampleCollector, source: string): Promise<UpsertResult> {
  const report = (phase: UpsertPhase, done: number, total: number) => options.onProgress?.({ phase, done, total, attempt: 0 });
  const total = collected.examples.length;
  report("hashing", 0, total);
  const hashes = await collected.hash((done) => report("hashing", done, total));
  collected.assertValid(source);
  try {
    const result = await syncDataset({
      transport: client.datasets,
      dataset: options.dataset,
      examples: collected.examples,
      hashes,
      mode: options.mode,
      message: options.message,
      description: options.description,
      maxConflictRetries: options.maxConflictRetries,
      onProgress: options.onProgress,
    });
    return { ...result, examples: total };
  } catch (error) {
    throw toCairnError(error, "datasets.upsert", client.baseUrl);
  }
}

/**
 * Syncs records into a dataset (by name: created if missing). Hashes locally, sends the manifest,
 * uploads only new and changed examples in bounded chunks, commits one version (or none: `noop`),
 * and re-plans when another upsert committed first. A bad record is an error naming its index,
 * thrown before anything is sent.
 */
export async function upsertDataset(client: CairnClient, options: UpsertDatasetOptions): Promise<UpsertResult> {
  const { examples: records, ...rest } = options;
  const collected = new ExampleCollector(rest, "record");
  let index = 0;
  for (const record of records) {
    collected.add(record, index, index);
    index++;
  }
  return sync(client, rest, collected, "examples");
}

/**
 * upsertDataset from a JSONL file, read as a stream. Every malformed line (JSON, mapping, duplicate
 * or unhashable) is counted and the first ones named by line number before anything is sent.
 */
export async function upsertJsonlFile(client: CairnClient, path: string, options: UpsertJsonlFileOptions): Promise<UpsertResult> {
  const { createReadStream } = await import("node:fs");
  const collected = new ExampleCollector(options, "line");
  let records = 0;
  try {
    for await (const entry of readJsonl(createReadStream(path))) {
      if (entry.error !== undefined) collected.bad(entry.line, entry.error);
      else collected.add(entry.value, entry.line, records);
      if (++records % READ_PROGRESS_EVERY === 0) options.onProgress?.({ phase: "reading", done: records, total: 0, attempt: 0 });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== "string" || !code.startsWith("E")) throw error;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    throw new CairnError({ code: "BAD_REQUEST", message: `cannot read ${path}: ${reason}`, cause: error });
  }
  options.onProgress?.({ phase: "reading", done: records, total: records, attempt: 0 });
  return sync(client, options, collected, path);
}
