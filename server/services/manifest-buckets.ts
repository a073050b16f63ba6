import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "@/db";
import { DIGEST_HEX } from "@/lib/manifest-buckets";
import { digestWorkMem } from "./manifest-digest";

// The server side of bucketed manifests (definitions in lib/manifest-buckets.ts).

/** SQL: the entry digest of (source id, content hash) as a bigint (its 16 hex digits, two's complement). */
export function entryDigest(sourceId: SQL, hash: SQL): SQL {
  return sql`('x' || left(encode(sha256(convert_to(octet_length(${sourceId})::text || ':' || ${sourceId} || ${hash}, 'UTF8')), 'hex'), 16))::bit(64)::bigint`;
}

/** SQL: the bucket (an integer) of a content hash, for a `digits`-hex-digit prefix. */
export function bucketOf(hash: SQL, digits: number): SQL {
  return sql`('x' || left(${hash}, ${sql.raw(String(digits))}))::bit(${sql.raw(String(digits * 4))})::int`;
}

/**
 * The buckets whose digest at the dataset's latest state (examples.latest_digest, kept by every
 * writer of latest_hash) differs from the client's, ascending. One aggregate over the dataset's
 * examples (no sort), joined with the client's digests in SQL: only touched buckets come back.
 * Its estimates are far off (a function scan of 65,536 digests), so PostgreSQL would JIT-compile
 * it (~150 ms, more than the query) and sort to disk: both are turned off for it.
 */
export async function touchedBuckets(db: Db, datasetId: string, digits: number, clientDigests: string): Promise<number[]> {
  const theirs = new Array<string>(16 ** digits);
  for (let b = 0; b < theirs.length; b++) theirs[b] = clientDigests.slice(b * DIGEST_HEX, (b + 1) * DIGEST_HEX);
  const found = await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    await tx.execute(digestWorkMem);
    return rows<{ bucket: number }>(
    tx,
    sql`WITH server AS (
          SELECT ${bucketOf(sql`latest_hash`, digits)} AS bucket, lpad(to_hex(bit_xor(latest_digest)), 16, '0') AS digest
          FROM examples WHERE dataset_id = ${datasetId} AND latest_hash IS NOT NULL
          GROUP BY 1
        )
        SELECT c.n - 1 AS bucket
        FROM unnest(${`{${theirs.join(",")}}`}::text[]) WITH ORDINALITY AS c(digest, n)
        LEFT JOIN server s ON s.bucket = c.n - 1
        WHERE COALESCE(s.digest, '0000000000000000') <> c.digest
        ORDER BY 1`,
  );
  });
  return found.map((r) => Number(r.bucket));
}
