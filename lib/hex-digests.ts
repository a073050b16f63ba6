/**
 * Content hashes of many examples (lowercase hex SHA-256), kept as they were made: the SHA-256
 * worker's answers (the digests' bytes, 32 per hash) or strings. Hex digits, and a string per
 * hash, are made only when asked: a sync whose begin is a no-op reads only the hashes' buckets,
 * and strings for 100k hashes, kept until the sync ends, cost the caller's thread ~20-30 ms of
 * allocation and young-generation copying (and their hex digits the worker ~10 ms).
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

  /** The hashes from `from` on: strings, or their digests' bytes (32 per hash). */
  add(from: number, hashes: readonly string[] | Uint8Array): void {
    this.runs.push({ from, hashes });
    this.checked = false;
  }

  /** Another's hashes, from `from` on. */
  addAll(from: number, other: HexDigests): void {
    for (const run of other.ordered()) this.add(from + run.from, run.hashes);
  }

  /** The first `digits` (3 or 4) hex digits of every hash as an integer (lib/manifest-buckets.ts' bucketOf). */
  buckets(digits: 3 | 4): Uint16Array {
    const buckets = new Uint16Array(this.length);
    // A digest's first two bytes are its first four hex digits.
    const shift = 16 - 4 * digits;
    for (const { from, hashes } of this.ordered()) {
      if (hashes instanceof Uint8Array) {
        for (let k = 0, at = 0; at < hashes.length; k++, at += 32) buckets[from + k] = ((hashes[at] << 8) | hashes[at + 1]) >> shift;
        continue;
      }
      for (let k = 0; k < hashes.length; k++) {
        let bucket = 0;
        for (let d = 0; d < digits; d++) bucket = (bucket << 4) | hexDigitValue(hashes[k].charCodeAt(d));
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
    const start = Math.floor(k / WINDOW) * WINDOW;
    if (this.window?.run !== run || this.window.start !== start) {
      this.window = { run, start, text: hexText(run.hashes, start, start + WINDOW) };
    }
    const at = 64 * (k - start);
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
      // Decoded a window at a time (64 KB of text: a longer string is one of V8's large objects, slower to make).
      for (let start = 0; start < hashes.length / 32; start += WINDOW) {
        const text = hexText(hashes, start, start + WINDOW);
        for (let at = 0; at < text.length; at += 64) strings[from + start + at / 64] = text.slice(at, at + 64);
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

/** The character code of each hex digit, by its value. */
export const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");
// The two hex digits of each byte value, as character codes: a table lookup per byte instead of a
// shift per digit.
export const HIGH_DIGIT = Uint8Array.from({ length: 256 }, (_, b) => HEX_DIGITS[b >> 4]);
export const LOW_DIGIT = Uint8Array.from({ length: 256 }, (_, b) => HEX_DIGITS[b & 15]);

type Run = { from: number; hashes: readonly string[] | Uint8Array };
/** Hashes decoded at a time: 64 KB of hex digits. */
const WINDOW = 1_024;
const ascii = new TextDecoder();
const countOf = (hashes: readonly string[] | Uint8Array) => (hashes instanceof Uint8Array ? hashes.length / 32 : hashes.length);
let digitBytes = new Uint8Array(64 * WINDOW);

/** The hex digits of digests [from, to) of `digests` (32 bytes each; fewer at its end), as one text. */
function hexText(digests: Uint8Array, from: number, to: number): string {
  const bytes = digests.subarray(32 * from, 32 * to);
  if (digitBytes.length < 2 * bytes.length) digitBytes = new Uint8Array(2 * bytes.length);
  for (let k = 0; k < bytes.length; k++) {
    digitBytes[2 * k] = HIGH_DIGIT[bytes[k]];
    digitBytes[2 * k + 1] = LOW_DIGIT[bytes[k]];
  }
  return ascii.decode(digitBytes.subarray(0, 2 * bytes.length));
}
