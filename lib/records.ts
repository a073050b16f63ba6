// Record -> example mapping: how a user's JSONL record becomes {sourceId, input, output, metadata}.
import { z } from "zod";
import { isPlainObject } from "./hash";

export type JsonObject = Record<string, unknown>;

export const recordMappingSchema = z.strictObject({
  sourceIdKey: z.string().min(1).default("id"),
  inputKeys: z.array(z.string().min(1)).optional(),
  outputKeys: z.array(z.string().min(1)).optional(),
  metadataKeys: z.array(z.string().min(1)).optional(),
});
/** As a caller writes it (sourceIdKey optional). */
export type RecordMappingInput = z.input<typeof recordMappingSchema>;
/** After parsing (sourceIdKey defaulted). */
export type RecordMapping = z.output<typeof recordMappingSchema>;

export interface ToExampleOptions {
  /** Key holding the source id. Default "id", unless `sourceId` is given (then no key). */
  sourceIdKey?: string;
  /** Computes the source id instead of reading `record[sourceIdKey]`. */
  sourceId?: (record: JsonObject) => unknown;
  inputKeys?: readonly string[];
  outputKeys?: readonly string[];
  metadataKeys?: readonly string[];
}

export interface MappedExample {
  sourceId: string;
  input: JsonObject;
  output: JsonObject;
  metadata: JsonObject;
}

export class RecordError extends Error {
  /** Where the record came from, e.g. "line 12" or "record 3". */
  readonly where: string;
  /** The 1-based line, when `where` is "line N". */
  readonly line?: number;

  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = "RecordError";
    this.where = where;
    const match = /^line (\d+)$/.exec(where);
    if (match) this.line = Number(match[1]);
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value === "") return "an empty string";
  switch (typeof value) {
    case "string":
      return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
    case "number":
      return Number.isInteger(value) && !Number.isSafeInteger(value)
        ? `${value} (too large to be exact: write it as a string)`
        : String(value);
    case "boolean":
      return String(value);
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

function toSourceId(value: unknown, label: string, where: string): string {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (value === undefined) throw new RecordError(where, `${label} is missing`);
  throw new RecordError(where, `${label} must be a non-empty string or an integer, got ${describe(value)}`);
}

function ownValue(record: JsonObject, key: string | undefined): unknown {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Own keys only, in `keys` order; keys the record lacks are left out. */
function pick(record: JsonObject, keys: readonly string[]): JsonObject {
  // Object.fromEntries defines properties, so a "__proto__" key stays a plain key.
  const present = keys.filter((key) => Object.hasOwn(record, key) && record[key] !== undefined);
  return Object.fromEntries(present.map((key) => [key, record[key]]));
}

function objectField(record: JsonObject, key: string, where: string, required = false): JsonObject {
  const value = record[key];
  if (!required && (value === undefined || value === null)) return {};
  if (!isPlainObject(value)) {
    throw new RecordError(where, `"${key}" must be an object, got ${describe(value)}`);
  }
  return value;
}

/**
 * Maps one record to an example. Modes, first match wins:
 * 1. Explicit: any of inputKeys/outputKeys/metadataKeys given. Each part picks its keys (keys a
 *    record lacks are left out); without inputKeys, input is every key that is not the source id
 *    key and not picked for output or metadata.
 * 2. Shaped: the record has an `input` key. `input` must be an object; `output` and `metadata`
 *    must be objects when present (absent or null -> {}). Other top-level keys besides the source
 *    id key are ignored.
 * 3. Flat: input is every key except the source id key; output and metadata are {}.
 * A top-level `input` that is not an object is an error rather than flat mode, which would put the
 * record's `output` into the input.
 */
export function toExample(record: unknown, opts: ToExampleOptions, where: string): MappedExample {
  if (!isPlainObject(record)) {
    throw new RecordError(where, `record must be a JSON object, got ${describe(record)}`);
  }
  const idKey = opts.sourceIdKey ?? (opts.sourceId ? undefined : "id");
  const sourceId = opts.sourceId
    ? toSourceId(opts.sourceId(record), "source id", where)
    : toSourceId(ownValue(record, idKey), `source id "${idKey}"`, where);

  if (opts.inputKeys || opts.outputKeys || opts.metadataKeys) {
    const outputKeys = opts.outputKeys ?? [];
    const metadataKeys = opts.metadataKeys ?? [];
    const taken = new Set([...outputKeys, ...metadataKeys]);
    const inputKeys =
      opts.inputKeys ?? Object.keys(record).filter((key) => key !== idKey && !taken.has(key));
    return {
      sourceId,
      input: pick(record, inputKeys),
      output: pick(record, outputKeys),
      metadata: pick(record, metadataKeys),
    };
  }

  if (Object.hasOwn(record, "input")) {
    return {
      sourceId,
      input: objectField(record, "input", where, true),
      output: objectField(record, "output", where),
      metadata: objectField(record, "metadata", where),
    };
  }

  return {
    sourceId,
    input: Object.fromEntries(Object.entries(record).filter(([key]) => key !== idKey)),
    output: {},
    metadata: {},
  };
}

export interface RecordShape {
  /** Top-level keys seen, in first-seen order. */
  keys: string[];
  /** Every object record inspected has an object `input`: {input, output?, metadata?} files. */
  shaped: boolean;
}

/** What the first records look like, to propose a mapping in the UI. Non-objects are skipped. */
export function detectShape(records: readonly unknown[], limit = 100): RecordShape {
  const keys = new Set<string>();
  let objects = 0;
  let shaped = true;
  for (const record of records.slice(0, limit)) {
    if (!isPlainObject(record)) continue;
    objects++;
    for (const key of Object.keys(record)) keys.add(key);
    if (!isPlainObject(record.input)) shaped = false;
  }
  return { keys: [...keys], shaped: objects > 0 && shaped };
}
