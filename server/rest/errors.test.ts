import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { handleRest } from "./handler";
import { handlerOperation, type RestOperation } from "./operation";
import { restOperations } from "./operations";
import { buildOpenApiDocument } from "./openapi";
import { call, responseChecker, toRequest } from "./test-client";

const MISSING = "00000000-0000-4000-8000-000000000000";
const check = responseChecker(buildOpenApiDocument());
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

describe(`REST errors: one shape, the right status (${testDriver()})`, () => {
  it("404 for an unknown route, 405 with Allow for a known path and another method", async () => {
    const unknown = await call(database, { method: "GET", path: "/api/v1/nothing/here" });
    expect(unknown.status).toBe(404);
    expect((unknown.json as ErrorJson).error).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("/api/v1/nothing/here") });

    const wrong = await call(database, { method: "PUT", path: "/api/v1/datasets" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    expect((wrong.json as ErrorJson).error.code).toBe("METHOD_NOT_SUPPORTED");

    const abort = await call(database, { method: "GET", path: `/api/v1/datasets/upsert/${MISSING}` });
    expect(abort.status).toBe(405);
    expect(abort.headers.get("allow")).toBe("DELETE");
  });

  it("404 naming the missing id, and the project of the header", async () => {
    const run = await call(database, { method: "GET", path: `/api/v1/runs/${MISSING}` });
    expect(run.status).toBe(404);
    expect(check("runs.get", 404, run.json)).toBeNull();
    expect((run.json as ErrorJson).error).toEqual({ code: "NOT_FOUND", message: `run '${MISSING}' not found` });

    const project = await call(database, { method: "GET", path: "/api/v1/datasets", headers: { "x-cairn-project": "nope" } });
    expect(project.status).toBe(404);
    expect((project.json as ErrorJson).error.message).toContain("nope");
  });

  it("scopes by the x-cairn-project header, the default project when absent", async () => {
    await call(database, { method: "POST", path: "/api/v1/projects", body: { name: "team b" } });
    const inB = await call(database, { method: "POST", path: "/api/v1/datasets", body: { name: "only in b" }, headers: { "x-cairn-project": "team%20b" } });
    expect(inB.status, inB.text).toBe(201);
    const listB = await call(database, { method: "GET", path: "/api/v1/datasets", headers: { "x-cairn-project": "team%20b" } });
    expect((listB.json as { data: { name: string }[] }).data.map((d) => d.name)).toEqual(["only in b"]);
    const listDefault = await call(database, { method: "GET", path: "/api/v1/datasets" });
    expect((listDefault.json as { data: unknown[] }).data).toEqual([]);
    const other = await call(database, { method: "GET", path: `/api/v1/datasets/${(inB.json as { id: string }).id}` });
    expect(other.status).toBe(404);
  });

  it("409 for a taken name and for deleting a dataset runs use, unless force=true", async () => {
    await call(database, { method: "POST", path: "/api/v1/datasets", body: { name: "taken" } });
    const again = await call(database, { method: "POST", path: "/api/v1/datasets", body: { name: "taken" } });
    expect(again.status).toBe(409);
    expect(check("datasets.create", 409, again.json)).toBeNull();
    expect((again.json as ErrorJson).error).toEqual({ code: "CONFLICT", message: "dataset 'taken' already exists" });

    const upsert = await call(database, { method: "POST", path: "/api/v1/datasets/upsert", query: { dataset_name: "used" }, raw: '{"id":1,"q":"x"}\n' });
    const datasetId = (upsert.json as { dataset_id: string }).dataset_id;
    await call(database, { method: "POST", path: "/api/v1/runs", body: { name: "r", dataset_id: datasetId } });
    const refused = await call(database, { method: "DELETE", path: `/api/v1/datasets/${datasetId}` });
    expect(refused.status).toBe(409);
    expect((refused.json as ErrorJson).error.message).toContain("force");
    const forced = await call(database, { method: "DELETE", path: `/api/v1/datasets/${datasetId}`, query: { force: true } });
    expect(forced.status).toBe(200);
    expect(forced.json).toEqual({ id: datasetId, deleted: true });
  });

  it("400 with wire-named paths and messages; service details in wire names", async () => {
    const both = await call(database, { method: "POST", path: "/api/v1/datasets/upsert/begin", body: { dataset_name: "a", dataset_id: MISSING } });
    expect(both.status).toBe(400);
    expect((both.json as ErrorJson).error).toEqual({
      code: "BAD_REQUEST",
      message: "give exactly one of dataset_name or dataset_id",
      details: [{ path: "", message: "give exactly one of dataset_name or dataset_id" }],
    });

    const external = await call(database, { method: "POST", path: "/api/v1/runs", body: { name: "r", dataset_id: MISSING, external_dataset_id: "EXT-1" } });
    expect(external.status).toBe(400);
    expect((external.json as ErrorJson).error.message).toBe("give either dataset_id or external_dataset_id, not both");

    const begun = await call(database, { method: "POST", path: "/api/v1/datasets/upsert/begin", body: { dataset_name: "dups" } });
    const sessionId = (begun.json as { session_id: string }).session_id;
    const dup = await call(database, {
      method: "POST",
      path: `/api/v1/datasets/upsert/${sessionId}/payload`,
      body: { examples: [{ source_id: "x", input: {} }, { source_id: "x", input: {} }] },
    });
    expect(dup.status).toBe(400);
    expect((dup.json as ErrorJson).error.details).toEqual({ duplicates: ["x"] });

    const inPath = await call(database, { method: "POST", path: `/api/v1/datasets/upsert/${sessionId}/commit`, body: { session_id: sessionId } });
    expect(inPath.status).toBe(400);
    expect((inPath.json as ErrorJson).error.details).toEqual([{ path: "session_id", message: "given in the path as {session_id}; leave it out of the body" }]);
  });

  it("400 for tRPC-only and adapter-set fields (direction, the export's cursor and limit)", async () => {
    const direction = await call(database, { method: "GET", path: "/api/v1/datasets", query: { direction: "forward" } });
    expect(direction.status).toBe(400);
    expect((direction.json as ErrorJson).error.details).toEqual([{ path: "direction", message: "unknown field" }]);
    const limit = await call(database, { method: "GET", path: `/api/v1/datasets/${MISSING}/export`, query: { limit: 5, cursor: "1" } });
    expect(limit.status).toBe(400);
    expect((limit.json as ErrorJson).error.details).toEqual([
      { path: "cursor", message: "unknown field" },
      { path: "limit", message: "unknown field" },
    ]);
  });

  it("400 for a body that is not JSON, not an object, or a query string on a body operation", async () => {
    const notJson = await call(database, { method: "POST", path: "/api/v1/datasets", raw: "{name:", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect((notJson.json as ErrorJson).error.message).toMatch(/^the request body is not valid JSON/);
    const array = await call(database, { method: "POST", path: "/api/v1/datasets", body: [{ name: "x" }] });
    expect(array.status).toBe(400);
    expect((array.json as ErrorJson).error.message).toBe("the request body must be a JSON object");
    const query = await call(database, { method: "POST", path: "/api/v1/datasets", query: { name: "x" }, body: { name: "x" } });
    expect(query.status).toBe(400);
    expect((query.json as ErrorJson).error.details).toEqual([{ path: "name", message: "unexpected query parameter: this operation takes a JSON body" }]);
  });

  it("413 for a JSON body over the limit, counted while reading (not from Content-Length)", async () => {
    const big = { name: "big", params: { blob: "x".repeat(4 * 1024 * 1024) } };
    const declared = await call(database, { method: "POST", path: "/api/v1/datasets", body: big });
    expect(declared.status).toBe(413);
    expect(check("datasets.create", 413, declared.json)).toBeNull();
    expect((declared.json as ErrorJson).error.code).toBe("PAYLOAD_TOO_LARGE");

    // A streamed body has no Content-Length: the limit is enforced on the bytes read.
    const bytes = new TextEncoder().encode(JSON.stringify(big));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 65_536) controller.enqueue(bytes.subarray(at, at + 65_536));
        controller.close();
      },
    });
    const request = toRequest({ method: "POST", path: "/api/v1/datasets", raw: stream, headers: { "content-type": "application/json" } });
    expect(request.headers.get("content-length")).toBeNull();
    const streamed = await handleRest(request, database);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as ErrorJson).error.code).toBe("PAYLOAD_TOO_LARGE");
    const list = await call(database, { method: "GET", path: "/api/v1/datasets", query: { search: "big" } });
    expect((list.json as { data: unknown[] }).data).toEqual([]);
  });

  it("413 for an oversized upsert payload chunk (its own 16 MiB limit)", async () => {
    const begun = await call(database, { method: "POST", path: "/api/v1/datasets/upsert/begin", body: { dataset_name: "chunky" } });
    const sessionId = (begun.json as { session_id: string }).session_id;
    const examples = Array.from({ length: 17 }, (_, i) => ({ source_id: `e${i}`, input: { text: "y".repeat(1024 * 1024) } }));
    const answer = await call(database, { method: "POST", path: `/api/v1/datasets/upsert/${sessionId}/payload`, body: { examples } });
    expect(answer.status).toBe(413);
    expect(check("datasets.upsertPayload", 413, answer.json)).toBeNull();
  });

  it("500 only for a bug, with a generic message and never an empty body", async () => {
    const broken: RestOperation[] = [
      ...restOperations,
      handlerOperation({
        id: "test.broken",
        method: "GET",
        path: "/api/v1/broken",
        summary: "Throws",
        tags: ["Test"],
        input: z.object({}),
        output: z.object({}),
        handle: async () => {
          throw new Error("secret detail");
        },
      }),
    ];
    const original = console.error;
    console.error = () => {};
    try {
      const response = await handleRest(toRequest({ method: "GET", path: "/api/v1/broken" }), database, broken);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
    } finally {
      console.error = original;
    }
  });
});
