import { hash } from "node:crypto";
import { PAYLOAD_BYTES_MAX, type UpsertPayloadExample } from "@/lib/contracts";
import { CanonicalizeError, contentText, UTF8_NO_ROOM, UTF8_NOT_PLAIN, writeContentUtf8 } from "@/lib/hash";
import { badRequest } from "../errors";

// A \u0000 escape in JSON text (not an escaped backslash followed by "u0000").
const ESCAPED_NUL = /(?<!\\)(?:\\\\)*\\u0000/;

export interface PayloadRecords {
  /**
   * UTF-8 of the JSON array of `{"input", "metadata", "output", "s": source id, "h": hash}`, one
   * per example: its canonical content, with the source id and the server's hash added at the end
   * (a statement reads the three parts as jsonb columns, as a plain bulk insert does).
   */
  bytes: Buffer;
  /** The hash the server computed for each source id. */
  hashes: Map<string, string>;
}

/**
 * A payload chunk as the records its statement reads. Each example's canonical content is written
 * once, as UTF-8, where the records go; the server's hash is computed on those bytes (no text of
 * each example, no second encoding, no join of the records), then the content's closing brace
 * gives way to the source id and the hash. Content that is not valid JSON, or
 * that holds U+0000 (PostgreSQL cannot store it), is a BAD_REQUEST naming the example.
 */
export function payloadRecords(examples: readonly UpsertPayloadExample[]): PayloadRecords {
  let bytes = Buffer.allocUnsafe(2 << 20);
  let at = 0;
  // Room for `needed` bytes from `at`, keeping what is written up to `kept`.
  const room = (needed: number, kept = at) => {
    if (at + needed <= bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * bytes.length, at + needed));
    bytes.copy(grown, 0, 0, kept);
    bytes = grown;
  };
  const hashes = new Map<string, string>();
  // The buffer as words, for controlBytes.
  let words = new Uint32Array(0);
  let contentBytes = 0;
  room(1);
  bytes[at++] = 0x5b; // [
  for (let i = 0; i < examples.length; i++) {
    const example = examples[i];
    if (i > 0) {
      room(1);
      bytes[at++] = 0x2c; // ,
    }
    const start = at;
    let next = writeContentUtf8(example, bytes, at, bytes.length, CONTROLS_RAW);
    while (next === UTF8_NO_ROOM) {
      room(bytes.length - at + 1); // doubles the buffer
      next = writeContentUtf8(example, bytes, at, bytes.length, CONTROLS_RAW);
    }
    if (words.buffer !== bytes.buffer) words = new Uint32Array(bytes.buffer, 0, bytes.buffer.byteLength >> 2);
    const places = next < 0 ? null : controlBytes(bytes, words, at, next);
    if (places?.nul) next = UTF8_NOT_PLAIN; // checkedText names it
    else if (places) {
      const grown = escapedLength(places, bytes);
      room(next - at + grown, next);
      escapeInPlace(bytes, next, places, grown);
      next += grown;
    }
    if (next < 0) {
      // Off the fast path: the text, which names what is wrong.
      const text = checkedText(example);
      room(3 * text.length);
      next = at + bytes.write(text, at);
    }
    at = next;
    contentBytes += at - start;
    if (contentBytes > PAYLOAD_BYTES_MAX) {
      throw badRequest(`payload too large: over ${PAYLOAD_BYTES_MAX} bytes at example ${JSON.stringify(example.sourceId)}; send smaller chunks`);
    }
    const digest = hash("sha256", bytes.subarray(start, at), "hex");
    hashes.set(example.sourceId, digest);
    const tail = `,"s":${JSON.stringify(example.sourceId)},"h":"${digest}"}`;
    room(3 * tail.length);
    at += bytes.write(tail, at - 1) - 1; // over the content's closing brace
  }
  room(1);
  bytes[at++] = 0x5d; // ]
  return { bytes: bytes.subarray(0, at), hashes };
}

// Strings are written without a search for control characters (a regex over every character:
// ~80 ms per 100 MB of content): the bytes are searched instead, four at a time, and a text that
// holds some has them escaped in place. A U+0000 is refused (PostgreSQL cannot store it).
// Building 100k bench examples' records: 370-380 -> 325-335 ms; with a newline each, 555-570 -> 365-380 ms.
const CONTROLS_RAW = { nul: false, escapeControls: false } as const;
// Canonical JSON's escape of each control character (JSON.stringify's).
const ESCAPES = Array.from({ length: 0x20 }, (_, c) => Buffer.from(JSON.stringify(String.fromCharCode(c)).slice(1, -1), "latin1"));
interface ControlBytes {
  at: number[];
  nul: boolean;
}

/**
 * The places of the bytes below 0x20 in bytes[from, to), in order (null: none), and whether one
 * is 0. Looked for four bytes at a time: (x - 0x20202020) & ~x & 0x80808080 is not 0 exactly
 * when one of x's bytes is below 0x20; a text with one is then looked through byte by byte.
 */
function controlBytes(bytes: Buffer, words: Uint32Array, from: number, to: number): ControlBytes | null {
  const base = bytes.byteOffset;
  // Whole words from the first aligned byte to the last; the bytes before and after one by one.
  const first = Math.min(to, ((base + from + 3) & ~3) - base);
  const last = Math.max(first, ((base + to) & ~3) - base);
  let places = lookThrough(bytes, from, first, null);
  for (let w = (base + first) >> 2, end = (base + last) >> 2; w < end; w++) {
    const x = words[w];
    if (((x - 0x20202020) & ~x & 0x80808080) !== 0) places = lookThrough(bytes, 4 * w - base, 4 * w + 4 - base, places);
  }
  return lookThrough(bytes, last, to, places);
}

/** controlBytes of bytes[lo, hi), added to `places`. */
function lookThrough(bytes: Buffer, lo: number, hi: number, places: ControlBytes | null): ControlBytes | null {
  for (let b = lo; b < hi; b++) {
    if (bytes[b] >= 0x20) continue;
    places ??= { at: [], nul: false };
    places.at.push(b);
    if (bytes[b] === 0) places.nul = true;
  }
  return places;
}

/** How many bytes escaping these control bytes adds. */
function escapedLength(places: ControlBytes, bytes: Buffer): number {
  let grown = 0;
  for (const b of places.at) grown += ESCAPES[bytes[b]].length - 1;
  return grown;
}

/** Escapes the control bytes at `places` of the text ending at `end`, moving what follows each `grown` bytes on in all. */
function escapeInPlace(bytes: Buffer, end: number, places: ControlBytes, grown: number): void {
  let shift = grown;
  let tail = end;
  for (let k = places.at.length - 1; k >= 0; k--) {
    const b = places.at[k];
    const escape = ESCAPES[bytes[b]];
    bytes.copyWithin(b + 1 + shift, b + 1, tail);
    shift -= escape.length - 1;
    escape.copy(bytes, b + shift);
    tail = b;
  }
}

/** contentText, with what is not valid JSON, or a U+0000, as a BAD_REQUEST naming the example. */
function checkedText(example: UpsertPayloadExample): string {
  let text: string;
  try {
    text = contentText(example);
  } catch (error) {
    if (error instanceof CanonicalizeError) {
      throw badRequest(`example ${JSON.stringify(example.sourceId)}: ${error.message}`, { sourceId: example.sourceId, path: error.path });
    }
    throw error;
  }
  if (ESCAPED_NUL.test(text)) {
    throw badRequest(`example ${JSON.stringify(example.sourceId)}: strings must not contain U+0000 (PostgreSQL cannot store it)`, {
      sourceId: example.sourceId,
    });
  }
  return text;
}
