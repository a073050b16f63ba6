// Canonical content hash: sha256_hex(utf8(JCS({input, output, metadata}))), JCS = RFC 8785.
// Isomorphic on purpose (server, SDK, browser Web Worker): no `node:` imports, no Buffer.
import { entryDigestOf } from "./entry-digest";
import { nodeBuiltin } from "./node-builtin";
import { HexDigests } from "./hex-digests";
import { sha256Worker, type Sha256Worker, type Utf8Buffer } from "./sha256-worker";
import { idHash } from "./source-ids";
import { utf8Length } from "./utf8";

export class CanonicalizeError extends Error {
  /** JSON path of the offending value, e.g. `$.input.x[2]`. */
  readonly path: string;
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = "CanonicalizeError";
    this.path = path;
    this.problem = problem;
  }
}

/** What is wrong with the example at `index` whose source id is not a non-empty string. */
export function invalidSourceIdMessage(index: number): string {
  return `example ${index}: sourceId must be a non-empty string`;
}

/** contentHashDigests' `readIds`: the example at `index` has no source id that is a non-empty string. */
export class InvalidSourceId extends Error {
  constructor(readonly index: number) {
    super(invalidSourceIdMessage(index));
    this.name = "InvalidSourceId";
  }
}

/** Plain object: `{}` literal, JSON.parse result or Object.create(null); not Date, Map, class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return true;
  // A plain object from another realm (iframe, vm) has that realm's Object.prototype, whose own
  // prototype is null.
  return (
    Object.getPrototypeOf(proto) === null &&
    Object.prototype.toString.call(value) === "[object Object]"
  );
}

type Frame =
  | { kind: "array"; value: readonly unknown[]; next: number }
  | {
      kind: "object";
      value: Record<string, unknown>;
      keys: string[];
      next: number;
      key: string;
      wrote: boolean;
    };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Anything JSON must escape, or any surrogate half: strings without these are quoted as they are.
const NEEDS_CARE = /["\\\u0000-\u001F\uD800-\uDFFF]/;
// With the `u` flag a well-formed surrogate pair is one code point, so this only finds lone halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function pathOf(stack: readonly Frame[]): string {
  let path = "$";
  for (const frame of stack) {
    if (frame.kind === "array") path += `[${frame.next - 1}]`;
    else path += IDENTIFIER.test(frame.key) ? `.${frame.key}` : `[${JSON.stringify(frame.key)}]`;
  }
  return path;
}

function quote(text: string, stack: readonly Frame[], what = "string"): string {
  if (!NEEDS_CARE.test(text)) return `"${text}"`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    // RFC 8785 requires I-JSON input, which forbids lone surrogates; rejecting them (instead of
    // emitting JSON.stringify's "\udxxx" escape) keeps every implementation's hash identical.
    const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
    throw new CanonicalizeError(
      pathOf(stack),
      `${what} contains a lone surrogate U+${unit}, which is not valid I-JSON`,
    );
  }
  // For well-formed strings JSON.stringify's escaping is exactly RFC 8785 §3.2.2.2.
  return JSON.stringify(text);
}

function describe(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  const ctor =
    typeof proto === "object" && proto !== null
      ? (proto as { constructor?: { name?: unknown } }).constructor
      : undefined;
  const name = typeof ctor?.name === "string" && ctor.name !== "" ? ctor.name : undefined;
  return name ?? Object.prototype.toString.call(value).slice(8, -1);
}

// The fast path's way out: anything it does not handle plainly is redone by the checked path,
// which produces the same text or the error naming the path.
const FALLBACK = Symbol("canonicalize: take the checked path");
const FAST_DEPTH_MAX = 100;
// Below this length a loop over the code units beats a regex call (most keys and short values).
const SHORT_STRING = 32;

function fastQuote(text: string): string {
  if (text.length <= SHORT_STRING) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return carefulQuote(text);
    }
    return `"${text}"`;
  }
  return NEEDS_CARE.test(text) ? carefulQuote(text) : `"${text}"`;
}

function carefulQuote(text: string): string {
  if (LONE_SURROGATE.test(text)) throw FALLBACK;
  return JSON.stringify(text);
}

// Object keys repeat from example to example: their quoted form is kept (a bounded cache).
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 4_096;

function fastQuoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = fastQuote(key);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Own enumerable keys in UTF-16 code unit order: an insertion sort for the usual few keys. */
function sortedKeys(record: object): string[] {
  return sortKeys(Object.keys(record));
}

/** `keys` sorted in place by UTF-16 code units. */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * The common case, recursively: plain objects and arrays of strings, finite numbers, booleans and
 * null, not deeper than FAST_DEPTH_MAX (which also stops cycles). Same output as the checked path.
 */
function fastCanonical(value: unknown, depth: number): string {
  switch (typeof value) {
    case "string":
      return fastQuote(value);
    case "number":
      if (!Number.isFinite(value)) throw FALLBACK;
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (depth >= FAST_DEPTH_MAX) throw FALLBACK;
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw FALLBACK;
          if (i > 0) out += ",";
          out += fastCanonical(item, depth + 1);
        }
        return out + "]";
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw FALLBACK;
      const record = value as Record<string, unknown>;
      const keys = sortedKeys(record);
      let out = "{";
      for (let i = 0; i < keys.length; i++) {
        const item = record[keys[i]];
        if (item === undefined) continue;
        if (out.length > 1) out += ",";
        out += fastQuoteKey(keys[i]) + ":" + fastCanonical(item, depth + 1);
      }
      return out + "}";
    }
    default:
      throw FALLBACK;
  }
}

// The fast path again, writing UTF-8 bytes instead of building the text: for many examples
// hashed on the worker (hashOnWorker), the text's pieces, the flat copy Buffer.write makes of
// them and their garbage cost ~60 ms per 100 MB more than writing the pieces where they go.
// State of the write in progress (synchronous, so module variables serve).
const NO_BUFFER = new Uint8Array(0) as Utf8Buffer;
let out = NO_BUFFER;
let at = 0;
let end = 0;
let refuseNul = false;
let escapeControls = true;
const NO_ROOM = Symbol("canonical UTF-8: the buffer is full");

function room(bytes: number): void {
  if (at + bytes > end) throw NO_ROOM;
}

/** Room for `text` as UTF-8 and `extra` bytes (measured only near the end: at most 3 bytes a unit). */
function roomFor(text: string, extra: number): void {
  if (at + 3 * text.length + extra > end && at + utf8Length(text) + extra > end) throw NO_ROOM;
}

/** ASCII text, one byte per unit (the caller knows every unit is below 0x80). */
function writeAscii(text: string): void {
  const length = text.length;
  room(length);
  const o = out;
  const p = at;
  for (let i = 0; i < length; i++) o[p + i] = text.charCodeAt(i);
  at = p + length;
}

/**
 * An integer of fewer than 10 digits, as String(value) writes it (-0 as 0), without making that
 * string: 100k bench examples' numbers were ~2.4 MB of young garbage per sync.
 */
function writeInteger(value: number): void {
  const negative = value < 0;
  let rest = negative ? -value : value;
  let digits = 1;
  for (let t = rest; t >= 10; t = (t / 10) | 0) digits++;
  const length = digits + (negative ? 1 : 0);
  room(length);
  const o = out;
  if (negative) o[at] = 0x2d; // -
  for (let k = at + length - 1; k >= at + length - digits; k--) {
    o[k] = 0x30 + (rest % 10);
    rest = (rest / 10) | 0;
  }
  at += length;
}

function writeQuoted(text: string): void {
  const length = text.length;
  if (length <= SHORT_STRING && at + length + 2 <= end) {
    // Written as it is checked, in locals (module variables are reloaded around every store);
    // `at` moves only if every unit was plain.
    const o = out;
    let p = at;
    o[p++] = 0x22;
    let i = 0;
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x80) break;
      o[p++] = c;
    }
    if (i === length) {
      o[p++] = 0x22;
      at = p;
      return;
    }
  }
  // Without escapeControls, U+0000-001F go out raw (the caller escapes them in the bytes): what is
  // left to look for, a lone surrogate, a quote, a backslash, takes a check that is free on
  // one-byte strings and a memchr each, ~4x faster than the regex over every character. Quotes
  // and backslashes are then escaped in the bytes written: JSON.stringify's escaped copy of the
  // text made 100k bench examples with one quoted word each hash in ~440 ms instead of ~180.
  let escapes = 0;
  if (escapeControls ? NEEDS_CARE.test(text) : !text.isWellFormed()) return writeCareful(text);
  if (!escapeControls) {
    for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) escapeAt = placed(escapeAt, escapes++, i);
    const quotes = escapes;
    for (let i = text.indexOf("\\"); i !== -1; i = text.indexOf("\\", i + 1)) escapeAt = placed(escapeAt, escapes++, i);
    if (quotes > 0 && escapes > quotes) escapeAt.subarray(0, escapes).sort();
  }
  roomFor(text, 2 + escapes);
  const o = out;
  let p = at;
  o[p++] = 0x22;
  const from = p;
  p += o.write(text, p);
  if (escapes > 0 && p - from === text.length) {
    // ASCII (a byte per unit): the places found are byte offsets. From the last, the bytes from
    // each quote or backslash on move by the escapes up to it, and a backslash goes before it.
    let tail = p;
    for (let k = escapes - 1; k >= 0; k--) {
      const place = from + escapeAt[k];
      o.copyWithin(place + k + 1, place, tail);
      o[place + k] = 0x5c;
      tail = place;
    }
  } else if (escapes > 0) {
    // From the end, each byte moves on by the escapes before it; a quote or backslash gets a
    // backslash (no byte of a multi-byte UTF-8 sequence is either).
    for (let r = p - 1, w = p - 1 + escapes; w > r; r--, w--) {
      const c = o[r];
      o[w] = c;
      if (c === 0x22 || c === 0x5c) o[--w] = 0x5c;
    }
  }
  p += escapes;
  o[p++] = 0x22;
  at = p;
}

// The places of a string's quotes and backslashes (writeQuoted), grown as needed.
let escapeAt: Int32Array<ArrayBuffer> = new Int32Array(64);

/** `places` with `place` at `k`, grown when full. */
function placed(places: Int32Array<ArrayBuffer>, k: number, place: number): Int32Array<ArrayBuffer> {
  if (k === places.length) {
    const grown = new Int32Array(2 * places.length);
    grown.set(places);
    places = grown;
  }
  places[k] = place;
  return places;
}

/** A string that needs more than quotes and backslashes escaped: JSON.stringify's text (or the checked path's error). */
function writeCareful(text: string): void {
  if (refuseNul && text.includes("\u0000")) throw FALLBACK;
  const quoted = carefulQuote(text);
  roomFor(quoted, 0);
  at += out.write(quoted, at);
}

/**
 * An object's keys in canonical order, and once the shape has been met twice in a row, each key's
 * `"key":` as bytes where the key is printable ASCII without a quote or backslash (null:
 * writeQuoted writes it).
 */
interface Shape {
  sorted: string[];
  heads: (Uint8Array | null)[] | null;
}
const PLAIN_KEY = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// The shapes of the objects of the last example written, by the order they were met in: the n-th
// object of an example usually has the keys of the n-th object of the one before, and then needs
// no sort, and its keys no check, character by character (100k bench examples: ~5-7% of the
// writing). The keys are compared as a set (a few keys: a few comparisons, of internalized
// strings by identity); where shapes change from one example to the next, that comparison makes
// the writing ~4-5% slower than a sort alone.
// They are compared by for...in, which makes no array: Object.keys' arrays were ~20 MB of young
// garbage per 100k examples, a ~5 ms scavenge per sync or two (a 100k no-op's client ~7% faster
// without them). for...in also lists inherited enumerable keys, which Object.prototype has none
// of unless something added one: then (checked at each writeContentUtf8) no shape is reused,
// and every object's keys are Object.keys', sorted.
const shapes: (Shape | undefined)[] = [];
const SHAPES_MAX = 64;
const SHAPE_KEYS_MAX = 16;
let objectOrdinal = 0;
let ownKeysByForIn = true;

function shapeOf(record: object): Shape {
  const k = objectOrdinal++;
  const seen = k < SHAPES_MAX ? shapes[k] : undefined;
  if (seen !== undefined && ownKeysByForIn && hasKeys(seen.sorted, record)) {
    seen.heads ??= seen.sorted.map(headOf);
    return seen;
  }
  const keys = Object.keys(record);
  const sorted = sortKeys(keys);
  if (k >= SHAPES_MAX || keys.length > SHAPE_KEYS_MAX) return { sorted, heads: null };
  if (seen !== undefined) {
    seen.sorted = sorted;
    seen.heads = null;
    return seen;
  }
  return (shapes[k] = { sorted, heads: null });
}

/** Whether `record`'s enumerable keys are those of `sorted` (distinct keys, in any order). */
function hasKeys(sorted: readonly string[], record: object): boolean {
  let count = 0;
  for (const key in record) {
    if (count === sorted.length) return false;
    if (sorted[count] !== key) {
      let j = 0;
      while (j < sorted.length && sorted[j] !== key) j++;
      if (j === sorted.length) return false;
    }
    count++;
  }
  return count === sorted.length;
}

/** Whether an object has an enumerable key, its own or inherited. */
function hasEnumerableKey(value: object): boolean {
  for (const key in value) if (key !== undefined) return true;
  return false;
}

/** `"key":` as bytes, or null for a key that writeQuoted must write. */
function headOf(key: string): Uint8Array | null {
  if (!PLAIN_KEY.test(key)) return null;
  const bytes = new Uint8Array(key.length + 3);
  bytes[0] = 0x22; // "
  for (let i = 0; i < key.length; i++) bytes[i + 1] = key.charCodeAt(i);
  bytes[key.length + 1] = 0x22;
  bytes[key.length + 2] = 0x3a; // :
  return bytes;
}

function writeFast(value: unknown, depth: number): void {
  switch (typeof value) {
    case "string":
      writeQuoted(value);
      return;
    case "number":
      if (!Number.isFinite(value)) throw FALLBACK;
      if (Number.isInteger(value) && value > -1e9 && value < 1e9) writeInteger(value);
      else writeAscii(String(value));
      return;
    case "boolean":
      writeAscii(value ? "true" : "false");
      return;
    case "object": {
      if (value === null) return writeAscii("null");
      if (depth >= FAST_DEPTH_MAX) throw FALLBACK;
      room(1);
      if (Array.isArray(value)) {
        out[at++] = 0x5b; // [
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw FALLBACK;
          if (i > 0) {
            room(1);
            out[at++] = 0x2c; // ,
          }
          writeFast(item, depth + 1);
        }
        room(1);
        out[at++] = 0x5d; // ]
        return;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw FALLBACK;
      const record = value as Record<string, unknown>;
      const { sorted, heads } = shapeOf(record);
      out[at++] = 0x7b; // {
      let first = true;
      for (let i = 0; i < sorted.length; i++) {
        const item = record[sorted[i]];
        if (item === undefined) continue;
        const head = heads === null ? null : heads[i];
        if (head === null) {
          if (!first) {
            room(1);
            out[at++] = 0x2c;
          }
          writeQuoted(sorted[i]);
          room(1);
          out[at++] = 0x3a; // :
        } else {
          const length = head.length;
          room(length + 1);
          const o = out;
          let p = at;
          if (!first) o[p++] = 0x2c; // ,
          for (let b = 0; b < length; b++) o[p + b] = head[b];
          at = p + length;
        }
        first = false;
        writeFast(item, depth + 1);
      }
      room(1);
      out[at++] = 0x7d; // }
      return;
    }
    default:
      throw FALLBACK;
  }
}

/** `,"key":` and an output or metadata (absent or null: `{}`). */
function writeMember(prefix: string, value: unknown): void {
  writeAscii(prefix);
  if (value === undefined || value === null) writeAscii("{}");
  else writeFast(value, 1);
}

/** writeContentUtf8's answer when the text does not fit before `end`. */
export const UTF8_NO_ROOM = -1;
/** writeContentUtf8's answer for content off the fast path (not plain data, or an error to name): use contentText. */
export const UTF8_NOT_PLAIN = -2;

/**
 * contentText(example) written as UTF-8 into `buffer` from `offset`, not past `limit`: where it
 * ends, or UTF8_NO_ROOM / UTF8_NOT_PLAIN (nothing meaningful written either way). `nul: false`:
 * a string or key holding U+0000 is UTF8_NOT_PLAIN too (for a caller that refuses them), except
 * where it is written as it is. `escapeControls: false`: U+0000-001F in a string without other
 * characters to escape are written as they are; the bytes are contentText's once each byte below
 * 0x20 is replaced by its escape (canonical JSON escapes every such character, and no other byte
 * of the text is below 0x20), which the caller does (the SHA-256 worker for hashOnWorker, the
 * server's payload records).
 */
export function writeContentUtf8(
  example: ExampleContent,
  buffer: Utf8Buffer,
  offset: number,
  limit: number,
  options?: { nul?: boolean; escapeControls?: boolean },
): number {
  if (example.input === undefined) return UTF8_NOT_PLAIN;
  out = buffer;
  at = offset;
  end = limit;
  refuseNul = options?.nul === false;
  escapeControls = options?.escapeControls !== false;
  objectOrdinal = 0;
  ownKeysByForIn = !hasEnumerableKey(Object.prototype);
  try {
    // contentText's object, {input, metadata, output} in key order, without making it.
    writeAscii('{"input":');
    writeFast(example.input, 1);
    writeMember(',"metadata":', example.metadata);
    writeMember(',"output":', example.output);
    room(1);
    out[at++] = 0x7d; // }
    return at;
  } catch (error) {
    if (error === NO_ROOM) return UTF8_NO_ROOM;
    if (error === FALLBACK) return UTF8_NOT_PLAIN;
    throw error;
  } finally {
    out = NO_BUFFER; // not kept alive by this module until the next write
  }
}

/**
 * RFC 8785 JSON Canonicalization Scheme text of a JSON value.
 *
 * - Object keys sort by UTF-16 code units (the default `Array.prototype.sort` order); numbers print
 *   as ECMAScript Number-to-String (`-0` -> `0`); strings escape as JSON.stringify does.
 * - Like JSON.stringify, an object property whose value is `undefined` is skipped. Unlike it,
 *   `undefined` anywhere else (array element, array hole, the root) is an error, not `null`.
 * - Throws CanonicalizeError, naming the JSON path, for NaN/Infinity, undefined (outside object
 *   properties), functions, symbols, bigints, strings with lone surrogates, non-plain objects
 *   (Date, Map, class instances, typed arrays...) and cycles. Shared (acyclic) references are fine.
 * - Plain data takes a recursive fast path; anything else (and nesting deeper than 100) takes the
 *   checked iterative path, so nesting depth is bounded by memory, not the call stack.
 */
export function canonicalize(value: unknown): string {
  try {
    return fastCanonical(value, 0);
  } catch (error) {
    if (error !== FALLBACK) throw error;
  }
  return canonicalizeChecked(value);
}

function canonicalizeChecked(value: unknown): string {
  const stack: Frame[] = [];
  const open = new Set<object>();
  let out = "";
  let current: unknown = value;
  let pending = true;

  for (;;) {
    if (pending) {
      pending = false;
      const v = current;
      switch (typeof v) {
        case "string":
          out += quote(v, stack);
          break;
        case "number":
          if (!Number.isFinite(v)) {
            throw new CanonicalizeError(pathOf(stack), `${String(v)} is not valid JSON`);
          }
          out += String(v);
          break;
        case "boolean":
          out += v ? "true" : "false";
          break;
        case "object":
          if (v === null) {
            out += "null";
          } else if (open.has(v)) {
            throw new CanonicalizeError(pathOf(stack), "cycle: the value contains itself");
          } else if (Array.isArray(v)) {
            open.add(v);
            stack.push({ kind: "array", value: v as readonly unknown[], next: 0 });
            out += "[";
          } else if (isPlainObject(v)) {
            open.add(v);
            const keys = Object.keys(v).sort();
            stack.push({ kind: "object", value: v, keys, next: 0, key: "", wrote: false });
            out += "{";
          } else {
            const problem = `${describe(v)} is not valid JSON (not a plain object)`;
            throw new CanonicalizeError(pathOf(stack), problem);
          }
          break;
        default:
          throw new CanonicalizeError(pathOf(stack), `${typeof v} is not valid JSON`);
      }
      continue;
    }

    const top = stack[stack.length - 1];
    if (top === undefined) return out;

    if (top.kind === "array") {
      if (top.next < top.value.length) {
        if (top.next > 0) out += ",";
        current = top.value[top.next++];
        pending = true;
        continue;
      }
      out += "]";
    } else {
      let found = false;
      while (top.next < top.keys.length) {
        const key = top.keys[top.next++] as string;
        const v = top.value[key];
        if (v === undefined) continue;
        if (top.wrote) out += ",";
        top.wrote = true;
        top.key = key;
        out += quote(key, stack, "object key") + ":";
        current = v;
        pending = found = true;
        break;
      }
      if (found) continue;
      out += "}";
    }
    open.delete(top.value);
    stack.pop();
  }
}

/** Content of an example as hashed: absent or null output/metadata count as `{}`. */
export interface ExampleContent {
  input: unknown;
  output?: unknown;
  metadata?: unknown;
}

/** Canonical text of `{input, output, metadata}`, the exact bytes (as UTF-8) that get hashed. */
export function contentText(example: ExampleContent): string {
  if (example.input === undefined) {
    throw new CanonicalizeError("$.input", "input is required");
  }
  return canonicalize({
    input: example.input,
    metadata: example.metadata ?? {},
    output: example.output ?? {},
  });
}

const encoder = new TextEncoder();
/** The two lowercase hex digits of each byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** SHA-256 through Web Crypto only (browsers, workers, edge runtimes). */
export async function webCryptoSha256Hex(text: string | Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", typeof text === "string" ? encoder.encode(text) : (text as Uint8Array<ArrayBuffer>));
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += BYTE_HEX[byte];
  return hex;
}

type SyncSha256 = (text: string | Uint8Array) => string;
let nodeSha256: SyncSha256 | null | undefined;

// On Node, crypto.subtle.digest costs ~15 µs a call (100k examples: ~1.5 s of a 2.5 s total); the
// synchronous one-shot crypto.hash costs ~1 µs. process.getBuiltinModule (Node >= 20.16) reaches it
// without a `node:` import, so bundlers and browsers never see one; elsewhere we use Web Crypto.
function syncSha256(): SyncSha256 | null {
  if (nodeSha256 === undefined) {
    type NodeCrypto = { hash?: (algorithm: string, data: string | Uint8Array, encoding: "hex") => string };
    const hash = nodeBuiltin<NodeCrypto>("node:crypto")?.hash;
    nodeSha256 = typeof hash === "function" ? (text) => hash("sha256", text, "hex") : null;
  }
  return nodeSha256;
}

/** Whether SHA-256 is synchronous here (Node): where manifests may go by buckets (lib/manifest-buckets.ts). */
export function hasSyncSha256(): boolean {
  return syncSha256() !== null;
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text` (or of the bytes given). */
export async function sha256Hex(text: string | Uint8Array): Promise<string> {
  const sync = syncSha256();
  return sync ? sync(text) : webCryptoSha256Hex(text);
}

export async function contentHash(example: ExampleContent): Promise<string> {
  return sha256Hex(contentText(example));
}

const BATCH = 1024;

function textAt(examples: readonly ExampleContent[], i: number): string {
  try {
    return contentText(examples[i] as ExampleContent);
  } catch (error) {
    if (error instanceof CanonicalizeError) {
      throw new CanonicalizeError(`$[${i}]${error.path.slice(1)}`, error.problem);
    }
    throw error;
  }
}

export interface ContentHashOptions {
  /** Receives the UTF-8 byte length of each example's canonical text (what a payload of it weighs, without serializing it again). */
  textBytes?: number[] | Int32Array;
  /**
   * Where SHA-256 is synchronous (hasSyncSha256): each example's manifest entry digest under
   * `sourceIds[i]` (lib/entry-digest.ts), as two uint32 at heads[2i] (high word) and heads[2i + 1].
   * Computed with the hashes, on the worker thread where there is one. Ignored with Web Crypto.
   * With `readIds`, under the ids read (`sourceIds` is not read).
   */
  entryDigests?: EntryDigests;
  /**
   * Each example's `sourceId`, read as the example is hashed (a pass of its own over 100k examples
   * first cost a no-op sync ~15-20 ms, mostly in cache misses: the example and its id are at hand
   * here): into ids[offset + i], and its idHash (lib/source-ids.ts) into idHashes[offset + i]. An
   * id that is not a non-empty string throws InvalidSourceId (index offset + i) instead of hashes.
   */
  readIds?: ReadIds;
}

/** ContentHashOptions.readIds: where the ids read go. */
export interface ReadIds {
  ids: string[];
  idHashes: Int32Array;
  offset: number;
}

/**
 * Example `i`'s source id (ContentHashOptions.readIds), kept with its idHash unless `withHash` is
 * false (the SHA-256 worker answers it, from the id's bytes).
 */
function readId(example: ExampleContent | undefined, i: number, read: ReadIds, withHash = true): string {
  const id = (example as { sourceId?: unknown } | undefined)?.sourceId;
  if (typeof id !== "string" || id === "") throw new InvalidSourceId(read.offset + i);
  read.ids[read.offset + i] = id;
  if (withHash) read.idHashes[read.offset + i] = idHash(id);
  return id;
}

/**
 * Content hashes of many examples, in order. A CanonicalizeError's path is prefixed with the
 * example's index (`$[12].input.x`). With Web Crypto, digests run in bounded batches so memory
 * stays flat for very large inputs.
 */
export async function contentHashes(examples: readonly ExampleContent[], options: ContentHashOptions = {}): Promise<string[]> {
  return (await contentHashDigests(examples, options)).strings();
}

/** contentHashes as HexDigests: a string per hash only when asked (lib/hex-digests.ts). */
export async function contentHashDigests(examples: readonly ExampleContent[], options: ContentHashOptions = {}): Promise<HexDigests> {
  const { textBytes, readIds } = options;
  const sync = syncSha256();
  const worker = sync && examples.length >= WORKER_MIN ? sha256Worker() : null;
  if (worker) return hashOnWorker(examples, worker, options);
  if (sync) return hashHere(examples, sync, options);
  if (readIds) examples.forEach((example, i) => readId(example, i, readIds));
  const hashes = new Array<string>(examples.length);
  for (let start = 0; start < examples.length; start += BATCH) {
    const end = Math.min(start + BATCH, examples.length);
    const jobs: Promise<void>[] = [];
    for (let i = start; i < end; i++) {
      const text = textAt(examples, i);
      if (textBytes) textBytes[i] = utf8Length(text);
      jobs.push(webCryptoSha256Hex(text).then((hash) => void (hashes[i] = hash)));
    }
    await Promise.all(jobs);
  }
  return HexDigests.of(hashes);
}

// Below this many examples a worker's round trips cost more than they save.
const WORKER_MIN = 2_048;
const WORKER_JOB_BYTES = 4 << 20;

/**
 * Canonicalizes on this thread while the SHA-256 worker hashes the texts already written, in
 * jobs of about 4 MB. A canonicalization error is thrown once the jobs in flight have settled;
 * if the worker fails, the hashes are computed on this thread instead.
 */
async function hashOnWorker(examples: readonly ExampleContent[], worker: Sha256Worker, options: ContentHashOptions): Promise<HexDigests> {
  const { textBytes, entryDigests, readIds } = options;
  const digests = new HexDigests(examples.length);
  const jobs: Promise<void>[] = [];
  let job = worker.job(WORKER_JOB_BYTES);
  let first = 0;
  const post = () => {
    const from = first;
    const count = job.count;
    jobs.push(
      job.post().then((answer) => {
        digests.add(from, answer.digests);
        if (entryDigests && answer.entryDigests) entryDigests.heads.set(answer.entryDigests, 2 * from);
        if (readIds && answer.idHashes) readIds.idHashes.set(answer.idHashes, readIds.offset + from);
        // Texts written with control characters as they are: hashed escaped, and that much longer.
        if (textBytes && answer.controls && answer.grown) {
          for (let j = 0; j < answer.controls.length; j++) textBytes[from + answer.controls[j]] += answer.grown[j];
        }
      }),
    );
    first += count;
  };
  try {
    for (let i = 0; i < examples.length; i++) {
      const example = examples[i] as ExampleContent;
      const sourceId = readIds ? readId(example, i, readIds, false) : entryDigests?.sourceIds?.[i];
      let bytes = job.append(writeControlsRaw, example, sourceId);
      if (bytes === UTF8_NO_ROOM && job.count > 0) {
        post();
        job = worker.job(WORKER_JOB_BYTES);
        bytes = job.append(writeControlsRaw, example, sourceId);
      }
      if (bytes < 0) {
        // Off the fast path, or larger than a job: as text (which names what is not valid JSON).
        const text = textAt(examples, i);
        bytes = job.write(text, sourceId);
        if (bytes < 0) {
          if (job.count > 0) post();
          job = worker.job(Math.max(WORKER_JOB_BYTES, 3 * text.length));
          bytes = job.write(text, sourceId);
        }
      }
      if (textBytes) textBytes[i] = bytes;
    }
    if (job.count > 0) post();
  } catch (error) {
    await Promise.allSettled(jobs);
    throw error;
  }
  try {
    await Promise.all(jobs);
  } catch {
    return hashHere(examples, syncSha256() as SyncSha256, options);
  }
  return digests;
}

/** contentHashDigests on this thread with synchronous SHA-256 (few examples, or the worker failed). */
function hashHere(examples: readonly ExampleContent[], sync: SyncSha256, { textBytes, entryDigests, readIds }: ContentHashOptions): HexDigests {
  const sourceIds = readIds ? examples.map((example, i) => readId(example, i, readIds)) : entryDigests?.sourceIds;
  const hashes = new Array<string>(examples.length);
  for (let i = 0; i < examples.length; i++) {
    const text = textAt(examples, i);
    if (textBytes) textBytes[i] = utf8Length(text);
    hashes[i] = sync(text);
  }
  if (entryDigests && sourceIds) entryDigestsOf(hashes, { sourceIds, heads: entryDigests.heads });
  return HexDigests.of(hashes);
}

// Strings go into the worker's jobs with their control characters as they are: the worker hashes
// those texts with them escaped (Sha256Job's `controls`).
const CONTROLS_RAW = { escapeControls: false } as const;
const writeControlsRaw = (example: ExampleContent, buffer: Utf8Buffer, offset: number, limit: number) =>
  writeContentUtf8(example, buffer, offset, limit, CONTROLS_RAW);

/** Examples' source ids (unless ContentHashOptions.readIds reads them), and where their manifest entry digests go (two uint32 each). */
export interface EntryDigests {
  sourceIds?: readonly string[];
  heads: Uint32Array;
}

/** ContentHashOptions.entryDigests on this thread, for hashes[from..to). */
export function entryDigestsOf(hashes: readonly string[], entryDigests: Required<EntryDigests>, from = 0, to = hashes.length): void {
  for (let i = from; i < to; i++) entryDigestOf(entryDigests.sourceIds[i], hashes[i], entryDigests.heads, 2 * i);
}
