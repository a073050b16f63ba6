// The client side of the upsert (sync) protocol, isomorphic: the SDK drives it over tRPC, the
// browser upload page from a worker, tests with an in-process caller. It hashes the examples
// (users never pass hashes), sends the manifest in chunks, uploads only the payloads the server
// asks for in bounded chunks, and commits; a CONFLICT (another upsert won) re-plans from scratch.
import {
  MANIFEST_CHUNK_MAX,
  PAYLOAD_BYTES_MAX,
  PAYLOAD_CHUNK_MAX,
  type UpsertAbortResult,
  type UpsertBeginInput,
  type UpsertBeginResult,
  type UpsertCommitResult,
  type UpsertManifestInput,
  type UpsertManifestResult,
  type UpsertMode,
  type UpsertPayloadInput,
  type UpsertPayloadResult,
  type UpsertSessionInput,
  type VersionSummary,
} from "./contracts";
import { CanonicalizeError, contentHashDigests, hasSyncSha256, invalidSourceIdMessage, type ReadIds } from "./hash";
import { HexDigests } from "./hex-digests";
import { asciiText, bucketDigestBytes, bucketDigitsFor, bucketsDigestOfBytes, foldBucketDigests } from "./manifest-buckets";
import { codePointOrder, compareCodePoints, manifestDigest } from "./manifest-digest";
import { duplicateIds, idHash, nameIds } from "./source-ids";
import { utf8Length } from "./utf8";

export { utf8Length };

/** The five procedures of `datasets.upsert*`, as async functions (a tRPC client, or a caller). */
export interface SyncTransport {
  upsertBegin(input: UpsertBeginInput): Promise<UpsertBeginResult>;
  upsertManifest(input: UpsertManifestInput): Promise<UpsertManifestResult>;
  upsertPayload(input: UpsertPayloadInput): Promise<UpsertPayloadResult>;
  upsertCommit(input: UpsertSessionInput): Promise<UpsertCommitResult>;
  upsertAbort(input: UpsertSessionInput): Promise<UpsertAbortResult>;
}

export interface SyncExample {
  sourceId: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown> | null;
  metadata?: Record<string, unknown> | null;
}

export type SyncPhase = "hashing" | "planning" | "uploading" | "committing";
export interface SyncProgress {
  phase: SyncPhase;
  done: number;
  total: number;
  /** 0 on the first plan, then 1, 2... after each CONFLICT. */
  attempt: number;
}

export interface SyncOptions {
  transport: SyncTransport;
  dataset: { datasetName: string } | { datasetId: string };
  examples: readonly SyncExample[];
  mode?: UpsertMode;
  message?: string;
  /** Description of the dataset if this sync creates it (by name). */
  description?: string;
  /** Manifest entries per call (at most 20,000: about 1.6 MB). */
  manifestChunk?: number;
  /** Target size of one payload call's body; a single larger example goes alone. */
  payloadChunkBytes?: number;
  /** Examples per payload call (at most 2,000). */
  payloadChunkCount?: number;
  /** Payload requests in flight at once (default 2). */
  payloadConcurrency?: number;
  /** Re-plans after a CONFLICT before giving up. */
  maxConflictRetries?: number;
  onProgress?: (progress: SyncProgress) => void;
  /**
   * Called once the server has answered the whole manifest, before any payload is sent (again
   * after each CONFLICT re-plan). Resolve false to cancel: the session is aborted, nothing is
   * written, and the sync rejects with SyncError "CANCELLED". (A dataset created by name in
   * `upsertBegin` stays, empty: `plan.created` says so.) Without it, payloads are uploaded while
   * the rest of the manifest is planned (progress still reports "uploading" after "planning").
   */
  onPlan?: (plan: SyncPlan) => boolean | Promise<boolean>;
  /** Content hashes computed elsewhere (e.g. a browser worker), aligned with `examples`. */
  hashes?: readonly string[];
  /**
   * Send a large manifest by buckets (lib/manifest-buckets.ts): only the entries of buckets that
   * differ from the latest version. Default true; used where SHA-256 is synchronous (Node).
   */
  buckets?: boolean;
  /**
   * A first import (the dataset has no version) sends its manifest with the payloads instead of
   * in manifest calls (upsertBegin's `manifestWithPayloads`). Default true.
   */
  manifestWithPayloads?: boolean;
}

/** What a sync will do, known after the manifest and before any payload is sent. */
export interface SyncPlan {
  datasetId: string;
  /** `upsertBegin` created the dataset (selected by name). */
  created: boolean;
  /** The latest version the plan compares with (0: none yet). */
  baseVersion: number;
  mode: UpsertMode;
  total: number;
  /** Indexes into `examples` of the payloads to send (new or changed), ascending. */
  needed: readonly number[];
  /** The split of `needed` and the mirror deletions; null when the server does not report them. */
  added: number | null;
  updated: number | null;
  deleted: number | null;
  unchanged: number;
  attempt: number;
}

export interface SyncResult {
  datasetId: string;
  versionId: string | null;
  versionNumber: number;
  summary: VersionSummary;
  noop: boolean;
  /** UTF-8 bytes of the JSON request bodies sent, over every attempt. */
  bytesSent: number;
  /** Plans made: 1 unless a CONFLICT forced a re-plan. */
  attempts: number;
}

export type SyncErrorCode = "DUPLICATE_SOURCE_IDS" | "INVALID_EXAMPLE" | "INVALID_OPTIONS" | "CONFLICT" | "CANCELLED";

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "SyncError";
  }
}

const HASH = /^[0-9a-f]{64}$/;
const HASH_BATCH = 8_192;
/** The tRPC code of an error thrown by a transport (server-side TRPCError or TRPCClientError). */
export function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; data?: { code?: unknown }; shape?: { data?: { code?: unknown } } } | null;
  const code = e?.data?.code ?? e?.shape?.data?.code ?? e?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The source ids, and their code point order when `ordered` (what the manifest digest needs); an
 * id that is not a non-empty string, or duplicates (named in code point order), are an error
 * naming them, before anything is sent.
 */
function sourceIdsOf(examples: readonly SyncExample[], ordered: boolean): { ids: string[]; order: number[] | null } {
  // Unordered, each id's hash for duplicateIds is taken as the id is read (its text is at hand).
  const hashes = ordered ? null : new Int32Array(examples.length);
  const ids = examples.map((example, i) => {
    const id = example?.sourceId;
    if (typeof id !== "string" || id === "") {
      throw new SyncError("INVALID_EXAMPLE", invalidSourceIdMessage(i), { index: i });
    }
    if (hashes) hashes[i] = idHash(id);
    return id;
  });
  const order = ordered ? codePointOrder(ids) : null;
  const duplicates: string[] = [];
  if (order) {
    // Equal ids are side by side in that order.
    for (let k = 1; k < order.length; k++) {
      const id = ids[order[k]];
      if (id === ids[order[k - 1]] && duplicates.at(-1) !== id) duplicates.push(id);
    }
  } else {
    duplicates.push(...duplicateIds(ids, hashes ?? undefined));
  }
  throwDuplicates(duplicates);
  return { ids, order };
}

/** The DUPLICATE_SOURCE_IDS error naming these ids (in code point order), if there are any. */
function throwDuplicates(duplicates: string[]): void {
  if (duplicates.length === 0) return;
  duplicates.sort(compareCodePoints);
  throw new SyncError("DUPLICATE_SOURCE_IDS", `duplicate source ids: ${nameIds(duplicates)}; nothing was sent`, { duplicates });
}

/**
 * The examples' content hashes, and the UTF-8 bytes of each one's canonical text (null for
 * hashes given in the options): a payload's JSON is exactly that long plus its source id. With
 * `byBuckets`, the entries' digests too (null for hashes given: bucketDigests computes them).
 */
async function hashAll(
  options: SyncOptions,
  ids: readonly string[],
  byBuckets: boolean,
  read: Omit<ReadIds, "offset"> | null,
  report: (done: number) => void,
): Promise<{ digests: HexDigests; textBytes: Int32Array | null; entryDigests: Uint32Array | null }> {
  const { examples } = options;
  if (options.hashes) {
    if (options.hashes.length !== examples.length) {
      throw new SyncError("INVALID_OPTIONS", `hashes has ${options.hashes.length} entries for ${examples.length} examples`);
    }
    const bad = options.hashes.findIndex((hash) => !HASH.test(hash));
    if (bad !== -1) throw new SyncError("INVALID_OPTIONS", `hashes[${bad}] is not a lowercase hex sha-256`);
    report(examples.length);
    return { digests: HexDigests.of([...options.hashes]), textBytes: null, entryDigests: null };
  }
  // Each batch is canonicalized on this thread when its contentHashes call starts; in Node its
  // digests come from a worker thread (lib/sha256-worker.ts) while the next batch is canonicalized.
  // A manifest that goes by buckets gets its entry digests with the hashes (on the worker, which
  // has time to spare while this thread canonicalizes): its buckets digest, sent at begin, and
  // its bucket digests, for a re-sync, are made of them.
  const entryDigests = byBuckets ? new Uint32Array(2 * examples.length) : null;
  const digests = new HexDigests(examples.length);
  // Outside the heap, each batch writing its part: per-batch arrays copied in were ~3 MB of young
  // garbage per 100k examples.
  const textBytes = new Int32Array(examples.length);
  const pending: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  let done = 0;
  for (let start = 0, end = 0; start < examples.length && !failure; start = end) {
    // A last batch of fewer than a quarter batch joins the one before: alone, it would be too
    // small for the worker (contentHashDigests' WORKER_MIN), and this thread would hash it
    // (a 100k no-op's last 1,696 examples: ~6 ms).
    end = examples.length - start < HASH_BATCH + HASH_BATCH / 4 ? examples.length : start + HASH_BATCH;
    const batch = examples.slice(start, end);
    const heads = entryDigests?.subarray(2 * start, 2 * end);
    const batchDigests = heads && (read ? { heads } : { sourceIds: ids.slice(start, end), heads });
    const readIds = read ? { ...read, offset: start } : undefined;
    pending.push(
      contentHashDigests(batch, { textBytes: textBytes.subarray(start, end), entryDigests: batchDigests, readIds }).then(
        (batchHashes) => {
          digests.addAll(start, batchHashes);
          done += batchHashes.length;
          report(done);
        },
        (error: unknown) => void (failure ??= { error: invalidExample(error, start, examples) }),
      ),
    );
    // Between batches, let the event loop run: the worker's answers and progress come in (and in
    // one process with the server, as in tests and the bench, its queries go on meanwhile).
    await nextTurn();
  }
  await Promise.all(pending);
  if (failure) throw failure.error;
  return { digests, textBytes, entryDigests };
}

/** A CanonicalizeError of the batch starting at `start`, as the SyncError naming the example. */
function invalidExample(error: unknown, start: number, examples: readonly SyncExample[]): unknown {
  if (!(error instanceof CanonicalizeError)) return error;
  const match = /^\$\[(\d+)\]/.exec(error.path);
  const at = start + (match ? Number(match[1]) : 0);
  const path = match ? `$${error.path.slice(match[0].length)}` : error.path;
  return new SyncError("INVALID_EXAMPLE", `example ${JSON.stringify(examples[at]?.sourceId)}: ${path}: ${error.problem}`, {
    sourceId: examples[at]?.sourceId,
    path,
  });
}

const nextTurn = () =>
  new Promise<void>((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** The plan to confirm: what the server's answers say the sync will do. */
function planOf(begin: UpsertBeginResult, mode: UpsertMode, total: number, needed: number[], changed: number | null, attempt: number): SyncPlan {
  const unchanged = total - needed.length;
  const base = begin.baseExampleCount;
  return {
    datasetId: begin.datasetId,
    created: begin.created,
    baseVersion: begin.baseVersion,
    mode,
    total,
    needed,
    added: changed === null ? null : needed.length - changed,
    updated: changed,
    // Examples in force at the base that the manifest lists are the unchanged plus the changed ones.
    deleted: mode === "merge" ? 0 : changed === null || base === undefined ? null : Math.max(0, base - unchanged - changed),
    unchanged,
    attempt,
  };
}

/** Asks `onPlan` (when given) to go on; a "no" ends the sync before anything is written. */
async function confirmPlan(options: SyncOptions, plan: SyncPlan): Promise<void> {
  if (options.onPlan && !(await options.onPlan(plan))) {
    throw new SyncError("CANCELLED", "the sync was cancelled after planning; nothing was written", { plan });
  }
}

interface PayloadUploaderOptions {
  transport: SyncTransport;
  sessionId: string;
  examples: readonly SyncExample[];
  /** UTF-8 bytes of each example's canonical text (null: serialize to measure). */
  textBytes: ArrayLike<number> | null;
  /**
   * The manifest goes with the payloads: each example carries its hash, each call its position
   * (examples are then added in manifest order, all of them).
   */
  hashes: readonly string[] | null;
  chunkCount: number;
  chunkBytes: number;
  concurrency: number;
  /** Bytes of each request body sent. */
  onSent(bytes: number): void;
  /** Payloads stored so far. */
  onStored(stored: number): void;
}

/**
 * Uploads the payloads of the examples it is given (indexes into `examples`, in the order
 * given), in chunks bounded by count and by bytes, with up to `concurrency` requests in flight:
 * the next chunk is prepared while the server stores the previous ones. Examples can keep coming
 * while it uploads (`add`); `finish` sends the last chunk and waits for every request. The first
 * failed request stops it; its error is thrown by `check`, `finish`.
 */
class PayloadUploader {
  stored = 0;
  /** Added indexes not chunked yet: the lists given to `add`, and the place in the first one. */
  private readonly queue: (readonly number[])[] = [];
  private next = 0;
  private chunk: {
    sourceId: string;
    input: Record<string, unknown>;
    output: Record<string, unknown>;
    metadata: Record<string, unknown>;
    hash?: string;
  }[] = [];
  private chunkBytes = 0;
  /** The index of the chunk's first example (its position, when the manifest goes with the payloads). */
  private chunkStart = 0;
  private readonly inflight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  private pumping: Promise<void> = Promise.resolve();
  private readonly prefixBytes: number;

  constructor(private readonly options: PayloadUploaderOptions) {
    this.prefixBytes = utf8Length(`{"sessionId":${JSON.stringify(options.sessionId)},"examples":[`);
  }

  /** Queues examples to upload; the upload goes on in the background. */
  add(indexes: readonly number[]): void {
    this.queue.push(indexes);
    this.pumping = this.pumping.then(() => this.pump());
  }

  /** Throws the error of a failed request, if any. */
  check(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Uploads what is queued and the last chunk, and waits for every request. */
  async finish(): Promise<void> {
    await this.pumping;
    this.check();
    await this.flush();
    await Promise.all(this.inflight);
    this.check();
  }

  /** Lets the requests in flight settle (before the session is aborted, or after `finish`). */
  async stop(): Promise<void> {
    this.queue.length = 0;
    this.next = 0;
    await this.pumping.catch(() => undefined);
    await Promise.all(this.inflight);
  }

  private async pump(): Promise<void> {
    const { examples, textBytes, chunkCount, chunkBytes, hashes } = this.options;
    while (this.queue.length > 0 && !this.failure) {
      if (this.next >= this.queue[0].length) {
        this.queue.shift();
        this.next = 0;
        continue;
      }
      const i = this.queue[0][this.next++];
      const { sourceId, input, output, metadata } = examples[i];
      const example = hashes
        ? { sourceId, input, output: output ?? {}, metadata: metadata ?? {}, hash: hashes[i] }
        : { sourceId, input, output: output ?? {}, metadata: metadata ?? {} };
      // `{"sourceId":<id>,` and the content, whose JSON is as long as its canonical text (and
      // `,"hash":"<64 hex>"`), and the comma after it.
      const size =
        1 + (textBytes ? 12 + utf8Length(JSON.stringify(sourceId)) + textBytes[i] + (hashes ? 74 : 0) : utf8Length(JSON.stringify(example)));
      if (this.chunk.length > 0 && (this.chunk.length >= chunkCount || this.chunkBytes + size > chunkBytes)) await this.flush();
      if (this.chunk.length === 0) this.chunkStart = i;
      this.chunk.push(example);
      this.chunkBytes += size;
    }
  }

  private async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    while (this.inflight.size >= this.options.concurrency && !this.failure) await Promise.race(this.inflight);
    if (this.failure) return;
    const examples = this.chunk;
    const position = this.options.hashes ? { position: this.chunkStart } : {};
    const positionBytes = this.options.hashes ? utf8Length(`,"position":${this.chunkStart}`) : 0;
    // The chunk's bytes count a comma after each example: the last one's is the closing `]`.
    this.options.onSent(this.prefixBytes + this.chunkBytes + 1 + positionBytes);
    const request: Promise<void> = this.options.transport.upsertPayload({ sessionId: this.options.sessionId, examples, ...position }).then(
      () => {
        this.stored += examples.length;
        this.options.onStored(this.stored);
      },
      (error: unknown) => void (this.failure ??= { error }),
    );
    this.inflight.add(request);
    void request.finally(() => this.inflight.delete(request));
    this.chunk = [];
    this.chunkBytes = 0;
  }
}

/**
 * The plan of a session with manifest calls: the manifest (or the `listed` entries of a bucketed
 * one) in chunks; the server answers which source ids of each it needs. Their indexes go into
 * `needed` in manifest order, and to the uploader as they come when `pipelined`. Answers how many
 * of them are updates (null when the server does not say).
 */
async function planByManifest(plan: {
  transport: SyncTransport;
  sessionId: string;
  ids: readonly string[];
  digests: HexDigests;
  listed: readonly number[] | null;
  manifestChunk: number;
  measure: <I>(input: I) => I;
  progress: (phase: SyncPhase, done: number, of: number) => void;
  uploader: PayloadUploader;
  needed: number[];
  pipelined: boolean;
}): Promise<number | null> {
  const { transport, sessionId, ids, digests, listed, manifestChunk, measure, progress, uploader, needed } = plan;
  const count = listed ? listed.length : ids.length;
  let changed: number | null = 0;
  progress("planning", 0, count);
  for (let start = 0; start < count; start += manifestChunk) {
    const entries: [string, string][] = [];
    for (let k = start; k < Math.min(start + manifestChunk, count); k++) {
      const i = listed ? listed[k] : k;
      entries.push([ids[i], digests.at(i)]);
    }
    const answer = await transport.upsertManifest(measure({ sessionId, entries }));
    uploader.check();
    if (answer.needed.length > 0) {
      // Where each source id of this chunk is (a map of the chunk only: a no-op or a bucketed
      // re-sync never maps the whole manifest).
      const at = new Map<string, number>();
      for (let k = start; k < start + entries.length; k++) {
        const i = listed ? listed[k] : k;
        at.set(ids[i], i);
      }
      const chunkNeeded: number[] = [];
      for (const id of answer.needed) {
        const i = at.get(id);
        if (i === undefined) throw new SyncError("INVALID_OPTIONS", `the server asked for ${JSON.stringify(id)}, which is not in this manifest chunk`);
        chunkNeeded.push(i);
      }
      needed.push(...chunkNeeded);
      if (plan.pipelined) uploader.add(chunkNeeded);
    }
    changed = changed === null || answer.changed === undefined ? null : changed + answer.changed;
    progress("planning", Math.min(start + manifestChunk, count), count);
  }
  return changed;
}

/** Syncs `examples` into the dataset: one new version with what changed, or a no-op. */
export async function syncDataset(options: SyncOptions): Promise<SyncResult> {
  const { transport, examples } = options;
  const total = examples.length;
  const manifestChunk = Math.min(options.manifestChunk ?? MANIFEST_CHUNK_MAX, MANIFEST_CHUNK_MAX);
  const payloadChunkCount = Math.min(options.payloadChunkCount ?? PAYLOAD_CHUNK_MAX, PAYLOAD_CHUNK_MAX);
  const payloadChunkBytes = Math.min(options.payloadChunkBytes ?? 1_500_000, PAYLOAD_BYTES_MAX / 2);
  const maxRetries = options.maxConflictRetries ?? 3;
  const payloadConcurrency = options.payloadConcurrency ?? 2;
  if (manifestChunk < 1 || payloadChunkCount < 1 || payloadChunkBytes < 1 || payloadConcurrency < 1 || maxRetries < 0) {
    throw new SyncError("INVALID_OPTIONS", "chunk sizes must be positive and maxConflictRetries non-negative");
  }
  let attempt = 0;
  const progress = (phase: SyncPhase, done: number, of: number) => options.onProgress?.({ phase, done, total: of, attempt });

  // A large manifest goes by buckets where SHA-256 is synchronous: its 65,536 bucket digests stand
  // for it at begin too (the buckets digest), and the ids need no sort.
  const byBuckets = options.buckets !== false && bucketDigitsFor(total) !== 0 && hasSyncSha256();
  // By buckets, each source id is read as its example is hashed (contentHashDigests' readIds: a
  // pass of its own first cost a 100k no-op ~15-20 ms), and the duplicates are looked for after.
  const read = byBuckets && !options.hashes ? { ids: new Array<string>(total), idHashes: new Int32Array(total) } : null;
  const { ids, order } = read ? { ids: read.ids, order: null } : sourceIdsOf(examples, !byBuckets);
  progress("hashing", 0, total);
  let hashed: Awaited<ReturnType<typeof hashAll>>;
  try {
    hashed = await hashAll(options, ids, byBuckets, read, (done) => progress("hashing", done, total));
  } catch (error) {
    // An invalid or duplicate source id is the error, before any other (as where ids are read
    // first): every id is looked at again.
    if (read) sourceIdsOf(examples, false);
    throw error;
  }
  if (read) throwDuplicates(duplicateIds(read.ids, read.idHashes));
  const { digests, textBytes, entryDigests } = hashed;
  // Equal to the latest version's: the server answers the begin call with a no-op.
  const bucketBytes = byBuckets ? bucketDigestBytes(ids, digests, 4, entryDigests ?? undefined) : null;
  // By buckets, no string per hash (a no-op never reads them; a re-sync lists a few), and the
  // bucket digests as text only when they are sent.
  const digest = bucketBytes
    ? { bucketsDigest: await bucketsDigestOfBytes(bucketBytes, total) }
    : { manifestDigest: await manifestDigest(ids, digests.strings(), order ?? undefined) };
  let allBuckets: string | null = null;

  let bytesSent = 0;
  // Every request body is measured as the JSON it would travel as.
  // (Called as transport.x(input), never detached: a tRPC proxy resolves procedures by property.)
  const measure = <I>(input: I): I => {
    bytesSent += utf8Length(JSON.stringify(input));
    return input;
  };

  for (;;) {
    const begin = await transport.upsertBegin(
      measure({
        ...options.dataset,
        mode: options.mode ?? "mirror",
        message: options.message ?? "",
        ...(options.description === undefined ? {} : { description: options.description }),
        ...digest,
        exampleCount: total,
        ...(options.manifestWithPayloads === false ? {} : { manifestWithPayloads: true }),
      }),
    );
    if (begin.noop) {
      // The latest version holds exactly these examples: no session was opened, nothing to send.
      progress("planning", total, total);
      await confirmPlan(options, planOf(begin, options.mode ?? "mirror", total, [], 0, attempt));
      return {
        datasetId: begin.datasetId,
        versionId: begin.versionId ?? null,
        versionNumber: begin.baseVersion,
        summary: begin.summary ?? { added: 0, updated: 0, deleted: 0, unchanged: total },
        noop: true,
        bytesSent,
        attempts: attempt + 1,
      };
    }
    const sessionId = begin.sessionId;
    try {
      // Plan: the manifest in chunks; the server answers which source ids it needs. A large one
      // against a base version goes by buckets first: the server answers which buckets differ
      // from the base, and only their entries are listed (digests computed once, for re-plans too).
      const digits = bucketBytes && begin.baseVersion > 0 ? bucketDigitsFor(total) : 0;
      if (digits && bucketBytes) allBuckets ??= asciiText(bucketBytes);
      const buckets = digits === 4 ? allBuckets : digits === 3 && allBuckets ? foldBucketDigests(allBuckets) : null;
      // The touched buckets, as one flag per bucket (a Set lookup per entry cost ~10 ms of a 100k re-sync).
      let touched: Uint8Array | null = null;
      if (digits && buckets) {
        const answer = await transport.upsertManifest(measure({ sessionId, entries: [], bucketDigests: buckets }));
        if (answer.touchedBuckets) {
          touched = new Uint8Array(16 ** digits);
          for (const bucket of answer.touchedBuckets) touched[bucket] = 1;
        }
      }
      let listed: number[] | null = null;
      if (touched && digits) {
        listed = [];
        const buckets = digests.buckets(digits);
        for (let i = 0; i < total; i++) if (touched[buckets[i]] === 1) listed.push(i);
      }
      const needed: number[] = [];
      // Without a plan to confirm, payloads go up while the rest of the manifest is planned (the
      // server stages the next manifest chunk while it stores the payloads of the previous ones).
      const pipelined = !options.onPlan;
      let planned = false;
      const withPayloads = begin.manifestWithPayloads === true;
      const uploader = new PayloadUploader({
        transport,
        sessionId,
        examples,
        textBytes,
        hashes: withPayloads ? digests.strings() : null,
        chunkCount: payloadChunkCount,
        chunkBytes: payloadChunkBytes,
        concurrency: payloadConcurrency,
        onSent: (bytes) => void (bytesSent += bytes),
        // Phases are reported in order: uploads during planning show once planning is done.
        onStored: (uploaded) => void (planned && progress("uploading", uploaded, needed.length)),
      });
      try {
        if (withPayloads) {
          // A first import: every entry is needed, and the manifest goes with the payloads.
          for (let i = 0; i < total; i++) needed.push(i);
          progress("planning", total, total);
          await confirmPlan(options, planOf(begin, options.mode ?? "mirror", total, needed, 0, attempt));
          uploader.add(needed);
        } else {
          const changed = await planByManifest({ transport, sessionId, ids, digests, listed, manifestChunk, measure, progress, uploader, needed, pipelined });
          if (!pipelined) {
            needed.sort((a, b) => a - b);
            await confirmPlan(options, planOf(begin, options.mode ?? "mirror", total, needed, changed, attempt));
            uploader.add(needed);
          }
        }
        planned = true;
        progress("uploading", uploader.stored, needed.length);
        await uploader.finish();
      } finally {
        await uploader.stop();
      }

      progress("committing", 0, 1);
      const committed = await transport.upsertCommit(measure({ sessionId }));
      progress("committing", 1, 1);
      return { ...committed, bytesSent, attempts: attempt + 1 };
    } catch (error) {
      if (errorCode(error) === "CONFLICT" && attempt < maxRetries) {
        attempt++;
        await transport.upsertAbort(measure({ sessionId })).catch(() => undefined);
        continue;
      }
      await transport.upsertAbort(measure({ sessionId })).catch(() => undefined);
      throw error;
    }
  }
}
