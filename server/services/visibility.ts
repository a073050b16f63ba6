import { sql, type SQL } from "drizzle-orm";
import { exampleRevisions } from "@/db/schema";

/**
 * The revision of an example that is in force at version `version`, if it is not a deletion.
 * "Examples at version N" = revisions of the dataset matching this condition (one per example).
 */
export function revisionVisibleAt(version: number | SQL, r = exampleRevisions): SQL {
  return sql`(${r.validFrom} <= ${version} AND (${r.validTo} IS NULL OR ${r.validTo} > ${version}) AND ${r.kind} <> 'DELETE')`;
}

/**
 * SQL: the content (input, output, metadata) stored under `hash` for the dataset, one row or none;
 * for LATERAL joins. LIMIT 1 keeps it an index probe per row whatever the table statistics say
 * (a plain join may be planned as a hash of every content row of the dataset).
 */
export function contentOf(datasetId: SQL, hash: SQL): SQL {
  return sql`SELECT input, output, metadata FROM example_contents WHERE dataset_id = ${datasetId} AND hash = ${hash} LIMIT 1`;
}
