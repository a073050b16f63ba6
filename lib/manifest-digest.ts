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

const SURROGATE = /[\uD800-\uDFFF]/;

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

/** The canonical text the digest hashes (exported for tests). */
export function manifestDigestText(sourceIds: readonly string[], hashes: readonly string[]): string {
  if (sourceIds.length !== hashes.length) throw new Error(`${sourceIds.length} source ids but ${hashes.length} hashes`);
  const order = Array.from({ length: sourceIds.length }, (_, i) => i);
  if (sourceIds.some((id) => SURROGATE.test(id))) order.sort((i, j) => compareCodePoints(sourceIds[i], sourceIds[j]));
  else order.sort((i, j) => (sourceIds[i] < sourceIds[j] ? -1 : sourceIds[i] > sourceIds[j] ? 1 : 0));
  let text = "";
  for (const i of order) {
    const id = sourceIds[i];
    text += `${utf8Length(id)}:${id}${hashes[i]}\n`;
  }
  return text;
}

/** The manifest digest of `sourceIds[i]` with content hash `hashes[i]` (see the definition above). */
export function manifestDigest(sourceIds: readonly string[], hashes: readonly string[]): Promise<string> {
  return sha256Hex(manifestDigestText(sourceIds, hashes));
}
