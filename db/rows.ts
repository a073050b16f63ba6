import type { SQL } from "drizzle-orm";
import type { Db } from "./client";

/**
 * Runs raw SQL and returns its rows on either driver (postgres.js answers an array,
 * PGlite an object with `rows`). Cast counts to int in SQL: bigint arrives as a string
 * on one driver and a number on the other; timestamps likewise, so wrap them in toDate().
 */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  // postgres returns "2026-11-25 11:43:48.123+00"; make it ISO so every engine parses it.
  return new Date(/^\d{4}-\d\d-\d\d \d/.test(text) ? text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00") : text);
}
