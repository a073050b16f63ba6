import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { detailsOf, errorOf } from "@/test/errors";
import { seedDataset, type SeededDataset } from "@/test/seed";
import { createCaller } from "../trpc/caller";
import { createContext } from "../trpc/context";
import { appRouter } from ".";

let database: TestDatabase;
let projectId: string;
let dataset: SeededDataset;
let empty: SeededDataset;
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  database = await createTestDatabase();
  const [project] = await rows<{ id: string }>(database.db, sql`SELECT id FROM projects WHERE name = 'default'`);
  projectId = project.id;
  // v1: a b c d; v2: a, b patched, c deleted, d, e added.
  dataset = await seedDataset(database.db, {
    projectId,
    name: "qa",
    versions: [
      [
        { sourceId: "a", input: { q: "a" }, output: { a: 1 } },
        { sourceId: "b", input: { q: "b" }, output: { a: 2 } },
        { sourceId: "c", input: { q: "c" } },
        { sourceId: "d", input: { q: "d" } },
      ],
      [
        { sourceId: "a", input: { q: "a" }, output: { a: 1 } },
        { sourceId: "b", input: { q: "b" }, output: { a: 3 } },
        { sourceId: "d", input: { q: "d" } },
        { sourceId: "e", input: { q: "e" } },
      ],
    ],
  });
  empty = await seedDataset(database.db, { projectId, name: "empty", versions: [] });
});
afterAll(async () => {
  await database.destroy();
});

async function runCount(): Promise<number> {
  const [row] = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM runs`);
  return Number(row.n);
}

const id = (sourceId: string) => dataset.exampleIds.get(sourceId)!;

describe(`runs router (${testDriver()})`, () => {
  it("creates a run pinned to the latest version with every datapoint, top-level, metadata untouched", async () => {
    const caller = createCaller(database);
    const created = await caller.runs.create({
      name: "gpt-x baseline",
      datasetId: dataset.datasetId,
      configuration: { model: "gpt-x", temperature: 0 },
      metadata: { owner: "ana" },
    });
    expect(created).toMatchObject({
      name: "gpt-x baseline",
      status: "pending",
      datasetId: dataset.datasetId,
      datasetName: "qa",
      datasetVersionId: dataset.versions[1].id,
      datasetVersionNumber: 2,
      externalDatasetId: null,
      datapointIds: [id("a"), id("b"), id("d"), id("e")],
      datapointCount: 4,
      eventIds: [],
      configuration: { model: "gpt-x", temperature: 0 },
      metadata: { owner: "ana" },
      startedAt: null,
      endedAt: null,
    });
    expect(await caller.runs.get({ id: created.id })).toEqual(created);
    const listed = await caller.runs.list({});
    const { headlineMetrics, ...row } = listed.items.find((r) => r.id === created.id)!;
    expect(row).toEqual(created);
    expect(headlineMetrics).toEqual([]);
  });

  it("stores an explicit version, datapoints and event ids exactly as written", async () => {
    const caller = createCaller(database);
    const created = await caller.runs.create({
      name: "subset",
      datasetId: dataset.datasetId,
      datasetVersionId: dataset.versions[0].id,
      datapointIds: [id("c"), id("a")],
      eventIds: ["evt-1", "evt-2"],
      status: "running",
    });
    const read = await caller.runs.get({ id: created.id });
    expect(read).toMatchObject({
      datasetVersionId: dataset.versions[0].id,
      datasetVersionNumber: 1,
      datapointIds: [id("c"), id("a")],
      eventIds: ["evt-1", "evt-2"],
      metadata: {},
      configuration: {},
      status: "running",
    });
    expect(read.startedAt).toBeInstanceOf(Date);
  });

  it("answers NOT_FOUND naming a missing dataset and writes nothing", async () => {
    const caller = createCaller(database);
    const before = await runCount();
    const missing = await errorOf(caller.runs.create({ name: "r", datasetId: MISSING }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain(MISSING);
    const malformed = await errorOf(caller.runs.create({ name: "r", datasetId: "nope" }));
    expect(malformed.code).toBe("NOT_FOUND");
    expect(malformed.message).toContain("nope");
    expect(await runCount()).toBe(before);
  });

  it("answers HTTP 404 with a JSON body at /api/trpc for a missing dataset", async () => {
    const before = await runCount();
    const req = new Request("http://x/api/trpc/runs.create", {
      method: "POST",
      body: JSON.stringify({ json: { name: "over http", datasetId: MISSING } }),
      headers: { "content-type": "application/json" },
    });
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => createContext(database, req.headers, { authMode: "local" }),
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { json: { message: string; data: { code: string; httpStatus: number } } } };
    expect(body.error.json.data.code).toBe("NOT_FOUND");
    expect(body.error.json.data.httpStatus).toBe(404);
    expect(body.error.json.message).toContain(MISSING);
    expect(await runCount()).toBe(before);
  });

  it("treats a dataset of another project as not found, and runs of another project too", async () => {
    const other = await createCaller(database).projects.create({ name: "other" });
    const foreign = await seedDataset(database.db, { projectId: other.id, name: "foreign", versions: [[{ sourceId: "x", input: {} }]] });
    const caller = createCaller(database);
    const error = await errorOf(caller.runs.create({ name: "r", datasetId: foreign.datasetId }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain(foreign.datasetId);

    const theirs = await createCaller(database, { "x-cairn-project": "other" }).runs.create({ name: "theirs", datasetId: foreign.datasetId });
    expect((await errorOf(caller.runs.get({ id: theirs.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.runs.update({ id: theirs.id, name: "mine" }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.runs.delete({ id: theirs.id }))).code).toBe("NOT_FOUND");
    expect((await caller.runs.list({})).items.some((r) => r.id === theirs.id)).toBe(false);
  });

  it("stores an EXT- dataset id as externalDatasetId, and rejects both kinds together", async () => {
    const caller = createCaller(database);
    const compat = await caller.runs.create({ name: "ext", datasetId: "EXT-42" });
    expect(compat).toMatchObject({ datasetId: null, datasetVersionId: null, externalDatasetId: "EXT-42", datapointIds: [], metadata: {} });
    const explicit = await caller.runs.create({ name: "ext2", externalDatasetId: "langsmith:abc" });
    expect(await caller.runs.get({ id: explicit.id })).toMatchObject({ datasetId: null, externalDatasetId: "langsmith:abc" });
    const before = await runCount();
    const both = await errorOf(caller.runs.create({ name: "x", datasetId: dataset.datasetId, externalDatasetId: "EXT-1" }));
    expect(both.code).toBe("BAD_REQUEST");
    expect(both.message).toMatch(/not both/);
    expect(await runCount()).toBe(before);
  });

  it("checks the version and every datapoint against the dataset, naming the offending ids", async () => {
    const caller = createCaller(database);
    const before = await runCount();
    const otherVersion = await errorOf(caller.runs.create({ name: "r", datasetId: empty.datasetId, datasetVersionId: dataset.versions[0].id }));
    expect(otherVersion.code).toBe("BAD_REQUEST");
    expect(otherVersion.message).toContain(dataset.versions[0].id);
    expect((await errorOf(caller.runs.create({ name: "r", datasetId: dataset.datasetId, datasetVersionId: MISSING }))).code).toBe("NOT_FOUND");
    const noVersions = await errorOf(caller.runs.create({ name: "r", datasetId: empty.datasetId }));
    expect(noVersions.code).toBe("BAD_REQUEST");
    expect(noVersions.message).toMatch(/no versions yet/);

    // c was deleted in v2, e only exists from v2 on.
    const atV2 = await errorOf(caller.runs.create({ name: "r", datasetId: dataset.datasetId, datapointIds: [id("a"), id("c"), MISSING, "junk"] }));
    expect(atV2.code).toBe("BAD_REQUEST");
    for (const bad of [id("c"), MISSING, "junk"]) expect(atV2.message).toContain(bad);
    expect(atV2.message).not.toContain(id("a"));
    expect(detailsOf(atV2)).toMatchObject({ count: 3 });
    const atV1 = await errorOf(
      caller.runs.create({ name: "r", datasetId: dataset.datasetId, datasetVersionId: dataset.versions[0].id, datapointIds: [id("e")] }),
    );
    expect(atV1.message).toContain(id("e"));

    const many = Array.from({ length: 30 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const capped = await errorOf(caller.runs.create({ name: "r", datasetId: dataset.datasetId, datapointIds: many }));
    expect(capped.message).toMatch(/^30 datapoint/);
    expect(capped.message).toContain(many[19]);
    expect(capped.message).not.toContain(many[20]);
    const duplicated = await errorOf(caller.runs.create({ name: "r", datasetId: dataset.datasetId, datapointIds: [id("a"), id("a")] }));
    expect(duplicated.code).toBe("BAD_REQUEST");
    expect(duplicated.message).toContain(id("a"));
    expect(await runCount()).toBe(before);
  });

  it("lists a run in the very next call, filtered and keyset-paged, without datapoint arrays on request", async () => {
    const caller = createCaller(database);
    const made = [];
    for (const name of ["page-1", "page-2", "page-3", "page-4", "page-5"]) made.push(await caller.runs.create({ name, datasetId: dataset.datasetId }));
    const listed = await caller.runs.list({ name: "PAGE-", includeDatapointIds: false, limit: 2 });
    expect(listed.items.map((r) => r.name)).toEqual(["page-5", "page-4"]);
    expect(listed.items[0]).not.toHaveProperty("datapointIds");
    expect(listed.items[0]).toMatchObject({ datasetName: "qa", datasetVersionNumber: 2, datapointCount: 4 });
    const seen = [...listed.items];
    for (let cursor = listed.nextCursor; cursor; ) {
      const page = await caller.runs.list({ name: "page-", includeDatapointIds: false, limit: 2, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(seen.map((r) => r.id)).toEqual(made.map((r) => r.id).reverse());

    await caller.runs.update({ id: made[0].id, status: "running" });
    const running = await caller.runs.list({ status: "running", datasetId: dataset.datasetId });
    expect(running.items.map((r) => r.id)).toContain(made[0].id);
    expect(running.items.every((r) => r.status === "running")).toBe(true);
    const byDataset = await caller.runs.list({ datasetId: empty.datasetId });
    expect(byDataset.items).toEqual([]);
    expect((await errorOf(caller.runs.list({ datasetId: MISSING }))).code).toBe("NOT_FOUND");
    for (const cursor of ["garbage", Buffer.from(JSON.stringify([1e300, MISSING])).toString("base64url"), Buffer.from('["2026-13-45", "x"]').toString("base64url")]) {
      expect((await errorOf(caller.runs.list({ cursor }))).code).toBe("BAD_REQUEST");
    }
    const literal = await caller.runs.create({ name: "100%_done" });
    expect((await caller.runs.list({ name: "%_" })).items.map((r) => r.id)).toEqual([literal.id]);
  });

  it("updates status along pending -> running -> terminal only, and other fields, returning the run", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "life", datasetId: dataset.datasetId, metadata: { a: 1 } });
    const illegal = await errorOf(caller.runs.update({ id: run.id, status: "completed" }));
    expect(illegal.code).toBe("BAD_REQUEST");
    expect(illegal.message).toContain("'pending'");
    expect(illegal.message).toContain("'completed'");
    const renamed = await caller.runs.update({ id: run.id, name: "life 2", description: "why", metadata: { b: 2 } });
    expect(renamed).toMatchObject({ id: run.id, name: "life 2", description: "why", metadata: { b: 2 }, status: "pending" });
    const same = await caller.runs.update({ id: run.id, status: "pending" });
    expect(same.status).toBe("pending");
    const running = await caller.runs.update({ id: run.id, status: "running" });
    expect(running.status).toBe("running");
    expect(running.startedAt).toBeInstanceOf(Date);
    expect((await errorOf(caller.runs.update({ id: run.id, status: "pending" }))).code).toBe("BAD_REQUEST");
    const done = await caller.runs.update({ id: run.id, status: "completed" });
    expect(done).toMatchObject({ status: "completed", datapointIds: run.datapointIds, datasetVersionId: run.datasetVersionId });
    expect(done.endedAt).toBeInstanceOf(Date);
    const final = await errorOf(caller.runs.update({ id: run.id, status: "failed" }));
    expect(final.code).toBe("BAD_REQUEST");
    expect(final.message).toMatch(/final/);

    const cancelled = await caller.runs.create({ name: "stop" });
    expect((await caller.runs.update({ id: cancelled.id, status: "cancelled" })).status).toBe("cancelled");
    const failed = await caller.runs.create({ name: "boom" });
    expect((await errorOf(caller.runs.update({ id: failed.id, status: "failed" }))).code).toBe("BAD_REQUEST");
    await caller.runs.update({ id: failed.id, status: "running" });
    expect((await caller.runs.update({ id: failed.id, status: "failed" })).status).toBe("failed");
    expect((await errorOf(caller.runs.update({ id: MISSING, name: "x" }))).code).toBe("NOT_FOUND");
  });

  it("refuses to change the dataset linkage after creation", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "pinned", datasetId: dataset.datasetId });
    for (const change of [
      { datasetId: empty.datasetId },
      { datasetVersionId: dataset.versions[0].id },
      { datapointIds: [id("a")] },
      { externalDatasetId: "EXT-9" },
    ]) {
      const error = await errorOf(caller.runs.update({ id: run.id, ...change } as never));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/cannot be changed after creation/);
    }
    expect(await caller.runs.get({ id: run.id })).toEqual(run);
  });

  it("deletes a run answering {id, deleted: true}", async () => {
    const caller = createCaller(database);
    const run = await caller.runs.create({ name: "gone", datasetId: dataset.datasetId });
    expect(await caller.runs.delete({ id: run.id })).toEqual({ id: run.id, deleted: true });
    expect((await errorOf(caller.runs.get({ id: run.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.runs.delete({ id: run.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.runs.get({ id: "not-a-uuid" }))).code).toBe("NOT_FOUND");
  });
});
