import { sql, type SQL } from "drizzle-orm";
import { rows, toDate, type Db } from "@/db";
import { isUuid, type Dataset, type DatasetSelector, type Deleted, type Project } from "@/lib/contracts";
import { conflict, notFound } from "../errors";

interface DatasetRecord {
  id: string;
  project_id: string;
  name: string;
  description: string;
  params: Record<string, unknown>;
  forked_from_dataset_id: string | null;
  forked_from_version_id: string | null;
  created_at: unknown;
  updated_at: unknown;
  latest_version_id: string | null;
  latest_version: number | null;
  example_count: number;
  version_created_at: unknown;
  run_count: number;
  forked_from_name: string | null;
  forked_from_number: number | null;
}

// The dataset with its latest version, example count and runs, for list and get alike.
function selectDatasets(where: SQL, tail: SQL = sql``): SQL {
  return sql`
    SELECT d.id, d.project_id, d.name, d.description, d.params, d.forked_from_dataset_id, d.forked_from_version_id,
           d.created_at, d.updated_at,
           v.id AS latest_version_id, v.number AS latest_version, COALESCE(v.example_count, 0)::int AS example_count,
           v.created_at AS version_created_at,
           (SELECT count(*)::int FROM runs r WHERE r.dataset_id = d.id) AS run_count,
           fd.name AS forked_from_name, fv.number AS forked_from_number
    FROM datasets d
    LEFT JOIN LATERAL (
      SELECT id, number, example_count, created_at FROM dataset_versions
      WHERE dataset_id = d.id ORDER BY number DESC LIMIT 1
    ) v ON true
    LEFT JOIN datasets fd ON fd.id = d.forked_from_dataset_id AND fd.project_id = d.project_id
    LEFT JOIN dataset_versions fv ON fv.id = d.forked_from_version_id AND fd.id IS NOT NULL
    WHERE ${where}
    ${tail}`;
}

function toDataset(r: DatasetRecord): Dataset {
  const updatedAt = toDate(r.updated_at);
  const versionAt = r.version_created_at == null ? null : toDate(r.version_created_at);
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    description: r.description,
    params: r.params ?? {},
    exampleCount: Number(r.example_count),
    latestVersion: r.latest_version == null ? null : Number(r.latest_version),
    latestVersionId: r.latest_version_id,
    lastChangeAt: versionAt && versionAt > updatedAt ? versionAt : updatedAt,
    runCount: Number(r.run_count),
    forkedFrom: r.forked_from_dataset_id
      ? {
          datasetId: r.forked_from_dataset_id,
          versionId: r.forked_from_version_id,
          datasetName: r.forked_from_name,
          versionNumber: r.forked_from_number == null ? null : Number(r.forked_from_number),
        }
      : null,
    createdAt: toDate(r.created_at),
    updatedAt,
  };
}

/** The id of the selected dataset of the project; NOT_FOUND naming the id or name otherwise. */
export async function requireDatasetId(db: Db, projectId: string, selector: DatasetSelector): Promise<string> {
  if (selector.datasetId !== undefined) {
    if (!isUuid(selector.datasetId)) throw notFound("dataset", selector.datasetId);
    const [found] = await rows<{ id: string }>(
      db,
      sql`SELECT id FROM datasets WHERE id = ${selector.datasetId} AND project_id = ${projectId}`,
    );
    if (!found) throw notFound("dataset", selector.datasetId);
    return found.id;
  }
  const name = selector.datasetName ?? "";
  const [found] = await rows<{ id: string }>(db, sql`SELECT id FROM datasets WHERE name = ${name} AND project_id = ${projectId}`);
  if (!found) throw notFound("dataset", name);
  return found.id;
}

export async function getDataset(db: Db, project: Project, selector: DatasetSelector): Promise<Dataset> {
  const id = await requireDatasetId(db, project.id, selector);
  const [found] = await rows<DatasetRecord>(db, selectDatasets(sql`d.id = ${id}`));
  if (!found) throw notFound("dataset", id);
  return toDataset(found);
}

const encodeCursor = (name: string) => Buffer.from(name, "utf8").toString("base64url");
const decodeCursor = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8");

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Datasets of the project by name, keyset-paged; `search` matches a part of the name. */
export async function listDatasets(
  db: Db,
  project: Project,
  input: { search?: string; cursor?: string | null; limit: number },
): Promise<{ items: Dataset[]; nextCursor: string | null }> {
  const conditions = [sql`d.project_id = ${project.id}`];
  if (input.search) conditions.push(sql`d.name ILIKE ${likePattern(input.search)}`);
  if (input.cursor) conditions.push(sql`d.name > ${decodeCursor(input.cursor)}`);
  const found = await rows<DatasetRecord>(
    db,
    selectDatasets(sql.join(conditions, sql` AND `), sql`ORDER BY d.name LIMIT ${input.limit + 1}`),
  );
  const items = found.slice(0, input.limit).map(toDataset);
  const nextCursor = found.length > input.limit ? encodeCursor(items[items.length - 1].name) : null;
  return { items, nextCursor };
}

export async function createDataset(
  db: Db,
  project: Project,
  input: { name: string; description: string; params: Record<string, unknown> },
): Promise<Dataset> {
  const [created] = await rows<{ id: string }>(
    db,
    sql`INSERT INTO datasets (project_id, name, description, params)
        VALUES (${project.id}, ${input.name}, ${input.description}, ${JSON.stringify(input.params)}::jsonb)
        ON CONFLICT (project_id, name) DO NOTHING RETURNING id`,
  );
  if (!created) throw conflict(`dataset '${input.name}' already exists`);
  return getDataset(db, project, { datasetId: created.id });
}

export async function updateDataset(
  db: Db,
  project: Project,
  input: { datasetId: string; description?: string; params?: Record<string, unknown> },
): Promise<Dataset> {
  const id = await requireDatasetId(db, project.id, { datasetId: input.datasetId });
  const sets = [sql`updated_at = now()`];
  if (input.description !== undefined) sets.push(sql`description = ${input.description}`);
  if (input.params !== undefined) sets.push(sql`params = ${JSON.stringify(input.params)}::jsonb`);
  await db.execute(sql`UPDATE datasets SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
  return getDataset(db, project, { datasetId: id });
}

/** Deletes the dataset with its versions and examples; refuses while runs reference it unless `force`. */
export async function deleteDataset(db: Db, project: Project, input: { datasetId: string; force: boolean }): Promise<Deleted> {
  return db.transaction(async (tx) => {
    const id = await requireDatasetId(tx, project.id, { datasetId: input.datasetId });
    // Lock the row so a run cannot start referencing the dataset between the check and the delete.
    await tx.execute(sql`SELECT id FROM datasets WHERE id = ${id} FOR UPDATE`);
    if (!input.force) {
      const [{ runs }] = await rows<{ runs: number }>(tx, sql`SELECT count(*)::int AS runs FROM runs WHERE dataset_id = ${id}`);
      if (runs > 0) {
        throw conflict(`dataset '${id}' is referenced by ${runs} run(s); delete them first or pass force: true`);
      }
    }
    await tx.execute(sql`DELETE FROM datasets WHERE id = ${id}`);
    return { id, deleted: true as const };
  });
}
