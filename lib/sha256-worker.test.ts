import { createHash, hash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { entryDigestOf } from "./entry-digest";
import { idHash } from "./source-ids";
import { hashJob, sha256Worker } from "./sha256-worker";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A text with its control characters escaped as canonical JSON escapes them. */
const escaped = (text: string) => text.replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));

/** An answer's digests as one text. */
const hexOf = (answer: { digests: Uint8Array }) => Buffer.from(answer.digests).toString("hex");

/** What a job over these texts and ids must answer, computed directly. */
function expected(texts: string[], ids: string[]) {
  const hexes = texts.map((text) => sha256(escaped(text)));
  const heads = new Uint32Array(2 * ids.length);
  ids.forEach((id, i) => entryDigestOf(id, hexes[i], heads, 2 * i));
  const controls = texts.flatMap((text, i) => (/[\u0000-\u001f]/.test(text) ? [i] : []));
  const grown = controls.map((i) => Buffer.byteLength(escaped(texts[i])) - Buffer.byteLength(texts[i]));
  return { hex: hexes.join(""), entryDigests: Array.from(heads), idHashes: ids.map(idHash), controls: controls.length ? controls : null, grown: controls.length ? grown : null };
}

describe("the SHA-256 worker", () => {
  const texts = Array.from({ length: 300 }, (_, i) => (i % 50 === 7 ? `{"t":"a\tb\r\n${i}\u0000é\u001f"}` : `{"i":${i},"s":"é😀 ${"x".repeat(i)}"}`));
  const ids = texts.map((_, i) => `id-${i}-ü`);

  it("answers every job with the texts' hashes, entry digests and control places, whether the worker or this thread hashed it", async () => {
    const worker = sha256Worker();
    expect(worker).not.toBeNull();
    // Posted back to back: the first goes to the worker (nothing in its hands); later ones, once
    // it is two jobs behind, are hashed on this thread. Every answer is the same either way.
    const jobs = Array.from({ length: 6 }, (_, j) => {
      const job = worker!.job(64 << 10);
      for (let i = 50 * j; i < 50 * j + 50; i++) expect(job.write(texts[i], ids[i])).toBe(Buffer.byteLength(texts[i]));
      return job.post();
    });
    const answers = await Promise.all(jobs);
    answers.forEach((answer, j) => {
      const want = expected(texts.slice(50 * j, 50 * j + 50), ids.slice(50 * j, 50 * j + 50));
      expect(hexOf(answer)).toBe(want.hex);
      expect(Array.from(answer.entryDigests ?? [])).toEqual(want.entryDigests);
      expect(Array.from(answer.idHashes ?? [])).toEqual(want.idHashes);
      expect(answer.controls ? Array.from(answer.controls) : null).toEqual(want.controls);
      expect(answer.grown ? Array.from(answer.grown) : null).toEqual(want.grown);
    });
  });

  it("writes the next jobs into the buffers of the jobs the worker has hashed, before their answers are in, and every answer stays right", async () => {
    const worker = sha256Worker()!;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    // Each job fills most of its 256 KB; jobs are written in one go (no answer comes in meanwhile).
    const jobTexts = (j: number) => Array.from({ length: 60 }, (_, i) => `{"j":${j},"i":${i},"s":"${String.fromCharCode(97 + ((i + j) % 26)).repeat(4_000)}"}`);
    const write = (j: number) => {
      const job = worker.job(256 << 10);
      for (const text of jobTexts(j)) expect(job.write(text, `id-${j}`)).toBeGreaterThan(0);
      return job.post();
    };
    await Promise.all([write(-2), write(-1)]); // buffers of this size in the pool, whatever ran before
    const before = worker.allocated;
    const answers: Promise<{ digests: Uint8Array }>[] = [];
    for (let j = 0; j < 12; j++) {
      answers.push(write(j));
      // Written back to back, the worker would fall behind and this thread hash some jobs; here it
      // has time to hash each (20 ms for 240 KB), so every job goes to it.
      Atomics.wait(pause, 0, 0, 20);
    }
    // Twelve jobs of 256 KB (and their ids' buffers) in a few buffers, not twelve.
    expect(worker.allocated - before).toBeLessThanOrEqual(2 * ((256 << 10) + (32 << 10)));
    (await Promise.all(answers)).forEach((answer, j) => expect(hexOf(answer)).toBe(jobTexts(j).map(sha256).join("")));
    // Back to back: the worker's jobs and this thread's, with no buffer taken from a job in hand.
    const rushed = Array.from({ length: 12 }, (_, j) => write(100 + j));
    (await Promise.all(rushed)).forEach((answer, j) => expect(hexOf(answer)).toBe(jobTexts(100 + j).map(sha256).join("")));
  });

  it("hashJob on this thread: texts without ids get no entry digests; an empty job answers nothing", () => {
    const bytes = new ArrayBuffer(4096);
    const view = Buffer.from(bytes);
    const ends: number[] = [];
    let at = 0;
    for (const text of texts.slice(0, 20)) ends.push((at += view.write(text, at)));
    const answer = hashJob(hash as never, { bytes, ends: Int32Array.from(ends) });
    expect(hexOf(answer)).toBe(expected(texts.slice(0, 20), []).hex);
    expect(answer.entryDigests).toBeNull();
    expect(answer.idHashes).toBeNull();
    expect(Array.from(answer.controls ?? [])).toEqual([7]);
    expect(hashJob(hash as never, { bytes, ends: new Int32Array(0) })).toEqual({ digests: new Uint8Array(0), entryDigests: null, idHashes: null, controls: null, grown: null });
  });

  it("answers 32 bytes of digest per text, and digests ids of any length and alphabet", async () => {
    const many = Array.from({ length: 2_500 }, (_, i) => `{"i":${i}}`);
    const manyIds = many.map((_, i) => [`a-${i}`, `${"x".repeat(70)}-${i}`, `é-${i}`, `${"ü".repeat(40)}-${i}`][i % 4]);
    const job = sha256Worker()!.job(1 << 20);
    for (let i = 0; i < many.length; i++) job.write(many[i], manyIds[i]);
    const answer = await job.post();
    expect(answer.digests.length).toBe(32 * many.length);
    const want = expected(many, manyIds);
    expect(hexOf(answer)).toBe(want.hex);
    expect(Array.from(answer.entryDigests ?? [])).toEqual(want.entryDigests);
    expect(Array.from(answer.idHashes ?? [])).toEqual(want.idHashes);
  });
});

describe("finding the texts with a control byte", () => {
  /**
   * A job of these texts, as this thread writes one: in a shared WebAssembly memory as the pool's
   * (64 bytes to spare), or in a plain buffer as an outsized text's.
   */
  function jobOf(texts: string[], memory: WebAssembly.Memory | null = sharedMemoryFor(texts)) {
    const bytes = memory ? memory.buffer : new ArrayBuffer(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
    const view = Buffer.from(bytes);
    let at = 0;
    return { bytes, ...(memory ? { memory } : {}), ends: Int32Array.from(texts, (text) => (at += view.write(text, at))) };
  }
  function sharedMemoryFor(texts: string[]) {
    const pages = Math.ceil((texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) + 64) / 65_536);
    return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  }

  it("finds every one, wherever it falls in a 64-byte block, with WebAssembly and without", () => {
    // Texts of 1 to 200 bytes; some hold one control byte at a place that walks across block
    // edges, including the job's last byte (past the last whole block).
    const controls = ["\u0000", "\t", "\n", "\u001f"];
    const texts = Array.from({ length: 400 }, (_, i) => {
      const text = "x".repeat(1 + ((i * 37) % 200));
      if (i % 7 !== 3) return text;
      const place = (i * 13) % text.length;
      return text.slice(0, place) + controls[i % 4] + text.slice(place + 1);
    });
    texts.push(`${"y".repeat(70)}\u0001`);
    const want = texts.flatMap((text, i) => (/[\u0000-\u001f]/.test(text) ? [i] : []));
    expect(want.length).toBeGreaterThan(50);
    for (const wasm of [true, false]) {
      // The module is instantiated over the job's own memory, and only with WebAssembly.
      const instances = vi.spyOn(WebAssembly, "Instance");
      const answer = hashJob(hash as never, jobOf(texts, wasm ? sharedMemoryFor(texts) : null), { wasm });
      expect(instances).toHaveBeenCalledTimes(wasm ? 1 : 0);
      instances.mockRestore();
      expect(Array.from(answer.controls ?? [])).toEqual(want);
      expect(hexOf(answer)).toBe(expected(texts, []).hex);
    }
    // Spaces (0x20) and bytes above are not control bytes: the module's padding is spaces.
    const clean = ["\u0020".repeat(64), "~".repeat(65), "é".repeat(40)];
    for (const wasm of [true, false]) expect(hashJob(hash as never, jobOf(clean, wasm ? sharedMemoryFor(clean) : null), { wasm }).controls).toBeNull();
  });

  it("a job written over an earlier one in the same memory sees none of the earlier bytes past its end", () => {
    const big = [`${"a".repeat(100)}\n${"a".repeat(300_000)}`, "b".repeat(200_000)];
    const memory = sharedMemoryFor(big);
    expect(Array.from(hashJob(hash as never, jobOf(big, memory)).controls ?? [])).toEqual([0]);
    // Its control byte at 100 is left in the memory, in the next job's last block past its end: not that job's.
    const small = ["c".repeat(90)];
    const answer = hashJob(hash as never, jobOf(small, memory));
    expect(answer.controls).toBeNull();
    expect(hexOf(answer)).toBe(expected(small, []).hex);
  });
  it("a job in a plain buffer (an outsized text's) is scanned in JavaScript, and its texts hashed escaped all the same", () => {
    const big = [`{"t":"${"a".repeat(3 << 20)}\n${"b".repeat(100)}\t"}`, '{"u":"\u0001"}'];
    const answer = hashJob(hash as never, jobOf(big, null));
    expect(hexOf(answer)).toBe(expected(big, []).hex);
    expect(Array.from(answer.controls ?? [])).toEqual([0, 1]);
    expect(Array.from(answer.grown ?? [])).toEqual([2, 5]);
  });
});

describe("a SHA-256 worker that fails", () => {
  it("is reported once, and hashing goes on on the calling thread with the same answers", async () => {
    const builtin = process.getBuiltinModule.bind(process);
    // A worker_threads whose workers throw as they start.
    const threads = builtin("node:worker_threads");
    class Broken extends threads.Worker {
      constructor(_code: string, options: ConstructorParameters<typeof threads.Worker>[1]) {
        super('throw new Error("broken on purpose")', options);
      }
    }
    const spy = vi.spyOn(process, "getBuiltinModule").mockImplementation(((id: string) =>
      id === "node:worker_threads" ? { ...threads, Worker: Broken } : builtin(id)) as typeof process.getBuiltinModule);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      vi.resetModules();
      const fresh = await import("./hash");
      const examples = Array.from({ length: 20_000 }, (_, i) => ({ input: { i, text: `example ${i}` } }));
      const hashes = await fresh.contentHashes(examples);
      for (const i of [0, 4_096, 19_999]) expect(hashes[i]).toBe(sha256(fresh.contentText(examples[i])));
      expect(await fresh.contentHashes(examples.slice(0, 3_000))).toEqual(hashes.slice(0, 3_000));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain("the SHA-256 worker thread failed (broken on purpose)");
    } finally {
      spy.mockRestore();
      warn.mockRestore();
      vi.resetModules();
    }
  });
});
