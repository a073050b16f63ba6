import { driverOf, type Db } from "@/db";
import { BUCKET_MIN_EXAMPLES } from "@/lib/manifest-buckets";
import { backgroundSettled, queueBackground } from "./background";
import { fillBucketDigests } from "./manifest-buckets";

/** Whether a version of this many examples leaves its manifest digest to the first begin that asks (and its bucket digests to fillVersionCaches). */
export function digestAfterCommit(exampleCount: number): boolean {
  return exampleCount >= BUCKET_MIN_EXAMPLES;
}

/**
 * After a commit created a version of a large dataset (digestAfterCommit): fills what the next
 * sync of it from Node compares against, the version's bucket digests (a large manifest is
 * compared by them, lib/manifest-buckets.ts), so that the commit itself does not aggregate every
 * example. Its manifest digest (what a browser's sync compares, with no synchronous SHA-256 for
 * buckets) is filled by the first upsertBegin that brings one. On PostgreSQL in the background
 * queue (background.ts; a burst of versions is filled once); errors are ignored, the readers fill
 * what is missing themselves. On PGlite now: the engine runs on this thread, so background work
 * would only stall the next request.
 */
export async function fillVersionCaches(db: Db, datasetId: string): Promise<void> {
  if (driverOf(db) !== "postgres") {
    await fillBucketDigests(db, datasetId);
    return;
  }
  queueBackground(db, `version caches ${datasetId}`, () => fillBucketDigests(db, datasetId).then(() => undefined));
}

/** Resolves once no fill of version caches runs or waits in the background (for tests). */
export async function versionCachesSettled(db: Db): Promise<void> {
  await backgroundSettled(db);
}
