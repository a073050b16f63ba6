import { driverOf, type Db } from "@/db";
import { BUCKET_MIN_EXAMPLES } from "@/lib/manifest-buckets";
import { queueBackground } from "./background";
import { fillBucketDigests } from "./manifest-buckets";

/**
 * Whether a version of this many examples is committed without its manifest digest (filled by the
 * first begin that needs it) and gets its bucket digests from fillVersionCaches.
 */
export function digestAfterCommit(exampleCount: number): boolean {
  return exampleCount >= BUCKET_MIN_EXAMPLES;
}

/**
 * After a commit created a version of a large dataset (digestAfterCommit): fills what the next
 * sync compares against, the version's bucket digests: a large sync from Node is a no-op when
 * its buckets digest matches them, and a re-sync lists only the entries of the buckets that differ.
 * The commit itself then does not aggregate every example. The manifest digest (sorted by source
 * id), which only clients without synchronous SHA-256 send for a manifest this large (browsers),
 * is filled by the first begin that needs it.
 * On PostgreSQL in the background queue (background.ts; a burst of versions is filled once);
 * errors are ignored, the readers fill what is missing themselves. On PGlite now: the engine runs
 * on this thread, so background work would only stall the next request.
 */
export async function fillVersionCaches(db: Db, datasetId: string): Promise<void> {
  if (driverOf(db) !== "postgres") {
    await fillBucketDigests(db, datasetId);
    return;
  }
  queueBackground(db, `version caches ${datasetId}`, () => fillBucketDigests(db, datasetId).then(() => undefined));
}
