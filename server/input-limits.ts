// What the storage cannot take, found before it sees it: U+0000 in a string (PostgreSQL stores it
// in neither text nor jsonb) and JSON nested deeper than MAX_NESTING (JSON.stringify and the jsonb
// parser recurse; PGlite, in WebAssembly, is left unusable by a deep enough document).

export const MAX_NESTING = 1_000;

export interface InputProblem {
  /** Where, as a path of keys and indexes (clipped for very deep values). */
  path: (string | number)[];
  message: string;
  /** The source id of the example it is in, when it is in one (an index in a chunk means little to the caller). */
  sourceId?: string;
}

const SHOWN_SEGMENTS = 12;

interface Node {
  value: unknown;
  parent: Node | null;
  key: string | number;
  depth: number;
}

function problemAt(node: Node, message: string): InputProblem {
  const path: (string | number)[] = [];
  let sourceId: string | undefined;
  for (let at: Node | null = node; at?.parent; at = at.parent) {
    path.push(at.key);
    const id = typeof at.key === "number" && typeof at.value === "object" && at.value !== null ? (at.value as { sourceId?: unknown }).sourceId : undefined;
    if (typeof id === "string") sourceId = id;
  }
  path.reverse();
  const shown = path.length > SHOWN_SEGMENTS ? [...path.slice(0, SHOWN_SEGMENTS), "…"] : path;
  return sourceId === undefined ? { path: shown, message } : { path: shown, message, sourceId };
}

const FAST_DEPTH = 200;

/**
 * True when the value is certainly clean: a recursive scan that allocates nothing, for the
 * common case (every call's input, upsert payloads of megabytes included). False when it found
 * a problem or went deeper than it recurses: the exact scan below then says what and where.
 */
function plainlyClean(value: unknown, depth: number): boolean {
  if (typeof value === "string") return !value.includes("\u0000");
  if (typeof value !== "object" || value === null) return true;
  if (depth >= FAST_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!plainlyClean(value[i], depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (key.includes("\u0000") || !plainlyClean((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** The first such problem in a JSON-like value, or null. Iterative, so any depth is safe to look at. */
export function inputProblem(value: unknown): InputProblem | null {
  if (plainlyClean(value, 0)) return null;
  const pending: Node[] = [{ value, parent: null, key: "", depth: 0 }];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const current = node.value;
    if (typeof current === "string") {
      if (current.includes("\u0000")) return problemAt(node, "must not contain U+0000 (PostgreSQL cannot store it)");
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    if (node.depth >= MAX_NESTING) return problemAt(node, `nested deeper than ${MAX_NESTING} levels`);
    const depth = node.depth + 1;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], parent: node, key: i, depth });
      continue;
    }
    for (const key of Object.keys(current)) {
      const child: Node = { value: (current as Record<string, unknown>)[key], parent: node, key, depth };
      if (key.includes("\u0000")) return problemAt(child, "keys must not contain U+0000 (PostgreSQL cannot store it)");
      pending.push(child);
    }
  }
  return null;
}

/** A path for a message: `input.d.0.0`. */
export function pathText(path: readonly (string | number)[]): string {
  return path.map(String).join(".");
}
