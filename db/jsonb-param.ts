import { sql, type SQL } from "drizzle-orm";
import type { Driver } from "./client";

/**
 * SQL: a JSON text sent as a parameter, as jsonb. For bulk statements (manifests, payloads,
 * results). PGlite's protocol writer measures a string parameter twice, one JS character at a
 * time, and copies it into a buffer that grows as it goes (about 1.5 s per 100 MB); UTF-8 bytes go
 * through as they are (bytea in binary format: see the bytea serializer in client.ts). PostgreSQL
 * (postgres.js) writes strings natively. `driver`: of the database the statement runs on
 * (driverOf of the handle the transaction came from).
 */
export function jsonbParam(text: string, driver: Driver | undefined): SQL {
  return driver === "pglite" ? fromBytes(Buffer.from(text)) : sql`${text}::jsonb`;
}

/**
 * SQL: the JSON array of `items` (each a JSON text), as jsonb, like jsonbParam. On PGlite each
 * item is written into the bytes as it is, without joining them into one string first (joining
 * 100 MB of items and encoding the result cost ~0.65 s, writing them ~0.28 s).
 */
export function jsonbArrayParam(items: readonly string[], driver: Driver | undefined): SQL {
  if (driver !== "pglite") return sql`${`[${items.join(",")}]`}::jsonb`;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; the commas and brackets one each.
  let size = 2 + items.length;
  for (const item of items) size += 3 * item.length;
  const bytes = Buffer.allocUnsafe(size);
  let at = bytes.write("[", 0, "latin1");
  for (let i = 0; i < items.length; i++) {
    if (i > 0) at += bytes.write(",", at, "latin1");
    at += bytes.write(items[i], at);
  }
  at += bytes.write("]", at, "latin1");
  return fromBytes(bytes.subarray(0, at));
}

function fromBytes(bytes: Buffer): SQL {
  return sql`convert_from(${bytes}::bytea, 'UTF8')::jsonb`;
}
