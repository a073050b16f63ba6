import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { contentHash } from "@/lib/hash";
import { syncDataset, type SyncExample } from "@/lib/sync";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { createCaller } from "../trpc/caller";
import { sweepAbandonedUpserts } from "./upsert-cleanup";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const example = (sourceId: string, text: string): SyncExample => ({ sourceId, input: { text }, output: {}, metadata: {} });

/** Staged rows per session: [session id, entries, unchanged chunks]. */
async function stagedBySession(): Promise<Record<string, [number, number]>> {
  const found = await rows<{ id: string; entries: number; unchanged: number }>(
    database.db,
    sql`SELECT s.id,
               (SELECT count(*) FROM upsert_entries e WHERE e.session_id = s.id)::int AS entries,
               (SELECT count(*) FROM upsert_unchanged u WHERE u.session_id = s.id)::int AS unchanged
        FROM upsert_sessions s`,
  );
  return Object.fromEntries(found.map((r) => [r.id, [r.entries, r.unchanged]]));
}

/** A session left after its manifest (two entries changed or new, two unchanged) and one payload. */
async function abandonedSession(datasetId: string): Promise<string> {
  const datasets = createCaller(database).datasets;
  const begin = await datasets.upsertBegin({ datasetId });
  const examples = [example("a", "A"), example("b", "B"), example("c", "changed"), example("new", "new")];
  const entries = await Promise.all(examples.map(async (e) => [e.sourceId, await contentHash(e)] as [string, string]));
  await datasets.upsertManifest({ sessionId: begin.sessionId, entries });
  await datasets.upsertPayload({ sessionId: begin.sessionId, examples: [{ ...examples[3], output: {}, metadata: {} }] });
  return begin.sessionId;
}

describe(`sweepAbandonedUpserts (${testDriver()})`, () => {
  it("drops sessions idle for over an hour with their staged rows, and nothing else", async () => {
    const v1 = await syncDataset({
      transport: createCaller(database).datasets,
      dataset: { datasetName: "swept" },
      examples: [example("a", "A"), example("b", "B"), example("c", "C")],
    });
    const abandoned = await abandonedSession(v1.datasetId);
    const recent = await abandonedSession(v1.datasetId);
    const fresh = await abandonedSession(v1.datasetId);
    expect(await stagedBySession()).toEqual({ [abandoned]: [2, 1], [recent]: [2, 1], [fresh]: [2, 1] });

    // Idle for just over the hour, and for just under it (another process may still be using it).
    await database.db.execute(sql`UPDATE upsert_sessions SET touched_at = now() - interval '61 minutes' WHERE id = ${abandoned}`);
    await database.db.execute(sql`UPDATE upsert_sessions SET touched_at = now() - interval '59 minutes' WHERE id = ${recent}`);

    const counts = async () =>
      (
        await rows<{ examples: number; revisions: number; versions: number; datasets: number; contents: number }>(
          database.db,
          sql`SELECT (SELECT count(*) FROM examples)::int AS examples, (SELECT count(*) FROM example_revisions)::int AS revisions,
                     (SELECT count(*) FROM dataset_versions)::int AS versions, (SELECT count(*) FROM datasets)::int AS datasets,
                     (SELECT count(*) FROM example_contents)::int AS contents`,
        )
      )[0];
    const before = await counts();
    // v1's three contents, and "new" stored once by the payloads of all three sessions.
    expect(before.contents).toBe(4);
    expect(await sweepAbandonedUpserts(database.db)).toBe(1);
    expect(await stagedBySession()).toEqual({ [recent]: [2, 1], [fresh]: [2, 1] });
    expect(await counts()).toEqual(before);
    expect(await sweepAbandonedUpserts(database.db)).toBe(0);

    // The sessions left go on: one commits as version 2.
    await createCaller(database).datasets.upsertPayload({ sessionId: fresh, examples: [{ ...example("c", "changed"), output: {}, metadata: {} }] });
    const committed = await createCaller(database).datasets.upsertCommit({ sessionId: fresh });
    expect(committed).toMatchObject({ versionNumber: 2, summary: { added: 1, updated: 1, deleted: 0, unchanged: 2 } });
    expect(Object.keys(await stagedBySession())).toEqual([recent]);
  });

  it("drops the contents that only a dropped session's payloads stored, and keeps shared ones", async () => {
    const datasets = createCaller(database).datasets;
    const v1 = await syncDataset({ transport: datasets, dataset: { datasetName: "contents" }, examples: [example("a", "A"), example("b", "B")] });
    const contents = async () =>
      (
        await rows<{ hash: string }>(database.db, sql`SELECT hash FROM example_contents WHERE dataset_id = ${v1.datasetId} ORDER BY hash`)
      ).map((r) => r.hash);
    const committed = await contents();
    expect(committed).toHaveLength(2);

    // Two sessions upload the same new content; a third re-sends content that v1 already has.
    const open = async (examples: SyncExample[]) => {
      const begin = await datasets.upsertBegin({ datasetId: v1.datasetId });
      const entries = await Promise.all(examples.map(async (e) => [e.sourceId, await contentHash(e)] as [string, string]));
      await datasets.upsertManifest({ sessionId: begin.sessionId, entries });
      await datasets.upsertPayload({ sessionId: begin.sessionId, examples: examples.map((e) => ({ ...e, output: {}, metadata: {} })) });
      return begin.sessionId;
    };
    const first = await open([example("c", "shared")]);
    const second = await open([example("d", "shared"), example("e", "only here")]);
    const third = await open([example("f", "A")]);
    expect(await contents()).toHaveLength(4);

    await database.db.execute(sql`UPDATE upsert_sessions SET touched_at = now() - interval '2 hours' WHERE id = ${second}`);
    expect(await sweepAbandonedUpserts(database.db)).toBe(1);
    // "only here" went with its session; "shared" stays for the first session.
    expect(await contents()).toHaveLength(3);
    expect(await datasets.upsertAbort({ sessionId: third })).toEqual({ sessionId: third, aborted: true });
    // "A" is v1's: kept.
    expect(await contents()).toHaveLength(3);
    expect(await datasets.upsertAbort({ sessionId: first })).toEqual({ sessionId: first, aborted: true });
    expect(await contents()).toEqual(committed);
  });
});
