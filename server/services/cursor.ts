import { sql, type SQL } from "drizzle-orm";
import { badRequest } from "../errors";

/** Keyset cursors are opaque to clients: base64url of the JSON key of the last row served. */
export function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The key of a cursor, checked against the expected element types (numbers are integers); BAD_REQUEST when malformed. */
export function decodeCursor<T extends Array<string | number>>(cursor: string, types: { [K in keyof T]: T[K] extends number ? "number" : "string" }): T {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = null;
  }
  const valid = (part: unknown, i: number) =>
    typeof part === types[i] && (typeof part !== "number" || Number.isSafeInteger(part)) && (typeof part !== "string" || part.length <= 200);
  if (!Array.isArray(key) || key.length !== types.length || !key.every(valid)) {
    throw badRequest(`cursor '${cursor}' is not valid: pass nextCursor from the previous page`);
  }
  return key as T;
}

/** A timestamp as an exact keyset key: integer microseconds since the epoch (SQL, both ways). */
export function timestampKey(column: SQL): SQL {
  return sql`(extract(epoch from ${column}) * 1000000)::bigint::text`;
}

export function timestampFromKey(micros: number): SQL {
  return sql`('epoch'::timestamptz + ${micros}::float8 * interval '1 microsecond')`;
}
