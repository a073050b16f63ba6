/**
 * Content hashes of many examples (lowercase hex SHA-256), kept as the SHA-256 worker answers
 * them: texts of several digests each, made into a string per hash only when asked. A sync whose
 * begin is a no-op reads only their buckets; a string per hash, kept until the sync ends, cost the
 * caller's thread ~20-30 ms of allocation and young-generation copying per 100k examples.
 */
export class HexDigests {
  // Runs of consecutive hashes from `from`, in the order they were added (answers may come out of order).
  private readonly runs: { from: number; texts: readonly string[] }[] = [];
  private sorted = true;

  constructor(readonly length: number) {}

  /** One string per hash, as given. */
  static of(hashes: readonly string[]): HexDigests {
    const digests = new HexDigests(hashes.length);
    if (hashes.length > 0) digests.add(0, hashes);
    return digests;
  }

  /** The hashes from `from` on: `texts`, each of whole 64-digit digests, in order. */
  add(from: number, texts: readonly string[]): void {
    const last = this.runs.at(-1);
    if (last && last.from > from) this.sorted = false;
    this.runs.push({ from, texts });
  }

  /** Another's hashes, from `from` on. */
  addAll(from: number, other: HexDigests): void {
    for (const run of other.ordered()) this.add(from + run.from, run.texts);
  }

  /** The first `digits` hex digits of every hash as an integer (lib/manifest-buckets.ts' bucketOf). */
  buckets(digits: number): Uint16Array {
    const buckets = new Uint16Array(this.length);
    this.each((text, at, i) => {
      let bucket = 0;
      for (let k = 0; k < digits; k++) {
        const c = text.charCodeAt(at + k);
        bucket = (bucket << 4) | (c <= 57 ? c - 48 : c - 87);
      }
      buckets[i] = bucket;
    });
    return buckets;
  }

  /** A string per hash. */
  strings(): string[] {
    const hashes = new Array<string>(this.length);
    this.each((text, at, i) => void (hashes[i] = text.length === 64 ? text : text.slice(at, at + 64)));
    return hashes;
  }

  private ordered() {
    if (!this.sorted) {
      this.runs.sort((a, b) => a.from - b.from);
      this.sorted = true;
    }
    return this.runs;
  }

  private each(visit: (text: string, at: number, i: number) => void): void {
    let covered = 0;
    for (const { from, texts } of this.ordered()) {
      if (from !== covered) throw new Error(`HexDigests: hash ${covered} is missing`);
      let i = from;
      for (const text of texts) {
        for (let at = 0; at < text.length; at += 64) visit(text, at, i++);
      }
      covered = i;
    }
    if (covered !== this.length) throw new Error(`HexDigests: ${covered} of ${this.length} hashes`);
  }
}
