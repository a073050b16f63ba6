import { hash } from "node:crypto";
import { PAYLOAD_BYTES_MAX, type UpsertPayloadExample } from "@/lib/contracts";
import { CanonicalizeError, contentText, UTF8_NO_ROOM, writeContentUtf8 } from "@/lib/hash";
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
  const room = (needed: number) => {
    if (at + needed <= bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * bytes.length, at + needed));
    bytes.copy(grown, 0, 0, at);
    bytes = grown;
  };
  const hashes = new Map<string, string>();
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
    let next = writeContentUtf8(example, bytes, at, bytes.length, { nul: false });
    while (next === UTF8_NO_ROOM) {
      room(bytes.length - at + 1); // doubles the buffer
      next = writeContentUtf8(example, bytes, at, bytes.length, { nul: false });
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
