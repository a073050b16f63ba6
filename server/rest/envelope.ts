// Lists on the REST surface: a page `{items, nextCursor, ...}` is `{data, next_cursor, ...}`, and a
// plain list is `{data: [...]}` (a JSON object, so fields can be added later without a break).
import { defOf, objectShape, setOwn, toWire, unwrap, type Schema } from "./wire";

export type Envelope = "page" | "list" | null;

export function envelopeOf(output: Schema): Envelope {
  if (defOf(unwrap(output, "output")).type === "array") return "list";
  const shape = objectShape(output, "output");
  return shape && Object.hasOwn(shape, "items") && Object.hasOwn(shape, "nextCursor") ? "page" : null;
}

/** `items` -> `data` at the top of an object, keeping the key order. */
export function renameItems<T>(object: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(object)) setOwn(out, key === "items" ? "data" : key, value);
  return out;
}

/** A procedure's output as the REST response body. */
export function responseBody(output: Schema, value: unknown): unknown {
  const wire = toWire(output, value);
  switch (envelopeOf(output)) {
    case "list":
      return { data: wire };
    case "page":
      return renameItems(wire as Record<string, unknown>);
    default:
      return wire;
  }
}
