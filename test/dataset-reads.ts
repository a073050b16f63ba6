import { sql } from "drizzle-orm";
import { rows } from "@/db";
import { createCaller } from "@/server/trpc/caller";
import type { TestDatabase } from "./db";

/**
 * What a dataset holds, read back for assertions: its examples at a version (and matching a
 * search) through the public API (keyset pages of `pageSize`, 2 by default to exercise the
 * cursor), their questions by source id, and the revision kinds a version wrote. `database` is
 * called at each read (test files open theirs in beforeAll).
 */
export function datasetReads(database: () => TestDatabase, pageSize = 2) {
  const caller = () => createCaller(database());

  async function examplesAt(datasetId: string, version?: number, search?: string) {
    const all = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof caller>["examples"]["list"]>> = await caller().examples.list({
        datasetId,
        version,
        search,
        cursor,
        limit: pageSize,
      });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  async function contentAt(datasetId: string, version?: number) {
    return Object.fromEntries((await examplesAt(datasetId, version)).map((e) => [e.sourceId, e.input.question]));
  }

  async function revisionKinds(datasetId: string, version: number) {
    const found = await rows<{ source_id: string; kind: string }>(
      database().db,
      sql`SELECT x.source_id, r.kind FROM example_revisions r JOIN examples x ON x.id = r.example_id
          WHERE r.dataset_id = ${datasetId} AND r.valid_from = ${version} ORDER BY x.source_id`,
    );
    return Object.fromEntries(found.map((r) => [r.source_id, r.kind]));
  }

  return { examplesAt, contentAt, revisionKinds };
}
