import { driverOf, type Db } from "@/db";
import { BUCKET_MIN_EXAMPLES } from "@/lib/manifest-buckets";
import { fillBucketDigests } from "./manifest-buckets";
import { fillManifestDigest } from "./manifest-digest";

/** Per database: the datasets whose caches are being filled, whether a newer version arrived meanwhile, and the fill. */
interface Filling {
  again: boolean;
  done: Promise<void>;
}
const filling = new WeakMap<Db, Map<string, Filling>>();

/** Whether a version of this many examples leaves its manifest digest to fillVersionCaches. */
export function digestAfterCommit(exampleCount: number): boolean {
  return exampleCount >= BUCKET_MIN_EXAMPLES;
}

/**
 * After a commit created a version of a large dataset (digestAfterCommit): fills what the next
 * sync compares against, its manifest digest (the no-op shortcut) and its bucket digests
 * (bucketed manifests), so that the commit itself does not sort and aggregate every example.
 * On PostgreSQL in the background, on a connection of its own (fills for one dataset run one
 * after the other, a burst of versions in one more run); errors are ignored, the readers fill
 * what is missing themselves. On PGlite the digest is filled now and the buckets when first
 * compared: the engine runs on this thread, so background work would only stall the next request.
 */
export async function fillVersionCaches(db: Db, datasetId: string): Promise<void> {
  if (driverOf(db) !== "postgres") {
    await fillManifestDigest(db, datasetId);
    return;
  }
  let running = filling.get(db);
  if (!running) filling.set(db, (running = new Map()));
  const current = running.get(datasetId);
  if (current) {
    current.again = true;
    return;
  }
  const state: Filling = { again: true, done: Promise.resolve() };
  running.set(datasetId, state);
  state.done = (async () => {
    try {
      while (state.again) {
        state.again = false;
        await fillManifestDigest(db, datasetId);
        await fillBucketDigests(db, datasetId);
      }
    } catch {
      // Best effort: begin and the bucket comparison fill what is missing.
    } finally {
      running.delete(datasetId);
    }
  })();
}

/** Resolves once no fill of the dataset's caches runs in the background (for tests). */
export async function versionCachesSettled(db: Db, datasetId: string): Promise<void> {
  await filling.get(db)?.get(datasetId)?.done;
}
