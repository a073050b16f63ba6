// SHA-256 of many texts on a worker thread, where Node's worker_threads are (reached through
// process.getBuiltinModule, like the synchronous SHA-256 in hash.ts: no `node:` import, so
// bundlers and browsers never see one). The caller canonicalizes and writes UTF-8 bytes into a
// buffer; the worker hashes the buffer while the caller fills the next one. SHA-256 is about a
// third of hashing an example, so the two threads together take about two thirds of the time.

import { nodeBuiltin } from "./node-builtin";

/**
 * Hashes the texts written so far; resolves to their hex digests concatenated, in order, and for
 * texts written with a `then` prefix, the first 8 bytes of sha256(then + the text's hex digest)
 * (8 bytes per text, at its place; zeros for texts without one).
 */
export interface Sha256Job {
  /** Appends one text: its UTF-8 bytes, or -1 when it does not fit (post this job and start another). */
  write(text: string, then?: string): number;
  /**
   * Appends one text that `fill(value, buffer, at, end)` writes as UTF-8 into the job's buffer
   * from `at` (not past `end`), returning where it ends: its bytes, like `write`. A negative answer
   * of `fill` (-1: it does not fit) is returned as it is, and nothing is appended.
   */
  append<T>(fill: Utf8Fill<T>, value: T, then?: string): number;
  readonly count: number;
  post(): Promise<{ hex: string; heads: Uint8Array | null }>;
}

export interface Sha256Worker {
  job(bytes: number): Sha256Job;
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
  Worker: new (code: string, options: { eval: true }) => NodeWorker;
  allocUnsafeSlow: (size: number) => Utf8Buffer;
}

// Plain JavaScript, evaluated in the worker: hash each [from, to) range of the bytes. (Modules
// through getBuiltinModule too: the browser bundle of hash.ts carries this text, and must not
// look as if it required anything.)
const WORKER_CODE = `
const { parentPort } = process.getBuiltinModule("node:worker_threads");
const { hash } = process.getBuiltinModule("node:crypto");
let scratch = Buffer.allocUnsafe(4096);
parentPort.on("message", ({ id, bytes, ends, thenBytes, thenEnds }) => {
  const data = new Uint8Array(bytes);
  const prefixes = thenBytes ? new Uint8Array(thenBytes) : null;
  const heads = prefixes ? new Uint8Array(8 * ends.length) : null;
  let out = "";
  let from = 0;
  let thenFrom = 0;
  for (let i = 0; i < ends.length; i++) {
    const hex = hash("sha256", data.subarray(from, ends[i]), "hex");
    out += hex;
    from = ends[i];
    if (prefixes && thenEnds[i] > thenFrom) {
      const length = thenEnds[i] - thenFrom;
      if (scratch.length < length + 64) scratch = Buffer.allocUnsafe(2 * (length + 64));
      scratch.set(prefixes.subarray(thenFrom, thenEnds[i]), 0);
      scratch.write(hex, length, "latin1");
      heads.set(hash("sha256", scratch.subarray(0, length + 64), "buffer").subarray(0, 8), 8 * i);
      thenFrom = thenEnds[i];
    }
  }
  parentPort.postMessage({ id, hex: out, heads }, heads ? [heads.buffer] : []);
});`;

function nodeModules(): NodeModules | null {
  const threads = nodeBuiltin<{ Worker?: NodeModules["Worker"] }>("node:worker_threads");
  const buffer = nodeBuiltin<{ Buffer?: { allocUnsafeSlow?: NodeModules["allocUnsafeSlow"] } }>("node:buffer");
  const allocUnsafeSlow = buffer?.Buffer?.allocUnsafeSlow;
  if (typeof threads?.Worker !== "function" || typeof allocUnsafeSlow !== "function") return null;
  return { Worker: threads.Worker, allocUnsafeSlow: (size) => allocUnsafeSlow.call(buffer?.Buffer, size) };
}

let shared: Sha256Worker | null | undefined;

/** The process's SHA-256 worker, started on first use (null where there are no worker threads, or it failed). */
export function sha256Worker(): Sha256Worker | null {
  if (shared !== undefined) return shared;
  const node = nodeModules();
  if (!node) return (shared = null);
  let worker: NodeWorker;
  try {
    worker = new node.Worker(WORKER_CODE, { eval: true });
  } catch {
    return (shared = null);
  }
  type Answer = { hex: string; heads: Uint8Array | null };
  const pending = new Map<number, { resolve: (answer: Answer) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  // Idle, the worker does not keep the process alive; with jobs in flight it does.
  worker.unref();
  const settle = (id: number) => {
    const entry = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return entry;
  };
  worker.on("message", ({ id, hex, heads }: { id: number } & Answer) => settle(id)?.resolve({ hex, heads }));
  const fail = (error: unknown) => {
    shared = null; // later calls hash on their own thread
    for (const id of [...pending.keys()]) settle(id)?.reject(error);
  };
  worker.on("error", fail);
  worker.on("exit", (code: number) => fail(new Error(`the SHA-256 worker exited with code ${code}`)));

  const run = (message: { bytes: ArrayBuffer; ends: Int32Array; thenBytes?: ArrayBuffer; thenEnds?: Int32Array }) =>
    new Promise<Answer>((resolve, reject) => {
      const id = nextId++;
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
      const transfer = [message.bytes, message.ends.buffer, ...(message.thenBytes && message.thenEnds ? [message.thenBytes, message.thenEnds.buffer] : [])];
      worker.postMessage({ id, ...message }, transfer);
    });

  return (shared = {
    job(size: number): Sha256Job {
      const buffer = node.allocUnsafeSlow(size);
      const ends: number[] = [];
      let at = 0;
      // The `then` prefixes, allocated on first use (a prefix is short: a source id and its length).
      let thenBuffer: Utf8Buffer | null = null;
      const thenEnds: number[] = [];
      let thenAt = 0;
      const append = <T>(fill: Utf8Fill<T>, value: T, then?: string) => {
        const thenFrom = thenAt;
        if (then !== undefined) {
          thenBuffer ??= node.allocUnsafeSlow(Math.max(size >> 3, 3 * then.length));
          if (thenAt + 3 * then.length > thenBuffer.length) return -1;
          thenAt += thenBuffer.write(then, thenAt);
        }
        const next = fill(value, buffer, at, buffer.length);
        if (next < 0) {
          thenAt = thenFrom;
          return next;
        }
        const bytes = next - at;
        at = next;
        ends.push(at);
        thenEnds.push(thenAt);
        return bytes;
      };
      return {
        write: (text, then) => append(writeText, text, then),
        append,
        get count() {
          return ends.length;
        },
        post: () =>
          run({
            bytes: buffer.buffer as ArrayBuffer,
            ends: Int32Array.from(ends),
            ...(thenBuffer ? { thenBytes: thenBuffer.buffer as ArrayBuffer, thenEnds: Int32Array.from(thenEnds) } : {}),
          }),
      };
    },
  });
}
