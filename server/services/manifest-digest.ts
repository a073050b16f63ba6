import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "@/db";

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

/**
 * Fills in the manifest digest of the dataset's latest version where it is not known yet (a large
 * version's is filled after its commit, see version-caches.ts), in one statement: one snapshot,
 * so the version and the examples agree even while another commit lands. '' stands for "computed,
 * matches no manifest". Returns the latest version's number and digest (undefined: no version).
 * In a transaction of its own (a savepoint inside the caller's), for its work_mem.
 */
export async function fillManifestDigest(db: Db, datasetId: string): Promise<{ number: number; digest: string | null } | undefined> {
  const [latest] = await db.transaction(async (tx) => {
    await tx.execute(digestWorkMem);
    return rows<{ number: number; digest: string | null }>(
      tx,
      sql`WITH latest AS (
            SELECT id FROM dataset_versions WHERE dataset_id = ${datasetId} ORDER BY number DESC LIMIT 1
          ), filled AS (
            UPDATE dataset_versions v SET manifest_digest = COALESCE((${latestManifestDigest(datasetId)}), '')
            FROM latest WHERE v.id = latest.id AND v.manifest_digest IS NULL
            RETURNING v.number, v.manifest_digest
          )
          SELECT number, manifest_digest AS digest FROM filled
          UNION ALL
          SELECT v.number, v.manifest_digest FROM dataset_versions v JOIN latest ON v.id = latest.id WHERE NOT EXISTS (SELECT 1 FROM filled)`,
    );
  });
  return latest && { number: Number(latest.number), digest: latest.digest };
}
