import { isAscii } from "node:buffer";
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
 * SQL: JSON already written as UTF-8 bytes, as jsonb, like jsonbParam. PostgreSQL gets a string:
 * ASCII bytes become one as they are (decoding 100 MB as UTF-8 takes ~0.45 s, as ASCII ~0.03 s).
 */
export function jsonbBytesParam(bytes: Buffer, driver: Driver | undefined): SQL {
  if (driver === "pglite") return fromBytes(bytes);
  return sql`${isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8")}::jsonb`;
}

function fromBytes(bytes: Buffer): SQL {
  return sql`convert_from(${bytes}::bytea, 'UTF8')::jsonb`;
}
