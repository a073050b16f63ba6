/** One difference between two JSON objects, at a dotted path (`question`, `context.lang`). */
export interface FieldChange {
  path: string;
  change: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => same(v, other[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const segment = (key: string) => (/^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key));

/**
 * Field-level differences: keys of nested objects are followed down to the value that changed;
 * arrays and scalars are compared whole (key order does not matter).
 */
export function fieldChanges(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const changes: FieldChange[] = [];
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !Object.hasOwn(before, k))];
    for (const key of keys) {
      const at = path ? `${path}.${segment(key)}` : segment(key);
      if (!Object.hasOwn(after, key)) changes.push({ path: at, change: "removed", before: before[key] });
      else if (!Object.hasOwn(before, key)) changes.push({ path: at, change: "added", after: after[key] });
      else changes.push(...fieldChanges(before[key], after[key], at));
    }
    return changes;
  }
  return same(before, after) ? [] : [{ path: path || "(value)", change: "changed", before, after }];
}
