import { sql, type SQL } from "drizzle-orm";
import { exampleRevisions } from "@/db/schema";

/**
 * The revision of an example that is in force at version `version`, if it is not a deletion.
 * "Examples at version N" = revisions of the dataset matching this condition (one per example).
 */
export function revisionVisibleAt(version: number | SQL, r = exampleRevisions): SQL {
  return sql`(${r.validFrom} <= ${version} AND (${r.validTo} IS NULL OR ${r.validTo} > ${version}) AND ${r.kind} <> 'DELETE')`;
}
