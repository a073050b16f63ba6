import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";
import { entryDigest } from "@/server/services/manifest-buckets";

export interface SeedExample {
  sourceId: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface SeededDataset {
  datasetId: string;
  versions: Array<{ id: string; number: number }>;
  exampleIds: Map<string, string>;
}

interface Revision {
  exampleId: string;
  validFrom: number;
  kind: "CREATE" | "PATCH" | "DELETE";
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  metadata: Record<string, unknown>;
  hash: string;
}

const CHUNK = 5_000;

/**
 * Test data without the upsert engine: `versions[k]` is the whole dataset at version k + 1
 * (mirror semantics). Writes the dataset, its examples, CREATE/PATCH/DELETE revisions with their
 * valid_from/valid_to ranges and the version rows directly, in bulk statements, in one transaction.
 */
export async function seedDataset(
  db: Db,
  options: { projectId: string; name: string; description?: string; versions: SeedExample[][] },
): Promise<SeededDataset> {
  const exampleIds = new Map<string, string>();
  const newExamples: Array<{ id: string; sourceId: string }> = [];
  const revisions: Revision[] = [];
  // sourceId -> its open revision (content hash, or null when the open revision is a DELETE)
  const current = new Map<string, { hash: string | null; revision: Revision }>();
  const closings: Array<{ revision: Revision; validTo: number }> = [];
  const summaries: Array<{ added: number; updated: number; deleted: number; unchanged: number; exampleCount: number }> = [];

  options.versions.forEach((examples, index) => {
    const number = index + 1;
    const seen = new Set<string>();
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    let deleted = 0;
    const open = (sourceId: string, kind: Revision["kind"], example: SeedExample | null, hash: string) => {
      const previous = current.get(sourceId);
      if (previous) closings.push({ revision: previous.revision, validTo: number });
      const revision: Revision = {
        exampleId: exampleIds.get(sourceId)!,
        validFrom: number,
        kind,
        input: example?.input ?? {},
        output: example?.output ?? {},
        metadata: example?.metadata ?? {},
        hash,
      };
      revisions.push(revision);
      current.set(sourceId, { hash: kind === "DELETE" ? null : hash, revision });
    };
    for (const example of examples) {
      if (seen.has(example.sourceId)) throw new Error(`seed: duplicate sourceId '${example.sourceId}' in version ${number}`);
      seen.add(example.sourceId);
      const hash = contentHash(example);
      if (!exampleIds.has(example.sourceId)) {
        const id = randomUUID();
        exampleIds.set(example.sourceId, id);
        newExamples.push({ id, sourceId: example.sourceId });
      }
      const previous = current.get(example.sourceId);
      if (!previous || previous.hash === null) {
        open(example.sourceId, "CREATE", example, hash);
        added++;
      } else if (previous.hash !== hash) {
        open(example.sourceId, "PATCH", example, hash);
        updated++;
      } else {
        unchanged++;
      }
    }
    for (const [sourceId, state] of current) {
      if (state.hash !== null && !seen.has(sourceId)) {
        open(sourceId, "DELETE", null, state.hash);
        deleted++;
      }
    }
    summaries.push({ added, updated, deleted, unchanged, exampleCount: examples.length });
  });
  const validTo = new Map(closings.map((c) => [c.revision, c.validTo]));

  return db.transaction(async (tx) => {
    const [dataset] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO datasets (project_id, name, description) VALUES (${options.projectId}, ${options.name}, ${options.description ?? ""}) RETURNING id`,
    );
    for (let i = 0; i < newExamples.length; i += CHUNK) {
      const chunk = newExamples.slice(i, i + CHUNK).map((e, j) => ({ id: e.id, source_id: e.sourceId, n: i + j }));
      // ORDER BY keeps ordinals in file order.
      await tx.execute(sql`
        INSERT INTO examples (id, dataset_id, source_id)
        SELECT x.id, ${dataset.id}::uuid, x.source_id
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(id uuid, source_id text, n int)
        ORDER BY x.n`);
    }
    for (let i = 0; i < revisions.length; i += CHUNK) {
      const chunk = revisions.slice(i, i + CHUNK).map((r) => ({
        example_id: r.exampleId,
        valid_from: r.validFrom,
        valid_to: validTo.get(r) ?? null,
        kind: r.kind,
        hash: r.hash,
      }));
      await tx.execute(sql`
        INSERT INTO example_revisions (example_id, dataset_id, valid_from, valid_to, kind, hash)
        SELECT x.example_id, ${dataset.id}::uuid, x.valid_from, x.valid_to, x.kind, x.hash
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(example_id uuid, valid_from int, valid_to int, kind text, hash text)`);
    }
    // Contents, once per hash (content-addressed, see db/schema/examples.ts).
    const contents = [...new Map(revisions.filter((r) => r.kind !== "DELETE").map((r) => [r.hash, r])).values()];
    for (let i = 0; i < contents.length; i += CHUNK) {
      const chunk = contents.slice(i, i + CHUNK).map((r) => ({ hash: r.hash, input: r.input, output: r.output, metadata: r.metadata }));
      await tx.execute(sql`
        INSERT INTO example_contents (dataset_id, hash, input, output, metadata)
        SELECT ${dataset.id}::uuid, x.hash, x.input, x.output, x.metadata
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(hash text, input jsonb, output jsonb, metadata jsonb)`);
    }
    // examples.latest_hash: the content in force at the latest version (see db/schema/examples.ts).
    await tx.execute(sql`
      UPDATE examples x SET latest_hash = r.hash, latest_digest = ${entryDigest(sql`x.source_id`, sql`r.hash`)} FROM example_revisions r
      WHERE x.dataset_id = ${dataset.id} AND r.example_id = x.id AND r.valid_to IS NULL AND r.kind <> 'DELETE'`);
    const versions: Array<{ id: string; number: number }> = [];
    let parentId: string | null = null;
    for (const [index, s] of summaries.entries()) {
      const [version]: Array<{ id: string; number: number }> = await rows<{ id: string; number: number }>(
        tx,
        sql`INSERT INTO dataset_versions (dataset_id, number, message, parent_id, added, updated, deleted, unchanged, example_count)
            VALUES (${dataset.id}, ${index + 1}, ${`seed v${index + 1}`}, ${parentId}, ${s.added}, ${s.updated}, ${s.deleted}, ${s.unchanged}, ${s.exampleCount})
            RETURNING id, number`,
      );
      versions.push(version);
      parentId = version.id;
    }
    return { datasetId: dataset.id, versions, exampleIds };
  });
}

function contentHash(example: SeedExample): string {
  const text = JSON.stringify({ input: example.input, output: example.output ?? {}, metadata: example.metadata ?? {} });
  return createHash("sha256").update(text).digest("hex");
}
