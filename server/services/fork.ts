import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";
import type { Dataset, DatasetSelector, Project } from "@/lib/contracts";
import { conflict } from "../errors";
import { getDataset, requireDatasetId } from "./datasets";
import { entryDigest } from "./manifest-buckets";
import { digestWorkMem, latestManifestDigest } from "./manifest-digest";
import { refreshStatistics } from "./statistics";
import { resolveVersion, revisionAlias } from "./versions";
import { revisionVisibleAt } from "./visibility";

/**
 * Forks a dataset at a version (default: its latest) into a new dataset of the same project.
 * The examples in force at that version, with their source ids and content, become version 1 of
 * the new dataset. `params` are inherited unconditionally; only keys the request names override
 * (a key absent from the request never overrides, whatever its value in the source).
 */
export async function forkDataset(
  db: Db,
  project: Project,
  input: DatasetSelector & { version?: number; name: string; description?: string; params?: Record<string, unknown>; message?: string },
): Promise<Dataset> {
  const forked = await db.transaction(async (tx) => {
    const sourceId = await requireDatasetId(tx, project.id, input);
    const [source] = await rows<{ name: string; description: string; params: Record<string, unknown> }>(
      tx,
      sql`SELECT name, description, params FROM datasets WHERE id = ${sourceId}`,
    );
    const version = await resolveVersion(tx, sourceId, input.version);
    const params: Record<string, unknown> = { ...(source.params ?? {}) };
    for (const [key, value] of Object.entries(input.params ?? {})) if (value !== undefined) params[key] = value;

    const [created] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO datasets (project_id, name, description, params, forked_from_dataset_id, forked_from_version_id)
          VALUES (${project.id}, ${input.name}, ${input.description ?? source.description}, ${JSON.stringify(params)}::jsonb,
                  ${sourceId}, ${version?.id ?? null})
          ON CONFLICT (project_id, name) DO NOTHING RETURNING id`,
    );
    if (!created) throw conflict(`dataset '${input.name}' already exists`);
    if (!version) return { id: created.id, copied: 0 };

    // New example rows keep the source's order; ids are drawn up front so that both inserts
    // (examples, then revisions) can run in one statement without joining on source ids.
    const [copied] = await rows<{ count: number }>(
      tx,
      sql`WITH source AS MATERIALIZED (
            SELECT gen_random_uuid() AS new_id, x.source_id, x.ordinal, r.hash
            FROM examples x
            JOIN example_revisions r ON r.example_id = x.id AND ${revisionVisibleAt(version.number, revisionAlias)}
            WHERE x.dataset_id = ${sourceId}
          ), copied AS (
            INSERT INTO examples (id, dataset_id, source_id, latest_hash, latest_digest)
            SELECT new_id, ${created.id}, source_id, hash, ${entryDigest(sql`source_id`, sql`hash`)} FROM source ORDER BY ordinal
            RETURNING id
          ), revised AS (
            INSERT INTO example_revisions (example_id, dataset_id, valid_from, kind, hash)
            SELECT new_id, ${created.id}, 1, 'CREATE', hash FROM source
            RETURNING 1
          ), contents AS (
            INSERT INTO example_contents (dataset_id, hash, input, output, metadata)
            SELECT ${created.id}, c.hash, c.input, c.output, c.metadata FROM example_contents c
            WHERE c.dataset_id = ${sourceId} AND c.hash IN (SELECT hash FROM source)
          )
          SELECT (SELECT count(*)::int FROM copied) AS count, (SELECT count(*) FROM revised) AS revised`,
    );
    const message = input.message ?? `Forked from ${source.name} at version ${version.number}`;
    await tx.execute(digestWorkMem);
    await tx.execute(
      sql`INSERT INTO dataset_versions (dataset_id, number, message, added, unchanged, example_count, manifest_digest)
          VALUES (${created.id}, 1, ${message}, ${copied.count}, 0, ${copied.count}, (${latestManifestDigest(created.id)}))`,
    );
    return { id: created.id, copied: copied.count };
  });
  await refreshStatistics(db, forked.copied);
  return getDataset(db, project, { datasetId: forked.id });
}
