import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "@/db";
import { HEX_DIGITS, hexDigitValue } from "@/lib/hex-digests";
import { bucketsDigest, DIGEST_HEX, differingBuckets, foldBucketDigests } from "@/lib/manifest-buckets";
import { digestWorkMem } from "./manifest-digest";

// The server side of bucketed manifests (definitions in lib/manifest-buckets.ts). The server's
// digests of a dataset's latest state are kept at the finest size (4 hex digits: 65,536 buckets)
// in dataset_bucket_digests, filled once per version; a manifest by 4,096 buckets folds them.

const EMPTY_DIGESTS = "0".repeat(65_536 * DIGEST_HEX);

/**
 * SQL: the entry digest of (source id, content hash) as a bigint (lib/entry-digest.ts): the id's
 * bytes hashed (COLLATE "C": by bytes whatever the database's collation) with the hash's first 16
 * hex digits as the seed. Migration 0012 has the same expression.
 */
export function entryDigest(sourceId: SQL, hash: SQL): SQL {
  return sql`hashtextextended(${sourceId} COLLATE "C", ('x' || left(${hash}, 16))::bit(64)::bigint)`;
}

/** SQL: the bucket (an integer) of a content hash, for a `digits`-hex-digit prefix. */
export function bucketOf(hash: SQL, digits: number): SQL {
  return sql`('x' || left(${hash}, ${sql.raw(String(digits))}))::bit(${sql.raw(String(digits * 4))})::int`;
}

/**
 * Computes the 65,536 bucket digests of the dataset's latest state (examples.latest_digest, kept
 * by every writer of latest_hash) and stores them as those of its latest version: from the
 * previous version's and the latest version's changes where those are cached, else from every
 * example. Either way the version and the digests are read in one statement (one snapshot: they
 * agree even while another commit lands); a fill of an older snapshot never overwrites a newer
 * one. Returns what is stored (undefined: the dataset has no version).
 * The non-empty buckets come back as one text of (4 + 16) hex digits each, in no order (no join
 * with 65,536 rows, no sort: a plan that statistics taken before a bulk import cannot spoil).
 * JIT is off for it: its estimates are far off, and PostgreSQL would compile it for ~150 ms.
 */
export async function fillBucketDigests(db: Db, datasetId: string): Promise<BucketDigestsRow | undefined> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    await tx.execute(digestWorkMem);
    const filled = (await digestsByChanges(tx, datasetId)) ?? (await digestsOfAll(tx, datasetId));
    if (!filled) return undefined;
    const [stored] = await rows<{ version: number }>(
      tx,
      sql`INSERT INTO dataset_bucket_digests (dataset_id, version, digests, buckets_digest)
          VALUES (${datasetId}, ${filled.version}, ${filled.digests}, ${filled.bucketsDigest})
          ON CONFLICT (dataset_id) DO UPDATE SET version = excluded.version, digests = excluded.digests, buckets_digest = excluded.buckets_digest
          WHERE dataset_bucket_digests.version < excluded.version
          RETURNING version`,
    );
    if (stored) return filled;
    // A fill of a version as new or newer got there first.
    const [kept] = await rows<{ version: number; digests: string; buckets_digest: string | null }>(
      tx,
      sql`SELECT version, digests, buckets_digest FROM dataset_bucket_digests WHERE dataset_id = ${datasetId}`,
    );
    return kept && { version: Number(kept.version), digests: kept.digests, bucketsDigest: kept.buckets_digest };
  });
}

/**
 * The latest version's bucket digests from the cached ones of the version before it, when those
 * are there: XORed with the entry digests of the revisions the latest version closed and of those
 * it opened (a DELETE holds no content). The bench's 1% re-sync of 100k examples: PGlite ~190
 * -> ~70 ms, where the aggregate of every example ran in the commit. Null where it does not apply
 * (nothing cached for the version before, or some entry without a digest). One statement: the
 * version, the cached digests and the revisions are of one snapshot.
 */
async function digestsByChanges(db: Db, datasetId: string): Promise<BucketDigestsRow | null> {
  const [found] = await rows<{ version: number; examples: number; base: number | null; digests: string | null; changes: string | null; undigested: number }>(
    db,
    sql`WITH latest AS (SELECT number, example_count FROM dataset_versions WHERE dataset_id = ${datasetId} ORDER BY number DESC LIMIT 1),
             cached AS (SELECT version, digests FROM dataset_bucket_digests WHERE dataset_id = ${datasetId} AND digests <> ''),
             opened AS (
               SELECT r.example_id, r.kind, r.hash FROM example_revisions r
               WHERE r.dataset_id = ${datasetId} AND r.valid_from = (SELECT number FROM latest)
                 AND (SELECT number FROM latest) - 1 = (SELECT version FROM cached)
             ),
             entries AS (
               SELECT o.example_id, o.hash FROM opened o WHERE o.kind <> 'DELETE'
               UNION ALL
               SELECT o.example_id, p.hash FROM opened o
               CROSS JOIN LATERAL (SELECT hash, kind FROM example_revisions p
                                   WHERE p.example_id = o.example_id AND p.valid_to = (SELECT number FROM latest) LIMIT 1) p
               WHERE p.kind <> 'DELETE'
             ),
             changed AS (
               SELECT ${bucketOf(sql`e.hash`, 4)} AS bucket, bit_xor(${entryDigest(sql`x.source_id`, sql`e.hash`)}) AS digest,
                      count(*) - count(x.source_id) AS undigested
               FROM entries e CROSS JOIN LATERAL (SELECT source_id FROM examples WHERE id = e.example_id LIMIT 1) x
               GROUP BY 1
             )
        SELECT latest.number AS version, latest.example_count AS examples, (SELECT version FROM cached) AS base,
               (SELECT digests FROM cached) AS digests,
               (SELECT string_agg(lpad(to_hex(bucket), 4, '0') || lpad(to_hex(digest), 16, '0'), '') FROM changed) AS changes,
               (SELECT coalesce(sum(undigested), 0)::int FROM changed) AS undigested
        FROM latest`,
  );
  if (!found || found.digests === null || found.base === null || Number(found.base) !== Number(found.version) - 1 || found.undigested > 0) return null;
  const digests = xorBuckets(found.digests, found.changes ?? "");
  return { version: Number(found.version), digests, bucketsDigest: await bucketsDigest(digests, Number(found.examples)) };
}

/**
 * 65,536 bucket digests with each of `changes` ((4 + 16) hex digits each: bucket, digest; each
 * bucket at most once) XORed into its bucket's, digit by digit (hex digits XOR as their values).
 */
function xorBuckets(digests: string, changes: string): string {
  const bytes = new TextEncoder().encode(digests);
  for (let at = 0; at < changes.length; at += 4 + DIGEST_HEX) {
    let bucket = 0;
    for (let k = 0; k < 4; k++) bucket = (bucket << 4) | hexDigitValue(changes.charCodeAt(at + k));
    const place = bucket * DIGEST_HEX;
    for (let k = 0; k < DIGEST_HEX; k++) {
      bytes[place + k] = HEX_DIGITS[hexDigitValue(bytes[place + k]) ^ hexDigitValue(changes.charCodeAt(at + 4 + k))];
    }
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Every example's entry digest aggregated by bucket (examples.latest_digest); the version and the
 * digests are of one snapshot.
 */
async function digestsOfAll(db: Db, datasetId: string): Promise<BucketDigestsRow | undefined> {
  const [found] = await rows<{ version: number | null; buckets: string | null; undigested: number | null; examples: number | null }>(
    db,
    sql`SELECT (SELECT number FROM dataset_versions WHERE dataset_id = ${datasetId} ORDER BY number DESC LIMIT 1) AS version,
               string_agg(lpad(to_hex(bucket), 4, '0') || lpad(to_hex(digest), 16, '0'), '') AS buckets,
               sum(undigested)::int AS undigested, sum(examples)::int AS examples
        FROM (
          SELECT ${bucketOf(sql`latest_hash`, 4)} AS bucket, bit_xor(latest_digest) AS digest,
                 count(*) - count(latest_digest) AS undigested, count(*) AS examples
          FROM examples WHERE dataset_id = ${datasetId} AND latest_hash IS NOT NULL
          GROUP BY 1
        ) s`,
  );
  if (found?.version === null || found?.version === undefined) return undefined;
  // An example without an entry digest (no source id) is in no bucket digest: '' stands for
  // "no digests", every bucket differs and no buckets digest matches.
  const digests = found.undigested ? "" : xorBuckets(EMPTY_DIGESTS, found.buckets ?? "");
  return {
    version: Number(found.version),
    digests,
    bucketsDigest: digests ? await bucketsDigest(digests, Number(found.examples ?? 0)) : null,
  };
}

/** A row of dataset_bucket_digests. */
interface BucketDigestsRow {
  version: number;
  digests: string;
  bucketsDigest: string | null;
}

/**
 * The buckets whose digest at the dataset's version `baseVersion` differs from the client's,
 * ascending: from the cache when it holds that version, else filled now. When `baseVersion` is no
 * longer the latest, every bucket counts as touched (the commit will fail with CONFLICT anyway,
 * and the whole manifest is then correct).
 */
export async function touchedBuckets(db: Db, datasetId: string, baseVersion: number, digits: 3 | 4, clientDigests: string): Promise<number[]> {
  const ours = await bucketDigestsAt(db, datasetId, baseVersion);
  if (!ours) return Array.from({ length: 16 ** digits }, (_, b) => b);
  return differingBuckets(digits === 4 ? ours : foldBucketDigests(ours), clientDigests);
}

/**
 * The 65,536 bucket digests of the dataset at `version`: from the cache when it holds that version,
 * else filled now; undefined when `version` is no longer the latest (or a version has examples
 * without source ids: see fillBucketDigests).
 */
export async function bucketDigestsAt(db: Db, datasetId: string, version: number): Promise<string | undefined> {
  const [cached] = await rows<{ version: number; digests: string }>(
    db,
    sql`SELECT version, digests FROM dataset_bucket_digests WHERE dataset_id = ${datasetId} AND version = ${version}`,
  );
  const ours = cached ? cached : await fillBucketDigests(db, datasetId);
  return ours && Number(ours.version) === version && ours.digests !== "" ? ours.digests : undefined;
}

/**
 * The buckets digest of the dataset at `version` (a version of `count` examples): from the cache
 * when it holds that version, else filled now (as bucketDigestsAt; a row filled before the column
 * existed has its digests hashed here). Undefined where bucketDigestsAt is.
 */
export async function bucketsDigestAt(db: Db, datasetId: string, version: number, count: number): Promise<string | undefined> {
  const [cached] = await rows<{ buckets_digest: string | null }>(
    db,
    sql`SELECT buckets_digest FROM dataset_bucket_digests WHERE dataset_id = ${datasetId} AND version = ${version}`,
  );
  if (cached?.buckets_digest) return cached.buckets_digest;
  const digests = await bucketDigestsAt(db, datasetId, version);
  return digests === undefined ? undefined : bucketsDigest(digests, count);
}
