// SHA-256 of many texts on a worker thread, where Node's worker_threads are (reached through
// process.getBuiltinModule, like the synchronous SHA-256 in hash.ts: no `node:` import, so
// bundlers and browsers never see one). The caller canonicalizes and writes UTF-8 bytes into a
// buffer; the worker hashes the buffer while the caller fills the next one. Hashing a 1 KB
// example's text (its SHA-256 and entry digest) takes longer than writing it, so when the worker
// falls two jobs behind, the caller hashes the next job itself: both threads then hash.

import { ENTRY_DIGEST } from "./entry-digest";
import { nodeBuiltin } from "./node-builtin";
import { ID_HASH } from "./source-ids";

/**
 * Hashes the texts written so far; resolves to their SHA-256 digests, in order, as bytes (32 per
 * text: the caller makes hex digits only of those it reads, lib/hex-digests.ts); for texts
 * written with a source id, their manifest entry digests (lib/entry-digest.ts), as two uint32 per
 * text, high word first, and their ids' idHash (lib/source-ids.ts), at their places (zeros for
 * texts without one); and the places of the texts that hold a byte below 0x20 (null: none), with how
 * many bytes each grew by. The texts are canonical JSON, except that strings may hold control
 * characters as they are (writeContentUtf8's `escapeControls: false`, which saves the caller's
 * thread a search of every string): each such text is hashed with them escaped, as canonical JSON
 * escapes them, so its hash is its canonical JSON's, and its canonical JSON is longer by `grown` bytes.
 */
export interface Sha256Job {
  /** Appends one text: its UTF-8 bytes, or -1 when it does not fit (post this job and start another). */
  write(text: string, sourceId?: string): number;
  /**
   * Appends one text that `fill(value, buffer, at, end)` writes as UTF-8 into the job's buffer
   * from `at` (not past `end`), returning where it ends: its bytes, like `write`. A negative answer
   * of `fill` (-1: it does not fit) is returned as it is, and nothing is appended.
   */
  append<T>(fill: Utf8Fill<T>, value: T, sourceId?: string): number;
  readonly count: number;
  post(): Promise<Answer>;
}

export interface Sha256Worker {
  job(bytes: number): Sha256Job;
  /** Bytes of job buffers allocated so far (they are reused: see BufferPool). */
  readonly allocated: number;
}

export type Utf8Buffer = Uint8Array & { write(text: string, offset: number): number };
/** Writes `value` as UTF-8 into `buffer` from `at` up to `end`: the new end, or a negative code. */
export type Utf8Fill<T> = (value: T, buffer: Utf8Buffer, at: number, end: number) => number;

/** A text's UTF-8, or -1 when it may not fit (UTF-8 takes at most 3 bytes per UTF-16 code unit). */
const writeText: Utf8Fill<string> = (text, buffer, at, end) => (at + 3 * text.length > end ? -1 : at + buffer.write(text, at));
interface NodeWorker {
  postMessage(message: unknown, transfer?: unknown[]): void;
  on(event: string, listener: (value: never) => void): void;
  ref(): void;
  unref(): void;
}
interface NodeModules {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => NodeWorker;
  /** A Buffer over the first `length` bytes of a SharedArrayBuffer (no copy). */
  over: (bytes: SharedArrayBuffer, offset: 0, length: number) => Utf8Buffer;
  hash: HashFn;
}

type HashFn = (algorithm: string, data: string | Uint8Array, encoding: "latin1") => string;
type Answer = { digests: Uint8Array; entryDigests: Uint32Array | null; idHashes: Int32Array | null; controls: Int32Array | null; grown: Int32Array | null };
interface JobMessage {
  bytes: ArrayBufferLike;
  /** The shared WebAssembly memory whose buffer `bytes` is, where it is one (BufferPool). */
  memory?: WebAssembly.Memory;
  ends: Int32Array;
  idBytes?: ArrayBufferLike;
  idEnds?: Int32Array;
}

/**
 * A WebAssembly module (SIMD), base64, assembled from this text:
 *
 *   (module
 *     (import "m" "memory" (memory 1 65536 shared))
 *     ;; The first 64-byte block at or after $at (a multiple of 64) holding a byte below 0x20, or
 *     ;; $end when none does before it (its last block is read whole, past $end).
 *     (func (export "nextControlBlock") (param $at i32) (param $end i32) (result i32)
 *       (local $space v128)
 *       (local.set $space (i8x16.splat (i32.const 0x20)))
 *       (block $done
 *         (loop $next
 *           (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
 *           (br_if $done
 *             (v128.any_true
 *               (v128.or
 *                 (v128.or
 *                   (i8x16.lt_u (v128.load offset=0 (local.get $at)) (local.get $space))
 *                   (i8x16.lt_u (v128.load offset=16 (local.get $at)) (local.get $space)))
 *                 (v128.or
 *                   (i8x16.lt_u (v128.load offset=32 (local.get $at)) (local.get $space))
 *                   (i8x16.lt_u (v128.load offset=48 (local.get $at)) (local.get $space))))))
 *           (local.set $at (i32.add (local.get $at) (i32.const 64)))
 *           (br $next)))
 *       (select (local.get $at) (local.get $end) (i32.lt_u (local.get $at) (local.get $end)))))
 */
const CONTROL_SCAN =
  "AGFzbQEAAAABBwFgAn9/AX8CEAEBbQZtZW1vcnkCAwGAgAQDAgEABxQBEG5leHRDb250cm9sQmxvY2sAAApfAV0BAXtBIP0PIQICQANAIAAgAU8NASAA/QAEACAC/SYgAP0ABBAgAv0m/VAgAP0ABCAgAv0mIAD9AAQwIAL9Jv1Q/VD9Uw0BIABBwABqIQAMAAsLIAAgASAAIAFJGws=";
/** CONTROL_SCAN compiled from its bytes, or null where WebAssembly (or its SIMD) is not there. Plain JavaScript, as text. */
const COMPILE_SCAN = `(bytes) => {
  try {
    return new WebAssembly.Module(bytes);
  } catch {
    return null;
  }
}`;

/**
 * Hashes one job's texts (Sha256Job.post's answer): `(hash, scan, job) => answer`, where `hash` is
 * node:crypto's and `scan` CONTROL_SCAN compiled. Plain JavaScript, as text: the worker evaluates
 * it, and so does the caller's thread for a job the worker is too far behind to start soon (a
 * compiled function's own text may call helpers its compiler added). Entry digests are
 * lib/entry-digest.ts's, from the ids' bytes.
 * The texts with a byte below 0x20 are found 64 bytes at a time by `scan` where WebAssembly is,
 * in the job's own memory (its buffer is a shared WebAssembly memory: BufferPool): ~10 ms per
 * 100 MB where plain JavaScript took 35 to 60 (and a copy into a module's own memory ~10 more).
 * Otherwise (and for outsized jobs, whose buffers are plain) four bytes at a time:
 * (x - 0x20202020) & ~x & 0x80808080 is not 0 exactly when one of x's bytes is below 0x20.
 */
const HASH_JOB = `(hash, scan, { bytes: given, memory, ends, idBytes, idEnds }) => {
  const bytes = memory ? memory.buffer : given;
  const data = new Uint8Array(bytes);
  const end = ends.length ? ends[ends.length - 1] : 0;
  const found = [];
  const places = [];
  let text = 0;
  const mark = (lo, hi) => {
    for (let b = lo; b < hi; b++) {
      if (data[b] >= 0x20) continue;
      places.push(b);
      while (ends[text] <= b) text++;
      if (found[found.length - 1] !== text) found.push(text);
    }
  };
  // The module reads whole blocks: past the end, up to the next multiple of 64 (the pool leaves
  // room for them), are an earlier job's bytes, which may send it to a block that mark then finds
  // clean below the end.
  let scanner = null;
  try {
    if (scan && memory && ((end + 63) & ~63) <= bytes.byteLength) scanner = new WebAssembly.Instance(scan, { m: { memory } }).exports;
  } catch {}
  if (scanner) {
    for (let b = scanner.nextControlBlock(0, end); b < end; b = scanner.nextControlBlock(b + 64, end)) mark(b, Math.min(b + 64, end));
  } else {
    const words = new Uint32Array(bytes, 0, end >> 2);
    for (let w = 0; w < words.length; w++) {
      const x = words[w];
      if (((x - 0x20202020) & ~x & 0x80808080) !== 0) mark(4 * w, 4 * w + 4);
    }
    mark(end & ~3, end);
  }
  // A text with control bytes is hashed as the same bytes with each escaped as JSON.stringify
  // escapes it (canonical JSON's escapes: the text is canonical JSON with some strings' control
  // characters written as they are, and a byte below 0x20 is one only inside a string).
  const grown = found.length ? new Int32Array(found.length) : null;
  const escapes = found.length ? Array.from({ length: 32 }, (_, c) => JSON.stringify(String.fromCharCode(c)).slice(1, -1)) : null;
  let escaped = null;
  let place = 0;
  const escape = (lo, hi) => {
    let size = hi - lo;
    for (let k = place; k < places.length && places[k] < hi; k++) size += escapes[data[places[k]]].length - 1;
    if (!escaped || escaped.length < size) escaped = new Uint8Array(Math.max(size, 4096));
    let at = 0;
    let run = lo;
    for (; place < places.length && places[place] < hi; place++) {
      const b = places[place];
      escaped.set(data.subarray(run, b), at);
      at += b - run;
      const e = escapes[data[b]];
      for (let k = 0; k < e.length; k++) escaped[at++] = e.charCodeAt(k);
      run = b + 1;
    }
    escaped.set(data.subarray(run, hi), at);
    return escaped.subarray(0, at + hi - run);
  };
  const ids = idBytes && idEnds ? new Uint8Array(idBytes) : null;
  const entryDigests = ids ? new Uint32Array(2 * ends.length) : null;
  const entryDigest = ${ENTRY_DIGEST};
  const idHashes = ids ? new Int32Array(ends.length) : null;
  const idHash = ${ID_HASH};
  // The digests go back as bytes (transferred): as strings, each answer's were ~300 KB that the
  // receiving thread's young generation copied, ~20 ms of its garbage collection per 100k texts.
  // Each comes from node:crypto as its 32 bytes (a latin1 string: ~0.1 µs a text less than hex),
  // its first 8 bytes the entry digest's seed; hex digits are the caller's to make, for the
  // digests it reads (a no-op reads none: writing them here was ~10 ms per 100k texts).
  const digests = new Uint8Array(32 * ends.length);
  let from = 0;
  let idFrom = 0;
  let next = 0;
  for (let i = 0; i < ends.length; i++) {
    let content = new Uint8Array(bytes, from, ends[i] - from);
    if (found[next] === i) {
      content = escape(from, ends[i]);
      grown[next++] = content.length - (ends[i] - from);
    }
    const digest = hash("sha256", content, "latin1");
    for (let k = 0, at = 32 * i; k < 32; k++) digests[at + k] = digest.charCodeAt(k);
    from = ends[i];
    if (ids && idEnds[i] > idFrom) {
      const seedHigh = (digest.charCodeAt(0) << 24) | (digest.charCodeAt(1) << 16) | (digest.charCodeAt(2) << 8) | digest.charCodeAt(3);
      const seedLow = (digest.charCodeAt(4) << 24) | (digest.charCodeAt(5) << 16) | (digest.charCodeAt(6) << 8) | digest.charCodeAt(7);
      entryDigest(ids, idFrom, idEnds[i], seedHigh, seedLow, entryDigests, 2 * i);
      idHashes[i] = idHash(ids, idFrom, idEnds[i]);
      idFrom = idEnds[i];
    }
  }
  return { digests, entryDigests, idHashes, controls: grown ? Int32Array.from(found) : null, grown };
}`;

type HashJob = (hash: HashFn, scan: WebAssembly.Module | null, job: JobMessage) => Answer;
let hashJobHere: HashJob | undefined;
let scanHere: WebAssembly.Module | null | undefined;

/**
 * HASH_JOB on this thread (compiled on first use: only Node steals jobs, and a browser's CSP may
 * forbid eval). `wasm: false` finds the control bytes in plain JavaScript, as where there is no WebAssembly.
 */
export function hashJob(hash: HashFn, job: JobMessage, options?: { wasm?: boolean }): Answer {
  hashJobHere ??= new Function(`return ${HASH_JOB};`)() as HashJob;
  scanHere ??= (new Function(`return ${COMPILE_SCAN};`)() as (bytes: Uint8Array) => WebAssembly.Module | null)(
    Uint8Array.from(atob(CONTROL_SCAN), (c) => c.charCodeAt(0)),
  );
  return hashJobHere(hash, options?.wasm === false ? null : scanHere, job);
}

// Plain JavaScript, evaluated in the worker: hashJob for each job, counted in the shared `done`
// (what the caller reads to see how far behind the worker is). (Modules through
// getBuiltinModule too: the browser bundle of hash.ts carries this text, and must not look as if
// it required anything.)
const WORKER_CODE = `
const { parentPort, workerData } = process.getBuiltinModule("node:worker_threads");
const { hash } = process.getBuiltinModule("node:crypto");
const { Buffer } = process.getBuiltinModule("node:buffer");
const done = new Int32Array(workerData);
const hashJob = ${HASH_JOB};
const scan = (${COMPILE_SCAN})(Buffer.from("${CONTROL_SCAN}", "base64"));
parentPort.on("message", (job) => {
  const { digests, entryDigests, idHashes, controls, grown } = hashJob(hash, scan, job);
  // The job's buffers are shared: from here on the caller may write its next jobs into them.
  Atomics.add(done, 0, 1);
  const transfer = [digests.buffer, ...(entryDigests ? [entryDigests.buffer, idHashes.buffer] : []), ...(controls ? [controls.buffer, grown.buffer] : [])];
  parentPort.postMessage({ id: job.id, digests, entryDigests, idHashes, controls, grown }, transfer);
});`;

function nodeModules(): NodeModules | null {
  const threads = nodeBuiltin<{ Worker?: NodeModules["Worker"] }>("node:worker_threads");
  const Buffer = nodeBuiltin<{ Buffer?: { from?: NodeModules["over"] } }>("node:buffer")?.Buffer;
  const hash = nodeBuiltin<{ hash?: HashFn }>("node:crypto")?.hash;
  const from = Buffer?.from;
  if (typeof threads?.Worker !== "function" || typeof from !== "function" || typeof hash !== "function" || typeof SharedArrayBuffer !== "function") {
    return null;
  }
  return { Worker: threads.Worker, over: (bytes, offset, length) => from.call(Buffer, bytes, offset, length), hash };
}

/**
 * Job buffers, shared with the worker: taken again as soon as it has hashed their job.
 * - The caller writes a sync's jobs in one go, so their answers wait until it is done; but the
 *   worker counts the jobs it has hashed (`done`, in order), and their buffers are free from then
 *   on. A 100k-example sync so keeps a few buffers in use instead of ~100 MB of them, and writes
 *   into pages it has touched before: fresh memory costs a page fault per 4 KB on first write,
 *   ~17k per 100k examples (30 to 300 ms of writing instead of ~30 ms).
 * - Shared, not transferred: a transferred buffer comes back as a new ArrayBuffer, which V8 counts
 *   as new external memory, so the ~100 MB of a 100k-example sync's jobs made it mark the whole
 *   heap (the caller's examples with it) once per sync: ~40 ms of this thread's time.
 * - Each is a shared WebAssembly memory's buffer (where there is WebAssembly), with 64 bytes to
 *   spare: the worker's control scan reads the job where it is (HASH_JOB), without a copy.
 * A few of each size up to 8 MB are kept (a job's texts, its ids); an outsized text's are not.
 */
class BufferPool {
  private readonly free = new Map<number, SharedArrayBuffer[]>();
  // Each buffer's size as taken, and its memory where it is a WebAssembly memory's.
  private readonly made = new WeakMap<SharedArrayBuffer, { size: number; memory?: WebAssembly.Memory }>();
  // The posted jobs' buffers, in the order the worker takes them, from the `hashed`-th job on.
  private readonly posted: JobMessage[] = [];
  private hashed = 0;
  allocated = 0;

  constructor(
    private readonly node: NodeModules,
    private readonly done: Int32Array,
    private readonly keep = 4,
  ) {}

  take(size: number): Utf8Buffer {
    for (const finished = Atomics.load(this.done, 0); this.hashed < finished && this.posted.length > 0; this.hashed++) {
      this.release(this.posted.shift() as JobMessage);
    }
    const free = this.free.get(size)?.pop();
    if (free) return this.node.over(free, 0, size);
    this.allocated += size;
    const memory = size <= POOLED_MAX ? sharedMemory(size + 64) : undefined;
    const bytes = memory ? (memory.buffer as unknown as SharedArrayBuffer) : new SharedArrayBuffer(size);
    this.made.set(bytes, { size, memory });
    return this.node.over(bytes, 0, size);
  }

  /** The WebAssembly memory whose buffer `bytes` is, if it is one. */
  memoryOf(bytes: ArrayBufferLike): WebAssembly.Memory | undefined {
    return bytes instanceof SharedArrayBuffer ? this.made.get(bytes)?.memory : undefined;
  }

  /** A job handed to the worker: its buffers are free once the worker has counted it done. */
  lend(job: JobMessage): void {
    this.posted.push(job);
  }

  /** A job's buffers, free again (it was hashed). */
  release(job: JobMessage): void {
    this.give(job.bytes);
    this.give(job.idBytes);
  }

  private give(bytes: ArrayBufferLike | undefined): void {
    const size = bytes instanceof SharedArrayBuffer ? this.made.get(bytes)?.size : undefined;
    if (size === undefined || size > POOLED_MAX) return;
    const list = this.free.get(size) ?? [];
    if (list.length < this.keep) list.push(bytes as SharedArrayBuffer);
    this.free.set(size, list);
  }
}

const POOLED_MAX = 8 << 20;

/** A shared WebAssembly memory of at least `bytes` bytes, or undefined where there is none. */
function sharedMemory(bytes: number): WebAssembly.Memory | undefined {
  try {
    const pages = Math.ceil(bytes / 65_536);
    return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return undefined;
  }
}

/** `array` in one twice as long. */
function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(2 * array.length);
  larger.set(array);
  return larger;
}

/**
 * A source id's UTF-8 at `at` (room checked): where it ends. A short ASCII id goes byte by byte;
 * Buffer.write's call cost more than the copy (100k ids: ~20 -> ~2 ms).
 */
function writeId(buffer: Utf8Buffer, at: number, id: string): number {
  const length = id.length;
  if (length <= 64) {
    let i = 0;
    for (; i < length; i++) {
      const c = id.charCodeAt(i);
      if (c >= 0x80) break;
      buffer[at + i] = c;
    }
    if (i === length) return at + length;
  }
  return at + buffer.write(id, at);
}

let shared: Sha256Worker | null | undefined;
let failureReported = false;

/**
 * Says once that the worker could not start or failed: hashing still gives the same answers, on
 * the calling thread, at about half the speed, which would otherwise go unnoticed.
 */
function reportFailure(error: unknown): void {
  if (failureReported) return;
  failureReported = true;
  const reason = error instanceof Error ? error.message : String(error);
  console.warn(`cairn: the SHA-256 worker thread failed (${reason}); hashing goes on on the calling thread, about half as fast`);
}
// How many jobs the worker may have in hand before the next is hashed on the caller's thread.
const STEAL_BEHIND = 2;

/** The process's SHA-256 worker, started on first use (null where there are no worker threads, or it failed). */
export function sha256Worker(): Sha256Worker | null {
  if (shared !== undefined) return shared;
  const node = nodeModules();
  if (!node) return (shared = null);
  // Jobs the worker has hashed, counted by the worker as it goes (read without waiting for its answers).
  const done = new Int32Array(new SharedArrayBuffer(4));
  let worker: NodeWorker;
  try {
    worker = new node.Worker(WORKER_CODE, { eval: true, workerData: done.buffer });
  } catch (error) {
    reportFailure(error);
    return (shared = null);
  }
  const pool = new BufferPool(node, done);
  const pending = new Map<number, { resolve: (answer: Answer) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  let posted = 0;
  // Idle, the worker does not keep the process alive; with jobs in flight it does.
  worker.unref();
  const settle = (id: number) => {
    const entry = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return entry;
  };
  worker.on("message", ({ id, digests, entryDigests, idHashes, controls, grown }: { id: number } & Answer) => {
    settle(id)?.resolve({ digests, entryDigests, idHashes, controls, grown });
  });
  const fail = (error: unknown) => {
    reportFailure(error);
    shared = null; // later calls hash on their own thread
    for (const id of [...pending.keys()]) settle(id)?.reject(error);
  };
  worker.on("error", fail);
  worker.on("exit", (code: number) => fail(new Error(`the SHA-256 worker exited with code ${code}`)));

  const run = (message: JobMessage): Promise<Answer> => {
    // The worker two jobs behind (one hashing, one waiting): this one is hashed here, so that both
    // threads hash while writing the texts is the quicker half (one contentHashes call over 100k
    // examples of 1 KB: ~290 -> ~230 ms; a sync's batches, whose caller does more, rarely get here).
    if (posted - Atomics.load(done, 0) >= STEAL_BEHIND) {
      const answer = hashJob(node.hash, message);
      pool.release(message);
      return Promise.resolve(answer);
    }
    posted++;
    return new Promise<Answer>((resolve, reject) => {
      const id = nextId++;
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
      pool.lend(message);
      const transfer = [message.ends.buffer, ...(message.idEnds ? [message.idEnds.buffer] : [])];
      worker.postMessage({ id, ...message }, transfer);
    });
  };

  return (shared = {
    get allocated() {
      return pool.allocated;
    },
    job(size: number): Sha256Job {
      const buffer = pool.take(size);
      // Where each text and its id end, in typed arrays (outside the heap): arrays grown by push
      // were ~6 MB of young garbage per 100k texts, which the caller's scavenges paid for.
      let ends = new Int32Array(Math.min(Math.max(1_024, size >> 9), 1 << 16));
      let idEnds = new Int32Array(ends.length);
      let count = 0;
      let at = 0;
      // The source ids' UTF-8, allocated on first use (an id is short).
      let idBuffer: Utf8Buffer | null = null;
      let idAt = 0;
      const append = <T>(fill: Utf8Fill<T>, value: T, sourceId?: string) => {
        const idFrom = idAt;
        if (sourceId !== undefined) {
          idBuffer ??= pool.take(Math.max(size >> 3, 3 * sourceId.length));
          if (idAt + 3 * sourceId.length > idBuffer.length) return -1;
          idAt = writeId(idBuffer, idAt, sourceId);
        }
        const next = fill(value, buffer, at, buffer.length);
        if (next < 0) {
          idAt = idFrom;
          return next;
        }
        const bytes = next - at;
        at = next;
        if (count === ends.length) {
          ends = grown(ends);
          idEnds = grown(idEnds);
        }
        ends[count] = at;
        idEnds[count++] = idAt;
        return bytes;
      };
      return {
        write: (text, sourceId) => append(writeText, text, sourceId),
        append,
        get count() {
          return count;
        },
        post: () =>
          run({
            bytes: buffer.buffer,
            memory: pool.memoryOf(buffer.buffer),
            ends: ends.slice(0, count),
            ...(idBuffer ? { idBytes: idBuffer.buffer, idEnds: idEnds.slice(0, count) } : {}),
          }),
      };
    },
  });
}
