import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { seedDataset, type SeededDataset } from "@/test/seed";
import { createCaller } from "../trpc/caller";

// The browser pages lists with tRPC's infinite queries, which send `direction` with the cursor.
let database: TestDatabase;
let dataset: SeededDataset;
let runIds: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  const [project] = await rows<{ id: string }>(database.db, sql`SELECT id FROM projects WHERE name = 'default'`);
  dataset = await seedDataset(database.db, { projectId: project.id, name: "qa", versions: [[{ sourceId: "a", input: { q: 1 } }]] });
  const caller = createCaller(database);
  runIds = [(await caller.runs.create({ name: "r1", datasetId: dataset.datasetId })).id, (await caller.runs.create({ name: "r2", datasetId: dataset.datasetId })).id];
});
afterAll(async () => {
  await database.destroy();
});

describe(`list inputs accept an infinite query's direction (${testDriver()})`, () => {
  const lists = () => {
    const caller = createCaller(database);
    const { datasetId } = dataset;
    return {
      "datasets.list": (direction: string) => caller.datasets.list({ direction } as never),
      "examples.list": (direction: string) => caller.examples.list({ datasetId, direction } as never),
      "versions.list": (direction: string) => caller.versions.list({ datasetId, direction } as never),
      "runs.list": (direction: string) => caller.runs.list({ direction } as never),
      "results.list": (direction: string) => caller.results.list({ runId: runIds[0], direction } as never),
      "metrics.search": (direction: string) => caller.metrics.search({ datasetId, direction } as never),
      "compare.runs": (direction: string) => caller.compare.runs({ runIds, direction } as never),
    };
  };

  it("answers the first page for direction 'forward'", async () => {
    for (const [name, call] of Object.entries(lists())) {
      const page = (await call("forward")) as { items: unknown[] };
      expect(Array.isArray(page.items), name).toBe(true);
    }
  });
});
