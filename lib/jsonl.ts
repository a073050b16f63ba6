// Streaming JSONL reading, isomorphic (Node streams are async iterables; browsers give
// ReadableStream, e.g. File.stream()). One bad line never stops the stream: it becomes an entry
// with an error, so a caller can report every bad line at once.

export type JsonlEntry =
  | { line: number; value: unknown; error?: undefined; raw?: undefined }
  /** `raw` is the start of the offending line (at most RAW_LIMIT characters), for display. */
  | { line: number; error: string; raw: string; value?: undefined };

export type JsonlSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

export const RAW_LIMIT = 200;
const NEWLINE = 0x0a;
const BLANK = /^[ \t\r]*$/;

const clip = (text: string) => (text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}…` : text);

/** One physical line (without its `\n`) -> an entry, or undefined for a blank line. */
function parseLine(text: string, line: number): JsonlEntry | undefined {
  if (line === 1 && text.startsWith("\uFEFF")) text = text.slice(1);
  if (text.endsWith("\r")) text = text.slice(0, -1);
  if (BLANK.test(text)) return undefined;
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { line, error: `line ${line}: invalid JSON: ${reason}`, raw: clip(text) };
  }
}

async function* chunksOf(source: JsonlSource): AsyncGenerator<Uint8Array | string> {
  // Safari's ReadableStream is not async-iterable, so read it through a reader.
  if ("getReader" in source && typeof source.getReader === "function") {
    const reader = source.getReader();
    let done = false;
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        yield next.value;
      }
      done = true;
    } finally {
      if (!done) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  } else {
    yield* source as AsyncIterable<Uint8Array | string>;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const whole = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}

/**
 * Reads JSONL: one entry per non-blank line, `line` being the 1-based physical line number.
 * Lines end with `\n` (`\r\n` tolerated); a UTF-8 BOM at the start is skipped. Each line is
 * decoded as strict UTF-8, so a malformed line yields `line N: invalid UTF-8` and reading goes on.
 * String chunks are taken as text (they are encoded to UTF-8 and read like bytes).
 */
export async function* readJsonl(source: JsonlSource): AsyncGenerator<JsonlEntry> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const encoder = new TextEncoder();
  let pending: Uint8Array[] = []; // the current line's bytes so far, across chunks
  let line = 0;

  const finish = (bytes: Uint8Array): JsonlEntry | undefined => {
    line++;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      const lenient = new TextDecoder("utf-8").decode(bytes);
      return { line, error: `line ${line}: invalid UTF-8`, raw: clip(lenient) };
    }
    return parseLine(text, line);
  };

  for await (const chunk of chunksOf(source)) {
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE); nl !== -1; nl = bytes.indexOf(NEWLINE, start)) {
      const piece = bytes.subarray(start, nl);
      const entry = finish(pending.length === 0 ? piece : concat([...pending, piece]));
      pending = [];
      start = nl + 1;
      if (entry) yield entry;
    }
    // Copy the tail: a producer may reuse its chunk buffer once we ask for the next one.
    if (start < bytes.length) pending.push(bytes.slice(start));
  }
  if (pending.length > 0) {
    const entry = finish(concat(pending));
    if (entry) yield entry;
  }
}

/** readJsonl for text already in memory: the same entries, synchronously. */
export function parseJsonlText(text: string): JsonlEntry[] {
  const entries: JsonlEntry[] = [];
  text.split("\n").forEach((lineText, i) => {
    const entry = parseLine(lineText, i + 1);
    if (entry) entries.push(entry);
  });
  return entries;
}

/** One JSONL line for `value`, including its terminating `\n`. */
export function toJsonlLine(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new TypeError(`${typeof value} cannot be written as a JSONL line`);
  return `${text}\n`;
}
