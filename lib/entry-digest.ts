// The manifest entry digest (lib/manifest-buckets.ts): what binds a source id to its content hash
// in a bucket digest. It is PostgreSQL's `hashtextextended(source_id, seed)` with the seed the
// first 16 hex digits of the content hash (a signed bigint), which the server computes in SQL
// (server/services/manifest-buckets.ts) and the client here, without a SHA-256 call: until stop 21
// it was the head of sha256(`${length}:${id}${hash}`), a second SHA-256 call per example, ~45-80
// ms of the worker's ~200 ms for a 100k-example no-op. It is for change detection between a
// client and the server, not integrity: the content hashes stay SHA-256, checked by the server.

import { hexDigitValue } from "./hex-digests";

/**
 * `hashtextextended` is hash_bytes_extended (PostgreSQL's src/common/hashfn.c, Bob Jenkins'
 * lookup3 with a 64-bit seed) over the text's UTF-8 bytes, little-endian as on x86, ARM and
 * WebAssembly: the words of each 12-byte block are added to a, b, c and mixed; the last 0-11
 * bytes go in by the same byte order, except that c's lowest byte is left to the length (which
 * PostgreSQL puts in the initial state instead); the answer is b and c, the high and low words.
 *
 * `(bytes, from, to, seedHigh, seedLow, out, at)`: the entry digest of the source id in
 * bytes[from..to) (UTF-8) with the seed's two 32-bit halves (the content hash's first 16 hex
 * digits: see entrySeed) as two uint32, high word first, at out[at], out[at + 1].
 * Plain JavaScript, as text: the SHA-256 worker evaluates it in its jobs (lib/sha256-worker.ts),
 * and entryDigestOf compiles it for this thread.
 */
const MIX = `
    a = (a - c) | 0; a ^= (c << 4) | (c >>> 28); c = (c + b) | 0;
    b = (b - a) | 0; b ^= (a << 6) | (a >>> 26); a = (a + c) | 0;
    c = (c - b) | 0; c ^= (b << 8) | (b >>> 24); b = (b + a) | 0;
    a = (a - c) | 0; a ^= (c << 16) | (c >>> 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= (a << 19) | (a >>> 13); a = (a + c) | 0;
    c = (c - b) | 0; c ^= (b << 4) | (b >>> 28); b = (b + a) | 0;`;

export const ENTRY_DIGEST = `(bytes, from, to, seedHigh, seedLow, out, at) => {
  let length = to - from;
  let a = (0x9e3779b9 + length + 3923095) | 0;
  let b = a;
  let c = a;
  if ((seedHigh | seedLow) !== 0) {
    a = (a + seedHigh) | 0;
    b = (b + seedLow) | 0;${MIX}
  }
  let k = from;
  for (; length >= 12; length -= 12, k += 12) {
    a = (a + (bytes[k] | (bytes[k + 1] << 8) | (bytes[k + 2] << 16) | (bytes[k + 3] << 24))) | 0;
    b = (b + (bytes[k + 4] | (bytes[k + 5] << 8) | (bytes[k + 6] << 16) | (bytes[k + 7] << 24))) | 0;
    c = (c + (bytes[k + 8] | (bytes[k + 9] << 8) | (bytes[k + 10] << 16) | (bytes[k + 11] << 24))) | 0;${MIX}
  }
  switch (length) {
    case 11: c = (c + (bytes[k + 10] << 24)) | 0;
    case 10: c = (c + (bytes[k + 9] << 16)) | 0;
    case 9: c = (c + (bytes[k + 8] << 8)) | 0;
    case 8: b = (b + (bytes[k + 7] << 24)) | 0;
    case 7: b = (b + (bytes[k + 6] << 16)) | 0;
    case 6: b = (b + (bytes[k + 5] << 8)) | 0;
    case 5: b = (b + bytes[k + 4]) | 0;
    case 4: a = (a + (bytes[k + 3] << 24)) | 0;
    case 3: a = (a + (bytes[k + 2] << 16)) | 0;
    case 2: a = (a + (bytes[k + 1] << 8)) | 0;
    case 1: a = (a + bytes[k]) | 0;
  }
  c ^= b; c = (c - ((b << 14) | (b >>> 18))) | 0;
  a ^= c; a = (a - ((c << 11) | (c >>> 21))) | 0;
  b ^= a; b = (b - ((a << 25) | (a >>> 7))) | 0;
  c ^= b; c = (c - ((b << 16) | (b >>> 16))) | 0;
  a ^= c; a = (a - ((c << 4) | (c >>> 28))) | 0;
  b ^= a; b = (b - ((a << 14) | (a >>> 18))) | 0;
  c ^= b; c = (c - ((b << 24) | (b >>> 8))) | 0;
  out[at] = b;
  out[at + 1] = c;
}`;

type EntryDigestFn = (bytes: Uint8Array, from: number, to: number, seedHigh: number, seedLow: number, out: Uint32Array, at: number) => void;
// Compiled on first use; only Node makes entry digests (a browser sends whole manifests, and its
// CSP may forbid eval).
let entryDigestHere: EntryDigestFn | undefined;
const encoder = new TextEncoder();
let idBytes = new Uint8Array(256);

/** The seed of a content hash's entry digests: its first 16 hex digits, as two 32-bit halves. */
export function entrySeed(hash: string): [high: number, low: number] {
  let high = 0;
  let low = 0;
  for (let k = 0; k < 8; k++) {
    high = (high << 4) | hexDigitValue(hash.charCodeAt(k));
    low = (low << 4) | hexDigitValue(hash.charCodeAt(k + 8));
  }
  return [high, low];
}

/** The entry digest of (`sourceId`, `hash`) as two uint32, high word first, at out[at], out[at + 1]. */
export function entryDigestOf(sourceId: string, hash: string, out: Uint32Array, at: number): void {
  entryDigestHere ??= new Function(`return ${ENTRY_DIGEST};`)() as EntryDigestFn;
  if (3 * sourceId.length > idBytes.length) idBytes = new Uint8Array(3 * sourceId.length);
  const { written } = encoder.encodeInto(sourceId, idBytes);
  const [high, low] = entrySeed(hash);
  entryDigestHere(idBytes, 0, written, high, low, out, at);
}
