import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncDataset, type SyncExample } from "@/lib/sync";
import { exportVersionLines, MATCH_SCAN_BUDGET } from "@/server/services/versions";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { datasetReads } from "@/test/dataset-reads";
import { errorOf } from "@/test/errors";
import { createCaller } from "../trpc/caller";

let database: TestDatabase;
let datasetId: string;
const caller = () => createCaller(database);
const example = (sourceId: string, question: string, tag = "t"): SyncExample => ({
  sourceId,
  input: { question },
  output: { answer: question.toLowerCase() },
  metadata: { tag },
});

// v1: a b c d | v2: b changed, c deleted, e added | v3: a changed, c back | v4 (merge): f added
beforeAll(async () => {
  database = await createTestDatabase();
  const transport = caller().datasets;
  const run = (examples: SyncExample[], message: string, mode: "mirror" | "merge" = "mirror") =>
    syncDataset({ transport, dataset: { datasetName: "history" }, examples, message, mode });
  datasetId = (await run([example("a", "A"), example("b", "B"), example("c", "C"), example("d", "D", "needle")], "one")).datasetId;
  await run([example("a", "A"), example("b", "B2"), example("d", "D", "needle"), example("e", "E")], "two");
  await run([example("a", "A3"), example("b", "B2"), example("c", "C3"), example("d", "D", "needle"), example("e", "E")], "three");
  await run([example("f", "F")], "four", "merge");
});
afterAll(async () => {
  await database.destroy();
});

const { examplesAt } = datasetReads(() => database);

async function at(version?: number, search?: string) {
  return (await examplesAt(datasetId, version, search)).map((e) => `${e.sourceId}=${e.input.question}`);
}

describe(`versions and examples routers (${testDriver()})`, () => {
  it("lists versions newest first with message, summary, example count, parent; keyset-paged", async () => {
    const c = caller();
    const first = await c.versions.list({ datasetId, limit: 3 });
    expect(first.items.map((v) => [v.number, v.message, v.exampleCount])).toEqual([
      [4, "four", 6],
      [3, "three", 5],
      [2, "two", 4],
    ]);
    expect(first.items[0].summary).toEqual({ added: 1, updated: 0, deleted: 0, unchanged: 5 });
    expect(first.items[1].summary).toEqual({ added: 1, updated: 1, deleted: 0, unchanged: 3 });
    expect(first.items[2].summary).toEqual({ added: 1, updated: 1, deleted: 1, unchanged: 2 });
    const rest = await c.versions.list({ datasetId, cursor: first.nextCursor, limit: 3 });
    expect(rest.items.map((v) => v.number)).toEqual([1]);
    expect(rest.nextCursor).toBeNull();
    expect(first.items[2].parentId).toBe(rest.items[0].id);
    expect(await c.versions.get({ datasetId, version: 2 })).toEqual(first.items[2]);
    const missing = await errorOf(c.versions.get({ datasetId, version: 9 }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain("@9");
    expect((await errorOf(c.versions.list({ datasetId, cursor: "zz" }))).code).toBe("BAD_REQUEST");
  });

  it("lists the examples at any version, old ones unchanged by later syncs", async () => {
    expect(await at(1)).toEqual(["a=A", "b=B", "c=C", "d=D"]);
    expect(await at(2)).toEqual(["a=A", "b=B2", "d=D", "e=E"]);
    expect(await at(3)).toEqual(["a=A3", "b=B2", "c=C3", "d=D", "e=E"]);
    expect(await at()).toEqual(["a=A3", "b=B2", "c=C3", "d=D", "e=E", "f=F"]);
    const page = await caller().examples.list({ datasetId, version: 2, limit: 10 });
    expect(page.version).toBe(2);
    expect(page.items.find((e) => e.sourceId === "b")).toMatchObject({ kind: "PATCH", revisedAt: 2, output: { answer: "b2" } });
    expect((await errorOf(caller().examples.list({ datasetId, version: 7 }))).code).toBe("NOT_FOUND");
  });

  it("pages past long runs of examples that are not in force at the version", async () => {
    const transport = caller().datasets;
    const all = Array.from({ length: 400 }, (_, i) => example(`g${i}`, `G${i}`));
    const { datasetId: gaps } = await syncDataset({ transport, dataset: { datasetName: "gaps" }, examples: all });
    // v2 keeps only the first 3 and the last 3: 394 deleted examples sit between them.
    await syncDataset({ transport, dataset: { datasetName: "gaps" }, examples: [...all.slice(0, 3), ...all.slice(-3)] });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof caller>["examples"]["list"]>> = await caller().examples.list({ datasetId: gaps, cursor, limit: 4 });
      seen.push(...page.items.map((e) => e.sourceId!));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(["g0", "g1", "g2", "g397", "g398", "g399"]);
    expect(pages).toBe(2);
    expect((await caller().examples.list({ datasetId: gaps, version: 1, limit: 200 })).items).toHaveLength(200);
    const searched = await caller().examples.list({ datasetId: gaps, version: 1, search: "G399", limit: 5 });
    expect(searched.items.map((e) => e.sourceId)).toEqual(["g399"]);
    expect(searched.nextCursor).toBeNull();
  });

  it("bounds a filtered page's scan: a rare match answers short pages with a cursor, then is found", async () => {
    const transport = caller().datasets;
    const many = Array.from({ length: MATCH_SCAN_BUDGET + 500 }, (_, i) => example(`m${i}`, `M${i}`));
    many[many.length - 1] = example("rare", "the only needle-in-haystack");
    const { datasetId: big } = await syncDataset({ transport, dataset: { datasetName: "haystack" }, examples: many });
    const first = await caller().examples.list({ datasetId: big, search: "needle-in-haystack", limit: 10 });
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller().examples.list({ datasetId: big, search: "needle-in-haystack", limit: 10, cursor: first.nextCursor });
    expect(second.items.map((e) => e.sourceId)).toEqual(["rare"]);
    expect(second.nextCursor).toBeNull();
  });

  it("filters examples by text in source id, input, output and metadata", async () => {
    expect(await at(undefined, "needle")).toEqual(["d=D"]);
    expect(await at(undefined, "b2")).toEqual(["b=B2"]);
    expect(await at(1, "b2")).toEqual([]);
    expect(await at(undefined, "C3")).toEqual(["c=C3"]);
    expect(await at(undefined, "%")).toEqual([]);
  });

  it("gets one example with its revision history", async () => {
    const c = await caller().examples.get({ datasetId, sourceId: "c" });
    expect(c.history.map((r) => [r.kind, r.validFrom, r.validTo, r.input.question ?? null])).toEqual([
      ["CREATE", 3, null, "C3"],
      ["DELETE", 2, 3, null],
      ["CREATE", 1, 2, "C"],
    ]);
    expect(await caller().examples.get({ datasetId, exampleId: c.id })).toEqual(c);
    expect((await errorOf(caller().examples.get({ datasetId, sourceId: "zz" }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller().examples.get({ datasetId, sourceId: "c", exampleId: c.id }))).code).toBe("BAD_REQUEST");
  });

  it("diffs two versions: added, updated (both contents), deleted", async () => {
    const diff = await caller().versions.diff({ datasetId, from: 1, to: 3, limit: 50 });
    expect(diff.counts).toEqual({ added: 1, updated: 3, deleted: 0 });
    expect(diff.items.map((d) => [d.sourceId, d.change])).toEqual([
      ["a", "updated"],
      ["b", "updated"],
      ["c", "updated"],
      ["e", "added"],
    ]);
    const a = diff.items[0];
    expect(a.before).toEqual({ input: { question: "A" }, output: { answer: "a" }, metadata: { tag: "t" } });
    expect(a.after).toEqual({ input: { question: "A3" }, output: { answer: "a3" }, metadata: { tag: "t" } });
    expect(diff.items[3].before).toBeNull();

    const back = await caller().versions.diff({ datasetId, from: 2, to: 1, limit: 50 });
    expect(back.items.map((d) => [d.sourceId, d.change, d.before?.input.question ?? null, d.after?.input.question ?? null])).toEqual([
      ["b", "updated", "B2", "B"],
      ["c", "added", null, "C"],
      ["e", "deleted", "E", null],
    ]);
    const pages = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof caller>["versions"]["diff"]>> = await caller().versions.diff({
        datasetId,
        from: 0,
        to: 4,
        cursor,
        limit: 4,
      });
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.items.length)).toEqual([4, 2]);
    expect(pages[0].counts).toEqual({ added: 6, updated: 0, deleted: 0 });
    expect(pages[1].counts).toBeNull();
    expect((await caller().versions.diff({ datasetId, from: 3, to: 3, limit: 5 })).items).toEqual([]);
    expect((await errorOf(caller().versions.diff({ datasetId, from: 1, to: 8, limit: 5 }))).code).toBe("NOT_FOUND");
  });

  it("exports any version as JSONL {id, input, output, metadata}, in pages or as a stream", async () => {
    const page = await caller().versions.export({ datasetId, version: 2, limit: 3 });
    expect(page.version).toBe(2);
    expect(page.lines.map((line) => JSON.parse(line))).toEqual([
      { id: "a", input: { question: "A" }, output: { answer: "a" }, metadata: { tag: "t" } },
      { id: "b", input: { question: "B2" }, output: { answer: "b2" }, metadata: { tag: "t" } },
      { id: "d", input: { question: "D" }, output: { answer: "d" }, metadata: { tag: "needle" } },
    ]);
    const rest = await caller().versions.export({ datasetId, version: 2, cursor: page.nextCursor, limit: 3 });
    expect(rest.lines.map((line) => JSON.parse(line).id)).toEqual(["e"]);
    expect(rest.nextCursor).toBeNull();
    expect((await caller().versions.export({ datasetId })).version).toBe(4);

    const streamed: string[] = [];
    for await (const line of exportVersionLines(database.db, datasetId, 3, 2)) streamed.push(line);
    expect(streamed.map((line) => JSON.parse(line).id)).toEqual(["a", "b", "c", "d", "e"]);
    expect(streamed.every((line) => line.endsWith("}\n"))).toBe(true);
  });
});
