// Bucketed manifests: a re-sync of a large dataset sends only the manifest entries of the buckets
// that differ from the latest version, instead of every entry. The client sends one digest per
// bucket in the session's first `upsertManifest` call; the server compares them with its own (kept per example, see
// examples.latest_digest) and answers which buckets differ; only their entries are sent and
// compared. Untouched buckets hold exactly the latest version's (sourceId, hash) pairs.
//
// Definitions (the server's SQL in server/services/manifest-buckets.ts must agree):
//   bucket of an entry  = its content hash's first `digits` hex digits, as an integer
//                         (digits = 3 or 4: 4,096 or 65,536 buckets)
//   entry digest        = the first 16 hex digits of
//                         sha256_hex(utf8(`${utf8 byte length of sourceId}:${sourceId}${hash}`))
//   bucket digest       = XOR of its entries' digests (64 bits, 16 hex digits; 0 when empty)
//   bucket digests      = every bucket's digest in bucket order, concatenated
// Bucketing by content hash needs no extra hashing to place an entry; the entry digest binds the
// source id to its hash, so content moving between ids changes the digests too.
import { hasSyncSha256, sha256HexSync } from "./hash";
import { utf8Length } from "./utf8";

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

export function bucketOf(hash: string, digits: number): number {
  return parseInt(hash.slice(0, digits), 16);
}

/**
 * The bucket digests of the manifest `sourceIds[i]` -> `hashes[i]` (definitions above), or null
 * where SHA-256 is only asynchronous (Web Crypto: ~15 µs a call, more than buckets save).
 */
export function bucketDigests(sourceIds: readonly string[], hashes: readonly string[], digits: 3 | 4): string | null {
  if (!hasSyncSha256()) return null;
  const buckets = 16 ** digits;
  // Each 64-bit digest as two 32-bit halves.
  const xor = new Uint32Array(2 * buckets);
  for (let i = 0; i < sourceIds.length; i++) {
    const id = sourceIds[i];
    const digest = sha256HexSync(`${utf8Length(id)}:${id}${hashes[i]}`);
    const b = 2 * bucketOf(hashes[i], digits);
    xor[b] ^= parseInt(digest.slice(0, 8), 16);
    xor[b + 1] ^= parseInt(digest.slice(8, 16), 16);
  }
  const parts = new Array<string>(2 * buckets);
  for (let i = 0; i < parts.length; i++) parts[i] = xor[i].toString(16).padStart(8, "0");
  return parts.join("");
}
