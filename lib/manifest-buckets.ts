// Bucketed manifests: a re-sync of a large dataset sends only the manifest entries of the buckets
// that differ from the latest version, instead of every entry. The client sends one digest per
// bucket in the session's first `upsertManifest` call; the server compares them with its own (kept per example, see
// examples.latest_digest) and answers which buckets differ; only their entries are sent and
// compared. Untouched buckets hold exactly the latest version's (sourceId, hash) pairs.
//
// Definitions (the server's SQL in server/services/manifest-buckets.ts must agree):
//   bucket of an entry  = its content hash's first `digits` hex digits, as an integer
//                         (digits = 3 or 4: 4,096 or 65,536 buckets)
//   entry digest        = PostgreSQL's hashtextextended(sourceId, seed) with the seed the first
//                         16 hex digits of hash, as a 64-bit integer (lib/entry-digest.ts)
//   bucket digest       = XOR of its entries' digests (64 bits, 16 hex digits; 0 when empty)
//   bucket digests      = every bucket's digest in bucket order, concatenated
//   buckets digest      = sha256_hex(utf8(`${number of entries}\n` + the 65,536 bucket digests)):
//                         a large manifest's digest for the no-op check at begin (no sort of the
//                         ids, unlike the manifest digest of lib/manifest-digest.ts)
// Bucketing by content hash needs no extra hashing to place an entry; the entry digest binds the
// source id to its hash, so content moving between ids changes the digests too.
import { entryDigestsOf, hasSyncSha256, sha256Hex } from "./hash";
import { HIGH_DIGIT, hexDigitValue, HexDigests, LOW_DIGIT } from "./hex-digests";

/** Below this many examples the whole manifest is a call or two: no buckets. */
export const BUCKET_MIN_EXAMPLES = 20_000;
export const DIGEST_HEX = 16;

/** Hex digits of the bucket prefix for a manifest of `total` entries (0: send it whole). */
export function bucketDigitsFor(total: number): 0 | 3 | 4 {
  if (total < BUCKET_MIN_EXAMPLES) return 0;
  // About one entry per bucket or more: a 1% change then touches a few percent of the buckets.
  return total < 100_000 ? 3 : 4;
}

/** Hex digits of the bucket prefix that a bucket digests string of this length stands for (0: none). */
export function bucketDigitsOfLength(length: number): 0 | 3 | 4 {
  if (length === 16 ** 3 * DIGEST_HEX) return 3;
  if (length === 16 ** 4 * DIGEST_HEX) return 4;
  return 0;
}

const ascii = new TextDecoder();

/** 8 hex digits of each unsigned 32-bit integer, concatenated, as ASCII bytes. */
function hex32Bytes(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(8 * words.length);
  for (let i = 0, at = 0; i < words.length; i++, at += 8) {
    const word = words[i];
    for (let k = 0; k < 4; k++) {
      const byte = (word >>> (24 - 8 * k)) & 255;
      bytes[at + 2 * k] = HIGH_DIGIT[byte];
      bytes[at + 2 * k + 1] = LOW_DIGIT[byte];
    }
  }
  return bytes;
}

/** Hex digits as ASCII bytes (bucketDigestBytes'), as the text they spell. */
export function asciiText(bytes: Uint8Array): string {
  return ascii.decode(bytes);
}

/** The bucket of a content hash (lowercase hex): its first `digits` hex digits as an integer. */
export function bucketOf(hash: string, digits: number): number {
  let bucket = 0;
  for (let k = 0; k < digits; k++) {
    const c = hash.charCodeAt(k);
    bucket = (bucket << 4) | hexDigitValue(c);
  }
  return bucket;
}

/**
 * The bucket digests of the manifest `sourceIds[i]` -> `hashes[i]` (definitions above), or null
 * where SHA-256 is only asynchronous (a browser: its content hashes cost ~15 µs each through Web
 * Crypto, and it sends whole manifests).
 * `heads`: the entry digests if already known (contentHashes' `entryDigests`), two uint32 per entry.
 */
export function bucketDigests(sourceIds: readonly string[], hashes: readonly string[] | HexDigests, digits: 3 | 4, heads?: Uint32Array): string | null {
  const bytes = bucketDigestBytes(sourceIds, hashes, digits, heads);
  return bytes && asciiText(bytes);
}

/**
 * bucketDigests as ASCII bytes: what a sync hashes for its buckets digest (bucketsDigestOfBytes),
 * and decodes only when it sends them. A 100k no-op made the 1 MB text and hashed it: its bucket
 * digests and buckets digest took ~17 ms of its caller's thread, now ~12.6.
 */
export function bucketDigestBytes(sourceIds: readonly string[], hashes: readonly string[] | HexDigests, digits: 3 | 4, heads?: Uint32Array): Uint8Array | null {
  if (!hasSyncSha256()) return null;
  const digests = hashes instanceof HexDigests ? hashes : HexDigests.of(hashes);
  // Each 64-bit digest as two 32-bit halves.
  const entries = heads ?? new Uint32Array(2 * sourceIds.length);
  if (!heads) entryDigestsOf(hashes instanceof HexDigests ? hashes.strings() : hashes, { sourceIds, heads: entries });
  const bucketsOf = digests.buckets(digits);
  const xor = new Uint32Array(2 * 16 ** digits);
  for (let i = 0; i < sourceIds.length; i++) {
    const b = 2 * bucketsOf[i];
    xor[b] ^= entries[2 * i];
    xor[b + 1] ^= entries[2 * i + 1];
  }
  return hex32Bytes(xor);
}

/** The buckets digest (definition above) of a manifest of `count` entries with these 65,536 bucket digests. */
export function bucketsDigest(digests: string, count: number): Promise<string> {
  if (bucketDigitsOfLength(digests.length) !== 4) throw new Error(`bucketsDigest: ${digests.length} hex digits are not 65,536 bucket digests`);
  return sha256Hex(`${count}\n${digests}`);
}

/** bucketsDigest of the bucket digests as ASCII bytes (bucketDigestBytes'). */
export function bucketsDigestOfBytes(digests: Uint8Array, count: number): Promise<string> {
  if (bucketDigitsOfLength(digests.length) !== 4) throw new Error(`bucketsDigest: ${digests.length} hex digits are not 65,536 bucket digests`);
  const head = new TextEncoder().encode(`${count}\n`);
  const text = new Uint8Array(head.length + digests.length);
  text.set(head);
  text.set(digests, head.length);
  return sha256Hex(text);
}

/** 3-digit bucket digests from 4-digit ones: bucket b of 4,096 is the XOR of buckets 16b..16b+15. */
export function foldBucketDigests(digests: string): string {
  if (bucketDigitsOfLength(digests.length) !== 4) throw new Error(`foldBucketDigests: ${digests.length} hex digits are not 65,536 bucket digests`);
  const folded = new Uint32Array(2 * 4_096);
  for (let k = 0; k < 65_536; k++) {
    folded[2 * (k >> 4)] ^= parseInt(digests.slice(k * DIGEST_HEX, k * DIGEST_HEX + 8), 16);
    folded[2 * (k >> 4) + 1] ^= parseInt(digests.slice(k * DIGEST_HEX + 8, (k + 1) * DIGEST_HEX), 16);
  }
  return asciiText(hex32Bytes(folded));
}

/** The buckets whose digests differ between two bucket digests strings of one size, ascending. */
export function differingBuckets(ours: string, theirs: string): number[] {
  if (ours.length !== theirs.length) throw new Error(`differingBuckets: ${ours.length} and ${theirs.length} hex digits`);
  const touched: number[] = [];
  // Digit by digit: a slice per bucket and side made 131k strings for 65,536 buckets (~15 ms; this ~3).
  for (let at = 0; at < ours.length; at += DIGEST_HEX) {
    for (let k = at; k < at + DIGEST_HEX; k++) {
      if (ours.charCodeAt(k) !== theirs.charCodeAt(k)) {
        touched.push(at / DIGEST_HEX);
        break;
      }
    }
  }
  return touched;
}
