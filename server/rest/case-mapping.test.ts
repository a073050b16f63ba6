import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { buildOpenApiDocument } from "./openapi";
import { call } from "./test-client";
import { fromWire, toWire, wireMessage, wirePath, type WireIssue } from "./wire";

const contract = z.strictObject({
  datasetId: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  results: z.array(z.strictObject({ datapointId: z.string(), output: z.unknown(), scoreValue: z.union([z.number(), z.boolean()]).nullish() })),
  nested: z.object({ innerKey: z.number().default(1), byName: z.record(z.string(), z.object({ someCount: z.number() })) }).optional(),
  pair: z.tuple([z.string(), z.object({ tupleKey: z.string() })]).optional(),
});

describe("wire names, generated from the schema", () => {
  const value = {
    datasetId: "d1",
    metadata: { camelKey: { deepCamel: 1 }, snake_key: 2 },
    results: [{ datapointId: "p1", output: { questionText: "kept" }, scoreValue: true }],
    nested: { innerKey: 3, byName: { userKey: { someCount: 4 } } },
    pair: ["a", { tupleKey: "b" }] as [string, { tupleKey: string }],
  };
  const wire = {
    dataset_id: "d1",
    metadata: { camelKey: { deepCamel: 1 }, snake_key: 2 },
    results: [{ datapoint_id: "p1", output: { questionText: "kept" }, score_value: true }],
    nested: { inner_key: 3, by_name: { userKey: { some_count: 4 } } },
    pair: ["a", { tuple_key: "b" }],
  };

  it("renames the keys the schema describes and never the keys of free-form data", () => {
    expect(toWire(contract, value)).toEqual(wire);
    const issues: WireIssue[] = [];
    expect(fromWire(contract, wire, issues)).toEqual(value);
    expect(issues).toEqual([]);
  });

  it("leaves free-form objects as the very same objects", () => {
    expect((toWire(contract, value) as typeof wire).metadata).toBe(value.metadata);
    expect((fromWire(contract, wire, []) as typeof value).results[0].output).toBe(wire.results[0].output);
  });

  it("reports a contract key sent in its camelCase spelling, and keeps unknown keys for the contract to name", () => {
    const issues: WireIssue[] = [];
    const input = fromWire(contract, { datasetId: "d1", extra_field: 1, results: [{ datapointId: "x" }] }, issues);
    expect(issues).toEqual([
      { path: ["datasetId"], message: "unknown field: did you mean 'dataset_id'?" },
      { path: ["results", 0, "datapointId"], message: "unknown field: did you mean 'datapoint_id'?" },
    ]);
    expect(input).toEqual({ extra_field: 1, results: [{}] });
  });

  it("keeps a __proto__ key a plain key", () => {
    const wireValue = JSON.parse('{"dataset_id":"d","metadata":{"__proto__":{"polluted":true}},"results":[],"__proto__":{"x":1}}');
    const input = fromWire(contract, wireValue, []) as Record<string, unknown>;
    expect(Object.keys(input)).toEqual(["datasetId", "metadata", "results", "__proto__"]);
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    expect(Object.keys(input.metadata as object)).toEqual(["__proto__"]);
    expect(contract.safeParse(input).success).toBe(false);
  });

  it("writes zod issue paths and messages in wire names, leaving quoted text alone", () => {
    expect(wirePath(contract, ["results", 0, "scoreValue"])).toBe("results.0.score_value");
    expect(wirePath(contract, ["nested", "byName", "userKey", "someCount"])).toBe("nested.by_name.userKey.some_count");
    expect(wirePath(contract, ["metadata", "camelKey"])).toBe("metadata.camelKey");
    const keys = new Set(["datasetName", "datasetId"]);
    expect(wireMessage("give exactly one of datasetName or datasetId", keys)).toBe("give exactly one of dataset_name or dataset_id");
    expect(wireMessage(`duplicate source id "datasetId" in 'datasetName'`, keys)).toBe(`duplicate source id "datasetId" in 'datasetName'`);
  });

  it("renames the OpenAPI document's properties by the same rule", () => {
    const doc = buildOpenApiDocument();
    const run = doc.components.schemas.Run as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(run.properties)).toContain("dataset_version_id");
    expect(Object.keys(run.properties)).not.toContain("datasetVersionId");
    expect(run.required).toContain("datapoint_ids");
    expect(JSON.stringify(doc)).not.toMatch(/"(datasetId|nextCursor|createdAt|sourceId|latencyMs)"/);
  });
});

describe(`user data keeps its keys through the REST surface (${testDriver()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("example input/output/metadata, dataset params, run configuration/metadata and result output come back untouched", async () => {
    const record = {
      id: "q1",
      input: { questionText: "2+2?", nested_value: { innerCamel: [{ deepKey: 1 }] } },
      output: { answerText: "4" },
      metadata: { camelKey: "m" },
    };
    const upsert = await call(database, { method: "POST", path: "/api/v1/datasets/upsert", query: { dataset_name: "qa" }, raw: `${JSON.stringify(record)}\n` });
    expect(upsert.status, upsert.text).toBe(200);
    const { dataset_id: datasetId } = upsert.json as { dataset_id: string };

    const examples = await call(database, { method: "GET", path: `/api/v1/datasets/${datasetId}/examples` });
    const [example] = (examples.json as { data: Record<string, unknown>[] }).data;
    expect(example.input).toEqual({ questionText: "2+2?", nested_value: { innerCamel: [{ deepKey: 1 }] } });
    expect(example.output).toEqual({ answerText: "4" });
    expect(example.metadata).toEqual({ camelKey: "m" });
    expect(example).toHaveProperty("source_id", "q1");
    expect(example).toHaveProperty("revised_at", 1);

    const exported = await call(database, { method: "GET", path: `/api/v1/datasets/${datasetId}/export` });
    expect(JSON.parse(exported.text.trim())).toEqual({ id: "q1", input: record.input, output: record.output, metadata: { camelKey: "m" } });

    const patched = await call(database, { method: "PATCH", path: `/api/v1/datasets/${datasetId}`, body: { params: { maxTokens: 5, top_p: 1 } } });
    expect((patched.json as { params: unknown }).params).toEqual({ maxTokens: 5, top_p: 1 });

    const created = await call(database, {
      method: "POST",
      path: "/api/v1/runs",
      body: { name: "r", dataset_id: datasetId, configuration: { modelName: "m", samplingParams: { topP: 0.9 } }, metadata: { gitSha: "abc" } },
    });
    expect(created.status, created.text).toBe(201);
    const run = created.json as Record<string, unknown>;
    expect(run.configuration).toEqual({ modelName: "m", samplingParams: { topP: 0.9 } });
    expect(run.metadata).toEqual({ gitSha: "abc" });
    expect(run.dataset_id).toBe(datasetId);
    expect(run.datapoint_ids).toEqual([example.id]);

    const recorded = await call(database, {
      method: "POST",
      path: `/api/v1/runs/${run.id}/results`,
      body: { results: [{ datapoint_id: example.id, output: { finalAnswer: "4", toolCalls: [{ toolName: "calc" }] } }] },
    });
    expect(recorded.status, recorded.text).toBe(200);
    const results = await call(database, { method: "GET", path: `/api/v1/runs/${run.id}/results` });
    const [result] = (results.json as { data: Record<string, unknown>[] }).data;
    expect(result.output).toEqual({ finalAnswer: "4", toolCalls: [{ toolName: "calc" }] });
    expect(result.input).toEqual(record.input);
    expect(result.expected_output).toEqual({ answerText: "4" });
  });

  it("answers a camelCase field name with a 400 that names the wire name", async () => {
    const answer = await call(database, { method: "POST", path: "/api/v1/runs", body: { name: "r", datasetId: "x" } });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: {
        code: "BAD_REQUEST",
        message: "datasetId: unknown field: did you mean 'dataset_id'?",
        details: [{ path: "datasetId", message: "unknown field: did you mean 'dataset_id'?" }],
      },
    });
  });
});
