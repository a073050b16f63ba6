// The REST surface's wire format, derived from the zod contracts: snake_case keys outside,
// camelCase inside. Every conversion walks the zod schema alongside the value, so only the keys
// of objects the schema describes are renamed; the contents of free-form JSON (`z.record`,
// `z.unknown`: a dataset's `input`, a run's `metadata`...) pass through untouched.
import type { z } from "zod";

export type Schema = z.core.$ZodType;

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  options?: readonly Schema[];
  valueType?: Schema;
  items?: readonly Schema[];
  rest?: Schema | null;
  left?: Schema;
  right?: Schema;
  getter?: () => Schema;
}

export const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** Which side of a schema with transforms (pipe) the value is on. */
export type Side = "input" | "output";

/** The wire name of a contract key: `datasetId` -> `dataset_id`. */
export function wireName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "nonoptional", "readonly", "catch", "success"]);

/** The schema under optional/nullable/default/... wrappers (and pipes, on the given side). */
export function unwrap(schema: Schema, side: Side): Schema {
  for (;;) {
    const def = defOf(schema);
    if (WRAPPERS.has(def.type)) schema = def.innerType!;
    else if (def.type === "pipe") schema = side === "input" ? def.in! : def.out!;
    else if (def.type === "lazy") schema = def.getter!();
    else return schema;
  }
}

/** The fields of an object schema (of both sides of an intersection of objects), or null. */
export function objectShape(schema: Schema, side: Side): Record<string, Schema> | null {
  const def = defOf(unwrap(schema, side));
  if (def.type === "object") return def.shape!;
  if (def.type === "intersection") {
    const left = objectShape(def.left!, side);
    const right = objectShape(def.right!, side);
    return left && right ? { ...left, ...right } : null;
  }
  return null;
}

/** wire name -> contract key, for the fields of an object shape. */
export function wireKeys(shape: Record<string, Schema>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const key of Object.keys(shape)) {
    const name = wireName(key);
    const taken = keys.get(name);
    if (taken !== undefined) throw new Error(`contract keys '${taken}' and '${key}' have the same wire name '${name}'`);
    keys.set(name, key);
  }
  return keys;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Any JSON at all: the value is the caller's own data. */
function isFreeForm(schema: Schema, side: Side): boolean {
  const type = defOf(unwrap(schema, side)).type;
  return type === "unknown" || type === "any";
}

/** Of a union's options, the one a value most likely belongs to (arrays to arrays, objects by keys). */
function pickOption(options: readonly Schema[], value: unknown, side: Side, keyOf: (key: string) => string): Schema | null {
  const kind = (s: Schema) => defOf(unwrap(s, side)).type;
  if (Array.isArray(value)) return options.find((o) => kind(o) === "array" || kind(o) === "tuple") ?? null;
  if (!isPlainObject(value)) return null;
  let best: Schema | null = null;
  let bestScore = -1;
  for (const option of options) {
    const shape = objectShape(option, side);
    if (shape) {
      const fields = new Set(Object.keys(shape).map(keyOf));
      const score = Object.keys(value).filter((key) => fields.has(key)).length;
      if (score > bestScore) [best, bestScore] = [option, score];
    } else if (kind(option) === "record" && bestScore < 0) {
      best = option;
    }
  }
  return best;
}

/** A contract-shaped value (camelCase) as it travels on the wire (snake_case). */
export function toWire(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const def = defOf(unwrap(schema, "output"));
  switch (def.type) {
    case "object":
    case "intersection": {
      const shape = objectShape(schema, "output");
      if (!shape || !isPlainObject(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
        setOwn(out, field ? wireName(key) : key, field ? toWire(field, item) : item);
      }
      return out;
    }
    case "record":
      if (isFreeForm(def.valueType!, "output") || !isPlainObject(value)) return value;
      return mapValues(value, (item) => toWire(def.valueType!, item));
    case "array":
      return Array.isArray(value) ? value.map((item) => toWire(def.element!, item)) : value;
    case "tuple":
      if (!Array.isArray(value)) return value;
      return value.map((item, i) => {
        const s = def.items![i] ?? def.rest;
        return s ? toWire(s, item) : item;
      });
    case "union": {
      const option = pickOption(def.options!, value, "output", wireName);
      return option ? toWire(option, value) : value;
    }
    default:
      return value;
  }
}

export interface WireIssue {
  /** Wire path of the offending key. */
  path: (string | number)[];
  message: string;
}

/**
 * A wire value (snake_case) as the contract takes it (camelCase). Keys the schema does not know
 * are kept as sent (the strict contract then names them); a contract key sent in its camelCase
 * spelling is reported, so that one field has one name on the wire.
 */
export function fromWire(schema: Schema, value: unknown, issues: WireIssue[], path: (string | number)[] = []): unknown {
  if (value === null || value === undefined) return value;
  const def = defOf(unwrap(schema, "input"));
  switch (def.type) {
    case "object":
    case "intersection": {
      const shape = objectShape(schema, "input");
      if (!shape || !isPlainObject(value)) return value;
      const keys = wireKeys(shape);
      const out: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value)) {
        const key = keys.get(name);
        if (key !== undefined) setOwn(out, key, fromWire(shape[key], item, issues, [...path, name]));
        else if (Object.hasOwn(shape, name)) issues.push({ path: [...path, name], message: `unknown field: did you mean '${wireName(name)}'?` });
        else setOwn(out, name, item);
      }
      return out;
    }
    case "record":
      if (isFreeForm(def.valueType!, "input") || !isPlainObject(value)) return value;
      return mapValues(value, (item, key) => fromWire(def.valueType!, item, issues, [...path, key]));
    case "array":
      return Array.isArray(value) ? value.map((item, i) => fromWire(def.element!, item, issues, [...path, i])) : value;
    case "tuple":
      return Array.isArray(value)
        ? value.map((item, i) => {
            const s = def.items![i] ?? def.rest;
            return s ? fromWire(s, item, issues, [...path, i]) : item;
          })
        : value;
    case "union": {
      const option = pickOption(def.options!, value, "input", wireName);
      return option ? fromWire(option, value, issues, path) : value;
    }
    default:
      return value;
  }
}

/** A contract path (e.g. of a zod issue) in wire names: `["results", 0, "datapointId"]` -> `results.0.datapoint_id`. */
export function wirePath(schema: Schema | null, path: readonly PropertyKey[]): string {
  const out: string[] = [];
  let current: Schema | null = schema;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    let next: Schema | null = null;
    let name = String(segment);
    if (current) {
      const def = defOf(unwrap(current, "input"));
      const shape = objectShape(current, "input");
      if (shape && typeof segment === "string" && Object.hasOwn(shape, segment)) {
        name = wireName(segment);
        next = shape[segment];
      } else if (def.type === "record") next = def.valueType!;
      else if (def.type === "array") next = def.element!;
      else if (def.type === "tuple") next = def.items![Number(segment)] ?? def.rest ?? null;
      else if (def.type === "union" && typeof segment === "string") {
        const option = def.options!.find((o) => Object.hasOwn(objectShape(o, "input") ?? {}, segment));
        if (option) {
          name = wireName(segment);
          next = objectShape(option, "input")![segment];
        }
      }
    }
    out.push(name);
    current = next;
  }
  return out.join(".");
}

/** Every object key a schema names, anywhere in it (not inside free-form JSON). */
export function contractKeys(schema: Schema, side: Side, into = new Set<string>(), seen = new Set<Schema>()): Set<string> {
  if (seen.has(schema)) return into;
  seen.add(schema);
  const inner = unwrap(schema, side);
  const def = defOf(inner);
  const shape = objectShape(inner, side);
  if (shape) {
    for (const [key, field] of Object.entries(shape)) {
      into.add(key);
      contractKeys(field, side, into, seen);
    }
  } else if (def.type === "record") contractKeys(def.valueType!, side, into, seen);
  else if (def.type === "array") contractKeys(def.element!, side, into, seen);
  else if (def.type === "tuple") for (const item of [...def.items!, ...(def.rest ? [def.rest] : [])]) contractKeys(item, side, into, seen);
  else if (def.type === "union") for (const option of def.options!) contractKeys(option, side, into, seen);
  return into;
}

/**
 * A message written for the camelCase contract, in wire names: "give exactly one of datasetName
 * or datasetId" -> "... dataset_name or dataset_id". Quoted text (often the caller's own data) is
 * left alone.
 */
export function wireMessage(message: string, keys: ReadonlySet<string>): string {
  return message
    .split(/('[^']*'|"[^"]*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\b[a-z][a-zA-Z0-9]*[A-Z][a-zA-Z0-9]*\b/g, (word) => (keys.has(word) ? wireName(word) : word))))
    .join("");
}

/** `object[key] = value`, except that a "__proto__" key stays a plain key (as JSON.parse makes it). */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function mapValues(value: Record<string, unknown>, map: (item: unknown, key: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, key, map(item, key));
  return out;
}
