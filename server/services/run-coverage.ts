import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rows, type Db } from "@/db";
import { exampleRevisions } from "@/db/schema";
import { isUuid } from "@/lib/contracts";
import { notFound } from "../errors";
import { revisionVisibleAt } from "./visibility";

/** What the result and compare queries need to know about a run, without its datapoint array. */
export interface RunCore {
  id: string;
  name: string;
  status: string;
  datasetId: string | null;
  datasetVersionId: string | null;
  versionNumber: number | null;
  datapointCount: number;
  /** Examples at the run's version (null without a version). */
  exampleCount: number | null;
}

interface RunCoreRecord {
  id: string;
  name: string;
  status: string;
  dataset_id: string | null;
  dataset_version_id: string | null;
  version_number: number | null;
  datapoint_count: number;
  example_count: number | null;
}

/** The runs of the project with these ids, in no particular order; `lock` locks their rows. */
export async function findRunCores(db: Db, projectId: string, ids: string[], lock: "share" | "update" | null = null): Promise<RunCore[]> {
  const uuids = ids.filter(isUuid);
  if (uuids.length === 0) return [];
  const found = await rows<RunCoreRecord>(
    db,
    sql`SELECT r.id, r.name, r.status, r.dataset_id, r.dataset_version_id, v.number AS version_number,
               cardinality(r.datapoint_ids)::int AS datapoint_count, v.example_count
        FROM runs r LEFT JOIN dataset_versions v ON v.id = r.dataset_version_id
        WHERE r.project_id = ${projectId} AND r.id = ANY(${uuidArray(uuids)}::uuid[])
        ${lock === "share" ? sql`FOR SHARE OF r` : lock === "update" ? sql`FOR UPDATE OF r` : sql``}`,
  );
  return found.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    datasetId: r.dataset_id,
    datasetVersionId: r.dataset_version_id,
    versionNumber: r.version_number == null ? null : Number(r.version_number),
    datapointCount: Number(r.datapoint_count),
    exampleCount: r.example_count == null ? null : Number(r.example_count),
  }));
}

/** The run of the project; NOT_FOUND naming the id otherwise (also for ids that are not uuids). */
export async function requireRunCore(db: Db, projectId: string, id: string, lock: "share" | "update" | null = null): Promise<RunCore> {
  const [run] = await findRunCores(db, projectId, [id], lock);
  if (!run) throw notFound("run", id);
  return run;
}

// Typed as the table: revisionVisibleAt only reads its columns, which render as "cv"."...".
const covering = alias(exampleRevisions, "cv") as unknown as typeof exampleRevisions;

/**
 * One row of booleans `p0..pn` (one per run, in order): whether each run covers the example
 * `exampleId`, i.e. has it among its datapoints. Use it as `CROSS JOIN LATERAL ... AS cov`.
 *
 * Creation checks that a run's datapoints are distinct examples present at its version, so a run
 * with as many datapoints as its version has examples covers exactly the examples at that version:
 * that is answered from the example's few revisions (one index probe for all such runs) instead of
 * a search through an array of up to a million ids. Other runs use their datapoint array, hashed
 * once per query. As a lateral aggregate the row is computed once per example, which also keeps
 * PostgreSQL from replacing the probes with scans of every revision.
 */
export function runsCoverage(runs: RunCore[], exampleId: SQL): SQL {
  const columns = runs.map((run, k) => sql`${covers(run, exampleId)} AS ${sql.raw(`p${k}`)}`);
  // count(*) makes it an aggregate: exactly one row per example, even one without revisions.
  return sql`(SELECT count(*) AS revisions, ${sql.join(columns, sql`, `)} FROM example_revisions cv WHERE cv.example_id = ${exampleId})`;
}

function covers(run: RunCore, exampleId: SQL): SQL {
  if (run.datasetId === null || run.versionNumber === null || run.datapointCount === 0) return sql`false`;
  if (run.exampleCount === run.datapointCount) {
    return sql`COALESCE(bool_or(cv.dataset_id = ${run.datasetId}::uuid AND ${revisionVisibleAt(run.versionNumber, covering)}), false)`;
  }
  return sql`(${exampleId} IN (SELECT unnest(datapoint_ids) FROM runs WHERE id = ${run.id}::uuid))`;
}

/** A PostgreSQL array literal of uuids, to send many ids as one parameter (cast it with ::uuid[]). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(",")}}`;
}
