import { parseJsonlText } from "@/lib/jsonl";
import { detectShape, type RecordShape } from "@/lib/records";

export interface FilePreview {
  /** The first records (objects or not), with their line numbers. */
  rows: { line: number; value: unknown }[];
  shape: RecordShape;
  /** The head read did not reach the end of the file. */
  partial: boolean;
}

const HEAD_BYTES = 256 * 1024;
export const PREVIEW_ROWS = 8;

/** Reads only the head of the file: enough lines to show and to guess the keys and the shape. */
export async function readPreview(file: File): Promise<FilePreview> {
  const partial = file.size > HEAD_BYTES;
  let text = await file.slice(0, HEAD_BYTES).text();
  if (partial) text = text.slice(0, Math.max(0, text.lastIndexOf("\n"))); // drop the cut-off last line
  const entries = parseJsonlText(text).filter((e) => e.error === undefined);
  const values = entries.slice(0, 200).map((e) => e.value);
  return {
    rows: entries.slice(0, PREVIEW_ROWS).map((e) => ({ line: e.line, value: e.value })),
    shape: detectShape(values, 200),
    partial,
  };
}

const OUTPUT_NAMES = new Set(["output", "outputs", "expected", "expected_output", "answer", "answers", "label", "target", "reference", "completion", "ground_truth"]);
const METADATA_NAMES = new Set(["metadata", "meta"]);

/** The id key to propose: `id`, else a key that looks like an id, else the first key. */
export function guessSourceIdKey(keys: string[]): string {
  if (keys.includes("id")) return "id";
  return keys.find((k) => /(^|_)(id|uuid|key)$/i.test(k)) ?? keys[0] ?? "id";
}

export type KeyRole = "input" | "output" | "metadata" | "ignore";

export function guessRole(key: string): KeyRole {
  const lower = key.toLowerCase();
  if (OUTPUT_NAMES.has(lower)) return "output";
  if (METADATA_NAMES.has(lower)) return "metadata";
  return "input";
}
