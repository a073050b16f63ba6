import { driverOf, type Db } from "@/db";
import { BUCKET_MIN_EXAMPLES } from "@/lib/manifest-buckets";
import { queueBackground } from "./background";
import { fillBucketDigests } from "./manifest-buckets";
import { fillManifestDigest } from "./manifest-digest";

/** Whether a version of this many examples leaves its manifest digest to fillVersionCaches. */
export function digestAfterCommit(exampleCount: number): boolean {
  return exampleCount >= BUCKET_MIN_EXAMPLES;
}

/**
 * After a commit created a version of a large dataset (digestAfterCommit): fills what the next
 * sync compares against, its manifest digest (the no-op shortcut) and its bucket digests
 * (bucketed manifests), so that the commit itself does not sort and aggregate every example.
 * On PostgreSQL in the background queue (background.ts; a burst of versions is filled once);
 * errors are ignored, the readers fill what is missing themselves. On PGlite the digest is filled
 * now and the buckets when first compared: the engine runs on this thread, so background work
 * would only stall the next request.
 */
export async function fillVersionCaches(db: Db, datasetId: string): Promise<void> {
  if (driverOf(db) !== "postgres") {
    await fillManifestDigest(db, datasetId);
    return;
  }
  queueBackground(db, `version caches ${datasetId}`, async () => {
    await fillManifestDigest(db, datasetId);
    await fillBucketDigests(db, datasetId);
  });
}
