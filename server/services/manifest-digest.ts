import { sql, type SQL } from "drizzle-orm";

/**
 * SQL: the manifest digest (definition in lib/manifest-digest.ts) of the examples in force at the
 * dataset's latest state (examples.latest_hash), i.e. after the writes of the transaction that is
 * creating a version.
 * `octet_length` is the UTF-8 byte length on a UTF8 database, `COLLATE "C"` orders by those bytes
 * (= code points). Null when an example has no source id: such a version never matches a manifest.
 * Sorting ~100k ids needs more than the default work_mem to stay in memory: see `digestWorkMem`.
 */
export function latestManifestDigest(datasetId: string): SQL {
  return sql`SELECT CASE WHEN count(*) = count(source_id) THEN
             encode(sha256(convert_to(COALESCE(string_agg(octet_length(source_id)::text || ':' || source_id || latest_hash || E'\n', ''
                                                          ORDER BY source_id COLLATE "C"), ''), 'UTF8')), 'hex') END
           FROM examples WHERE dataset_id = ${datasetId} AND latest_hash IS NOT NULL`;
}

/** Lets the digest's sort (and the bulk writes before it) run in memory, for this transaction only. */
export const digestWorkMem = sql`SET LOCAL work_mem = '64MB'`;
