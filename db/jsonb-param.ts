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
  return driver === "pglite" ? sql`convert_from(${Buffer.from(text)}::bytea, 'UTF8')::jsonb` : sql`${text}::jsonb`;
}
