/**
 * Content hashes of many examples (lowercase hex SHA-256), kept as they were made: the SHA-256
 * worker's answers (the hex digits as ASCII bytes, 64 per hash) or strings. A string per hash is
 * made only when asked: a sync whose begin is a no-op reads only the hashes' buckets, and strings
 * for 100k hashes, kept until the sync ends, cost the caller's thread ~20-30 ms of allocation and
 * young-generation copying.
 */
export class HexDigests {
  // Runs of consecutive hashes from `from`, in the order they were added (answers may come out of order).
  private readonly runs: Run[] = [];
  private checked = false;
  // The window `at` decoded last.
  private window: { run: Run; start: number; text: string } | null = null;

  constructor(readonly length: number) {}

  /** One string per hash, as given. */
  static of(hashes: readonly string[]): HexDigests {
    const digests = new HexDigests(hashes.length);
    if (hashes.length > 0) digests.add(0, hashes);
    return digests;
  }

  /** The hashes from `from` on: strings, or their hex digits as ASCII bytes (64 per hash). */
  add(from: number, hashes: readonly string[] | Uint8Array): void {
    this.runs.push({ from, hashes });
    this.checked = false;
  }

  /** Another's hashes, from `from` on. */
  addAll(from: number, other: HexDigests): void {
    for (const run of other.ordered()) this.add(from + run.from, run.hashes);
  }

  /** The first `digits` hex digits of every hash as an integer (lib/manifest-buckets.ts' bucketOf). */
  buckets(digits: number): Uint16Array {
    const buckets = new Uint16Array(this.length);
    for (const { from, hashes } of this.ordered()) {
      const count = countOf(hashes);
      for (let k = 0; k < count; k++) {
        let bucket = 0;
        if (hashes instanceof Uint8Array) {
          for (let d = 0; d < digits; d++) bucket = (bucket << 4) | hexDigitValue(hashes[64 * k + d]);
        } else {
          for (let d = 0; d < digits; d++) bucket = (bucket << 4) | hexDigitValue(hashes[k].charCodeAt(d));
        }
        buckets[from + k] = bucket;
      }
    }
    return buckets;
  }

  /** Hash `i` as a string (runs of bytes are decoded a window at a time, kept for the next call). */
  at(i: number): string {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`HexDigests: no hash ${i} of ${this.length}`);
    const runs = this.ordered();
    let low = 0;
    let high = runs.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (runs[middle].from <= i) low = middle;
      else high = middle - 1;
    }
    const run = runs[low];
    const k = i - run.from;
    if (!(run.hashes instanceof Uint8Array)) return run.hashes[k];
    const start = Math.floor((64 * k) / WINDOW) * WINDOW;
    if (this.window?.run !== run || this.window.start !== start) {
      this.window = { run, start, text: ascii.decode(run.hashes.subarray(start, start + WINDOW)) };
    }
    const at = 64 * k - start;
    return this.window.text.slice(at, at + 64);
  }

  /** A string per hash. */
  strings(): string[] {
    const strings = new Array<string>(this.length);
    for (const { from, hashes } of this.ordered()) {
      if (!(hashes instanceof Uint8Array)) {
        for (let k = 0; k < hashes.length; k++) strings[from + k] = hashes[k];
        continue;
      }
      // Decoded a window at a time (64 KB: a longer string is one of V8's large objects, slower to make).
      for (let start = 0; start < hashes.length; start += WINDOW) {
        const text = ascii.decode(hashes.subarray(start, start + WINDOW));
        for (let at = 0; at < text.length; at += 64) strings[from + (start + at) / 64] = text.slice(at, at + 64);
      }
    }
    return strings;
  }

  /** The runs in order; each hash in exactly one. */
  private ordered(): readonly Run[] {
    if (this.checked) return this.runs;
    this.runs.sort((a, b) => a.from - b.from);
    let covered = 0;
    for (const { from, hashes } of this.runs) {
      if (from !== covered) throw new Error(`HexDigests: hash ${covered} is missing`);
      covered += countOf(hashes);
    }
    if (covered !== this.length) throw new Error(`HexDigests: ${covered} of ${this.length} hashes`);
    this.checked = true;
    return this.runs;
  }
}

/** The value of a lowercase hex digit's character code (0-9, a-f). */
export const hexDigitValue = (c: number): number => (c <= 57 ? c - 48 : c - 87);

type Run = { from: number; hashes: readonly string[] | Uint8Array };
const WINDOW = 64 * 1_024;
const ascii = new TextDecoder();
const countOf = (hashes: readonly string[] | Uint8Array) => (hashes instanceof Uint8Array ? hashes.length / 64 : hashes.length);
