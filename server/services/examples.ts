import { sql, type SQL } from "drizzle-orm";
import { rows, toDate, type Db } from "@/db";
import { isUuid, type Example, type ExampleDetail, type Project, type Revision } from "@/lib/contracts";
import { notFound } from "../errors";
import { likePattern, requireDatasetId } from "./datasets";
import { examplesAtVersion, parseIntCursor, resolveVersion } from "./versions";
import { contentOf } from "./visibility";

/** The examples at a version (default: the latest), in insertion order, keyset-paged by ordinal. */
export async function listExamples(
  db: Db,
  project: Project,
  input: { datasetId: string; version?: number; search?: string; cursor?: string | null; limit: number },
): Promise<{ version: number | null; items: Example[]; nextCursor: string | null }> {
  const datasetId = await requireDatasetId(db, project.id, { datasetId: input.datasetId });
  const version = await resolveVersion(db, datasetId, input.version);
  if (!version) return { version: null, items: [], nextCursor: null };
  let match: SQL | undefined;
  if (input.search) {
    const pattern = likePattern(input.search);
    match = sql`(x.source_id ILIKE ${pattern} OR c.input::text ILIKE ${pattern} OR c.output::text ILIKE ${pattern} OR c.metadata::text ILIKE ${pattern})`;
  }
  const page = await examplesAtVersion(db, datasetId, version.number, parseIntCursor(input.cursor), input.limit, match);
  const items = page.items.map(
    (r): Example => ({
      id: r.id,
      datasetId,
      sourceId: r.source_id,
      ordinal: Number(r.ordinal),
      revisedAt: Number(r.valid_from),
      kind: r.kind,
      hash: r.hash,
      input: r.input,
      output: r.output,
      metadata: r.metadata,
      createdAt: toDate(r.created_at),
    }),
  );
  // With a text filter a page may stop short (scan budget): the cursor is where reading stopped.
  const nextCursor = page.more && page.resumeAfter !== null ? String(page.resumeAfter) : null;
  return { version: version.number, items, nextCursor };
}

interface RevisionRecord {
  kind: Revision["kind"];
  valid_from: number;
  valid_to: number | null;
  hash: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** One example (by id or source id) with every revision, newest first. */
export async function getExample(
  db: Db,
  project: Project,
  input: { datasetId: string; exampleId?: string; sourceId?: string },
): Promise<ExampleDetail> {
  const datasetId = await requireDatasetId(db, project.id, { datasetId: input.datasetId });
  const key = (input.exampleId ?? input.sourceId)!;
  if (input.exampleId !== undefined && !isUuid(input.exampleId)) throw notFound("example", key);
  const [example] = await rows<{ id: string; source_id: string | null; ordinal: number | string; created_at: unknown }>(
    db,
    sql`SELECT id, source_id, ordinal, created_at FROM examples
        WHERE dataset_id = ${datasetId} AND ${input.exampleId !== undefined ? sql`id = ${input.exampleId}` : sql`source_id = ${input.sourceId}`}`,
  );
  if (!example) throw notFound("example", key);
  const history = await rows<RevisionRecord>(
    db,
    sql`SELECT r.kind, r.valid_from, r.valid_to, r.hash,
               COALESCE(c.input, '{}') AS input, COALESCE(c.output, '{}') AS output, COALESCE(c.metadata, '{}') AS metadata
        FROM example_revisions r LEFT JOIN LATERAL (${contentOf(sql`${datasetId}::uuid`, sql`r.hash`)}) c ON true
        WHERE r.example_id = ${example.id} ORDER BY r.valid_from DESC`,
  );
  return {
    id: example.id,
    datasetId,
    sourceId: example.source_id,
    ordinal: Number(example.ordinal),
    createdAt: toDate(example.created_at),
    history: history.map((r) => ({
      kind: r.kind,
      validFrom: Number(r.valid_from),
      validTo: r.valid_to == null ? null : Number(r.valid_to),
      hash: r.hash,
      input: r.input,
      output: r.output,
      metadata: r.metadata,
    })),
  };
}
