// The manifest digest: one sha-256 that stands for the set of (sourceId, content hash) pairs of
// a dataset's examples. The client computes it over the manifest it is about to send, the server
// over the examples of each version it writes (server/services/manifest-digest.ts, in SQL); when
// the client's digest equals the latest version's, the sync is a no-op and nothing else is sent.
//
// Definition (both sides must agree byte for byte):
//   sha256_hex( utf8( concat over the entries sorted by sourceId in Unicode code point order of
//                      `${utf8 byte length of sourceId}:${sourceId}${hash}\n` ) )
// Code point order is the byte order of the ids' UTF-8, which is PostgreSQL's `COLLATE "C"` on a
// UTF8 database. The length prefix keeps the encoding unambiguous whatever characters ids hold;
// hashes are 64 lowercase hex digits. The empty set's digest is sha256("").
import { sha256Hex } from "./hash";
import { utf8Length } from "./utf8";

/**
 * Compares by Unicode code point. UTF-16 code unit order (JavaScript's `<`) differs only where a
 * surrogate (U+D800–DFFF, half of a code point above U+FFFF) meets a unit in U+E000–FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000; // after U+E000–FFFF
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

// Ids with these sort by the comparator: a surrogate (code unit order is not code point order)
// or U+0000 (the fast path's separator).
const SLOW_ORDER = /[\u0000\uD800-\uDFFF]/;

/**
 * Indexes of `sourceIds` in code point order of the ids (equal ids side by side). Each id keyed
 * with its index behind U+0000, the smallest code unit, sorts by the engine's own string order
 * (several times faster than a comparator function); ids with a surrogate or U+0000 take
 * compareCodePoints.
 */
export function codePointOrder(sourceIds: readonly string[]): number[] {
  if (sourceIds.some((id) => SLOW_ORDER.test(id))) {
    const order = Array.from({ length: sourceIds.length }, (_, i) => i);
    return order.sort((i, j) => compareCodePoints(sourceIds[i], sourceIds[j]) || i - j);
  }
  const keyed = sourceIds.map((id, i) => `${id}\u0000${i}`);
  keyed.sort();
  return keyed.map((key) => Number(key.slice(key.lastIndexOf("\u0000") + 1)));
}

/** The canonical text the digest hashes (exported for tests); `order` from codePointOrder, if known. */
export function manifestDigestText(
  sourceIds: readonly string[],
  hashes: readonly string[],
  order: readonly number[] = codePointOrder(sourceIds),
): string {
  if (sourceIds.length !== hashes.length) throw new Error(`${sourceIds.length} source ids but ${hashes.length} hashes`);
  // Joined once (not appended piece by piece): hashing a flat string of ~8 MB skips flattening a rope.
  const lines = new Array<string>(order.length);
  for (let k = 0; k < order.length; k++) {
    const id = sourceIds[order[k]];
    lines[k] = `${utf8Length(id)}:${id}${hashes[order[k]]}\n`;
  }
  return lines.join("");
}

const encoder = new TextEncoder();

/**
 * The UTF-8 bytes of manifestDigestText, written straight into one array: 100k entries' lines
 * as strings, and their join, cost several times more.
 */
export function manifestDigestBytes(
  sourceIds: readonly string[],
  hashes: readonly string[],
  order: readonly number[] = codePointOrder(sourceIds),
): Uint8Array {
  if (sourceIds.length !== hashes.length) throw new Error(`${sourceIds.length} source ids but ${hashes.length} hashes`);
  const idBytes = new Int32Array(sourceIds.length);
  let size = 0;
  for (let i = 0; i < sourceIds.length; i++) {
    idBytes[i] = utf8Length(sourceIds[i]);
    size += String(idBytes[i]).length + 1 + idBytes[i] + utf8Length(hashes[i]) + 1;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  // ASCII one unit per byte; anything else through the encoder.
  const write = (text: string) => {
    for (let j = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x80) {
        at += encoder.encodeInto(text.slice(j), bytes.subarray(at)).written;
        return;
      }
      bytes[at++] = c;
    }
  };
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    write(String(idBytes[i]));
    bytes[at++] = 0x3a; // :
    write(sourceIds[i]);
    write(hashes[i]);
    bytes[at++] = 0x0a; // \n
  }
  return bytes;
}

/** The manifest digest of `sourceIds[i]` with content hash `hashes[i]` (see the definition above). */
export function manifestDigest(sourceIds: readonly string[], hashes: readonly string[], order?: readonly number[]): Promise<string> {
  return sha256Hex(manifestDigestBytes(sourceIds, hashes, order));
}
