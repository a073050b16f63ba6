import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { contentHash } from "@/lib/hash";
import { syncDataset, type SyncExample } from "@/lib/sync";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { errorOf } from "@/test/errors";
import { createCaller } from "../trpc/caller";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const caller = (project?: string) => createCaller(database, project ? { "x-cairn-project": project } : {});
const example = (sourceId: string, question: string): SyncExample => ({ sourceId, input: { question }, output: {}, metadata: {} });
const sync = (datasetName: string, examples: SyncExample[], project?: string) =>
  syncDataset({ transport: caller(project).datasets, dataset: { datasetName }, examples });

async function questionsAt(datasetId: string, version?: number) {
  const page = await caller().examples.list({ datasetId, version, limit: 200 });
  return page.items.map((e) => `${e.sourceId}=${e.input.question}`);
}

describe(`datasets router (${testDriver()})`, () => {
  it("creates with description and params, gets by id or name, updates and returns the dataset", async () => {
    const c = caller();
    const created = await c.datasets.create({ name: "  qa  ", description: "questions", params: { model: "m1", k: 3 } });
    expect(created).toMatchObject({
      name: "qa",
      description: "questions",
      params: { model: "m1", k: 3 },
      exampleCount: 0,
      latestVersion: null,
      latestVersionId: null,
      runCount: 0,
      forkedFrom: null,
    });
    expect(await c.datasets.get({ datasetId: created.id })).toEqual(created);
    expect(await c.datasets.get({ datasetName: "qa" })).toEqual(created);
    const updated = await c.datasets.update({ datasetId: created.id, params: { model: "m2" } });
    expect(updated).toMatchObject({ id: created.id, description: "questions", params: { model: "m2" } });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    const described = await c.datasets.update({ datasetId: created.id, description: "" });
    expect(described).toMatchObject({ description: "", params: { model: "m2" } });
    expect(await c.datasets.get({ datasetName: "qa" })).toEqual(described);
  });

  it("rejects a duplicate name with CONFLICT, bad input with BAD_REQUEST, unknown ids with NOT_FOUND", async () => {
    const c = caller();
    await c.datasets.create({ name: "dup" });
    expect((await errorOf(c.datasets.create({ name: "dup" }))).code).toBe("CONFLICT");
    expect((await errorOf(c.datasets.create({ name: " " }))).code).toBe("BAD_REQUEST");
    const params = await errorOf(c.datasets.create({ name: "p", params: [1, 2] as never }));
    expect(params.code).toBe("BAD_REQUEST");
    expect(params.message).toContain("params");
    expect((await errorOf(c.datasets.get({ datasetName: "dup", datasetId: "x" }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(c.datasets.get({}))).code).toBe("BAD_REQUEST");
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const call of [
      () => c.datasets.get({ datasetId: missing }),
      () => c.datasets.update({ datasetId: missing, description: "x" }),
      () => c.datasets.delete({ datasetId: missing }),
      () => c.datasets.fork({ datasetId: missing, name: "f" }),
    ]) {
      const error = await errorOf(call());
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toContain(missing);
    }
    expect((await errorOf(c.datasets.get({ datasetName: "nope" }))).message).toContain("nope");
    expect((await errorOf(c.datasets.get({ datasetId: "not-a-uuid" }))).code).toBe("NOT_FOUND");
  });

  it("lists with example count, latest version and runs, keyset-paged, with a name search", async () => {
    const other = await caller().projects.create({ name: "listing" });
    const c = caller(other.name);
    for (const name of ["alpha", "beta", "gamma", "delta", "alphabet"]) await c.datasets.create({ name });
    const synced = await sync("beta", [example("a", "A"), example("b", "B")], other.name);
    await sync("beta", [example("a", "A")], other.name);
    const [{ id: runId }] = await rows<{ id: string }>(
      database.db,
      sql`INSERT INTO runs (project_id, name, dataset_id) VALUES (${other.id}, 'r', ${synced.datasetId}) RETURNING id`,
    );
    expect(runId).toBeTruthy();

    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof c.datasets.list>> = await c.datasets.list({ cursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      names.push(...page.items.map((d) => d.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(["alpha", "alphabet", "beta", "delta", "gamma"]);

    const beta = (await c.datasets.list({ search: "bet", limit: 10 })).items;
    expect(beta.map((d) => d.name)).toEqual(["alphabet", "beta"]);
    expect(beta[1]).toMatchObject({ exampleCount: 1, latestVersion: 2, runCount: 1 });
    expect(beta[1].lastChangeAt.getTime()).toBeGreaterThanOrEqual(beta[1].createdAt.getTime());
    expect((await c.datasets.list({ search: "%", limit: 10 })).items).toEqual([]);
    // Datasets of the default project are not listed here, and vice versa.
    expect((await caller().datasets.list({ search: "alphabet", limit: 10 })).items).toEqual([]);
  });

  it("treats a dataset of another project as not found", async () => {
    const other = await caller().projects.create({ name: "elsewhere" });
    const mine = await caller().datasets.create({ name: "private" });
    const foreign = caller(other.name);
    for (const call of [
      () => foreign.datasets.get({ datasetId: mine.id }),
      () => foreign.datasets.get({ datasetName: "private" }),
      () => foreign.datasets.update({ datasetId: mine.id, description: "stolen" }),
      () => foreign.datasets.delete({ datasetId: mine.id }),
      () => foreign.datasets.upsertBegin({ datasetId: mine.id }),
      () => foreign.versions.list({ datasetId: mine.id }),
      () => foreign.examples.list({ datasetId: mine.id }),
    ]) {
      expect((await errorOf(call())).code).toBe("NOT_FOUND");
    }
    expect((await caller().datasets.get({ datasetId: mine.id })).description).toBe("");
  });

  it("refuses to delete while runs reference the dataset, unless forced", async () => {
    const c = caller();
    const { datasetId } = await sync("in-use", [example("a", "A")]);
    const [project] = await rows<{ id: string }>(database.db, sql`SELECT id FROM projects WHERE name = 'default'`);
    await database.db.execute(sql`INSERT INTO runs (project_id, name, dataset_id) VALUES (${project.id}, 'run', ${datasetId})`);
    const refused = await errorOf(c.datasets.delete({ datasetId }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain("1 run");
    expect((await c.datasets.get({ datasetId })).runCount).toBe(1);
    expect(await c.datasets.delete({ datasetId, force: true })).toEqual({ id: datasetId, deleted: true });
    expect((await errorOf(c.datasets.get({ datasetId }))).code).toBe("NOT_FOUND");
    const [{ left }] = await rows<{ left: number }>(
      database.db,
      sql`SELECT (SELECT count(*) FROM examples WHERE dataset_id = ${datasetId}) + (SELECT count(*) FROM runs WHERE dataset_id = ${datasetId})::int AS left`,
    );
    expect(Number(left)).toBe(0);
    const plain = await c.datasets.create({ name: "unused" });
    expect(await c.datasets.delete({ datasetId: plain.id })).toEqual({ id: plain.id, deleted: true });
  });

  it("takes every row of the dataset with it: examples, revisions, contents, results, open upserts (and so does its project)", async () => {
    const c = caller();
    const leftOf = async (datasetIds: string[]) =>
      (
        await rows<Record<string, number>>(
          database.db,
          sql`WITH d AS (SELECT unnest(${`{${datasetIds.join(",")}}`}::uuid[]) AS id)
              SELECT (SELECT count(*) FROM examples WHERE dataset_id IN (SELECT id FROM d))::int AS examples,
                     (SELECT count(*) FROM example_revisions WHERE dataset_id IN (SELECT id FROM d))::int AS revisions,
                     (SELECT count(*) FROM example_contents WHERE dataset_id IN (SELECT id FROM d))::int AS contents,
                     (SELECT count(*) FROM dataset_versions WHERE dataset_id IN (SELECT id FROM d))::int AS versions,
                     (SELECT count(*) FROM results r JOIN examples x ON x.id = r.example_id WHERE x.dataset_id IN (SELECT id FROM d))::int AS results,
                     (SELECT count(*) FROM upsert_sessions WHERE dataset_id IN (SELECT id FROM d))::int AS sessions,
                     (SELECT count(*) FROM upsert_entries e WHERE NOT EXISTS (SELECT 1 FROM upsert_sessions s WHERE s.id = e.session_id))::int AS orphan_entries`,
        )
      )[0];
    const none = { examples: 0, revisions: 0, contents: 0, versions: 0, results: 0, sessions: 0, orphan_entries: 0 };
    // A dataset with two versions, a run with a result, and an upload in progress (staged + stored).
    const populate = async (project: string | undefined, name: string) => {
      const p = caller(project);
      const { datasetId } = await sync(name, [example("a", "A"), example("b", "B")], project);
      await sync(name, [example("a", "A2"), example("c", "C")], project);
      const run = await p.runs.create({ name: `${name}-run`, datasetId });
      const [datapoint] = (await p.examples.list({ datasetId, limit: 1 })).items;
      await p.results.record({ runId: run.id, results: [{ datapointId: datapoint.id, output: { a: 1 } }] });
      const begin = await p.datasets.upsertBegin({ datasetId });
      const pending = example("d", "D");
      await p.datasets.upsertManifest({ sessionId: begin.sessionId, entries: [["d", await contentHash(pending)]] });
      await p.datasets.upsertPayload({ sessionId: begin.sessionId, examples: [{ ...pending, output: {}, metadata: {} }] });
      return datasetId;
    };

    const datasetId = await populate(undefined, "doomed");
    const kept = await populate(undefined, "kept");
    const before = await leftOf([kept]);
    expect(before).toMatchObject({ examples: 3, revisions: 5, contents: 5, versions: 2, results: 1, sessions: 1 });
    expect(await c.datasets.delete({ datasetId, force: true })).toEqual({ id: datasetId, deleted: true });
    expect(await leftOf([datasetId])).toEqual(none);
    expect(await leftOf([kept])).toEqual(before);

    const project = await c.projects.create({ name: "doomed-project" });
    const inProject = [await populate(project.name, "one"), await populate(project.name, "two")];
    expect(await c.projects.delete({ id: project.id })).toEqual({ id: project.id, deleted: true });
    expect(await leftOf(inProject)).toEqual(none);
    expect(await leftOf([kept])).toEqual(before);
  });

  it("forks at a version: examples and source ids carried over, params inherited unless named", async () => {
    const c = caller();
    const source = await c.datasets.create({ name: "src", description: "the source", params: { model: "m1", temperature: 0, k: 5 } });
    await syncDataset({ transport: c.datasets, dataset: { datasetId: source.id }, examples: [example("a", "A"), example("b", "B")] });
    await syncDataset({ transport: c.datasets, dataset: { datasetId: source.id }, examples: [example("b", "B2"), example("c", "C")] });

    const forked = await c.datasets.fork({ datasetId: source.id, version: 1, name: "src-v1" });
    expect(forked).toMatchObject({
      name: "src-v1",
      description: "the source",
      params: { model: "m1", temperature: 0, k: 5 },
      latestVersion: 1,
      exampleCount: 2,
      forkedFrom: { datasetId: source.id, datasetName: "src", versionNumber: 1 },
    });
    expect(await questionsAt(forked.id)).toEqual(["a=A", "b=B"]);
    const [version] = (await c.versions.list({ datasetId: forked.id })).items;
    expect(version).toMatchObject({ number: 1, summary: { added: 2, updated: 0, deleted: 0, unchanged: 0 }, exampleCount: 2 });

    // Only the named params change; a value equal to the source's is kept as is, others inherited.
    const tuned = await c.datasets.fork({ datasetName: "src", name: "src-hot", params: { temperature: 0.7, k: 5 } });
    expect(tuned.params).toEqual({ model: "m1", temperature: 0.7, k: 5 });
    expect(await questionsAt(tuned.id)).toEqual(["b=B2", "c=C"]);
    const zero = await c.datasets.fork({ datasetId: tuned.id, name: "src-cold", params: { temperature: 0 }, description: "cold" });
    expect(zero).toMatchObject({ description: "cold", params: { model: "m1", temperature: 0, k: 5 } });

    // The fork syncs on its own: changing it leaves the source untouched.
    const again = await syncDataset({ transport: c.datasets, dataset: { datasetId: forked.id }, examples: [example("a", "A"), example("b", "B")] });
    expect(again.noop).toBe(true);
    await syncDataset({ transport: c.datasets, dataset: { datasetId: forked.id }, examples: [example("z", "Z")] });
    expect(await questionsAt(source.id)).toEqual(["b=B2", "c=C"]);

    expect((await errorOf(c.datasets.fork({ datasetId: source.id, name: "src" }))).code).toBe("CONFLICT");
    expect((await errorOf(c.datasets.fork({ datasetId: source.id, version: 9, name: "nine" }))).code).toBe("NOT_FOUND");
    expect((await c.datasets.list({ search: "nine", limit: 5 })).items).toEqual([]);
    const empty = await c.datasets.create({ name: "blank", params: { p: 1 } });
    expect(await c.datasets.fork({ datasetId: empty.id, name: "blank-2" })).toMatchObject({ params: { p: 1 }, latestVersion: null, exampleCount: 0 });
  });
});
