import { execFileSync } from "node:child_process";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { handlerOperation, type RestOperation } from "./operation";
import { restOperations } from "./operations";
import { buildOpenApiDocument, getOpenApiDocument } from "./openapi";
import { deref, operationsOf } from "./test-client";

const doc = buildOpenApiDocument();
const root = path.resolve(import.meta.dirname, "../..");

describe("the OpenAPI document is generated from the operations table and the zod contracts", () => {
  it("lists every operation of the table, once, under its method and path", () => {
    const documented = operationsOf(doc).map(({ method, path: p, operation }) => `${operation.operationId} ${method.toUpperCase()} ${p}`);
    expect(documented.sort()).toEqual(restOperations.map((op) => `${op.id} ${op.method} ${op.path}`).sort());
    expect(new Set(documented.map((d) => d.split(" ")[0])).size).toBe(restOperations.length);
  });

  it("shows an operation added to the table, with its schemas, and drops one removed from it", () => {
    const extra = handlerOperation({
      id: "things.get",
      method: "GET",
      path: "/api/v1/things/{thing_id}",
      summary: "Get a thing",
      tags: ["Things"],
      input: z.strictObject({ thingId: z.string(), includeParts: z.boolean().default(false) }),
      output: z.object({ thingId: z.string(), createdAt: z.date(), partCount: z.number().int() }),
      handle: async () => ({}),
    });
    const grown = buildOpenApiDocument([...restOperations, extra]);
    const operation = grown.paths["/api/v1/things/{thing_id}"].get;
    expect(operation.operationId).toBe("things.get");
    expect(operation.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ["thing_id", "path", true],
      ["include_parts", "query", false],
      ["x-cairn-project", "header", false],
    ]);
    expect(operation.responses["200"]).toEqual({
      description: "OK.",
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: { thing_id: { type: "string" }, created_at: { type: "string", format: "date-time" }, part_count: expect.objectContaining({ type: "integer" }) },
            required: ["thing_id", "created_at", "part_count"],
            additionalProperties: false,
          },
        },
      },
    });
    expect(grown.tags.map((t) => t.name)).toContain("Things");

    const shrunk = buildOpenApiDocument(restOperations.filter((op) => op.id !== "runs.delete"));
    expect(shrunk.paths["/api/v1/runs/{run_id}"].delete).toBeUndefined();
    expect(shrunk.paths["/api/v1/runs/{run_id}"].get).toBeDefined();
  });

  it("is complete: every operation has an id, a summary, its parameters, a body where it takes one, its success and error responses", () => {
    expect(doc.openapi).toBe("3.1.0");
    const tagNames = new Set(doc.tags.map((t) => t.name));
    for (const { method, path: p, operation } of operationsOf(doc)) {
      const where = `${method} ${p}`;
      expect(operation.operationId, where).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(operation.summary, where).not.toBe("");
      for (const tag of operation.tags) expect(tagNames.has(tag), `${where} tag ${tag}`).toBe(true);
      const pathParams = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(operation.parameters.filter((x) => x.in === "path").map((x) => x.name), where).toEqual(pathParams);
      const statuses = Object.keys(operation.responses);
      expect(statuses.filter((s) => s.startsWith("2")), where).toHaveLength(1);
      expect(statuses, where).toEqual(expect.arrayContaining(["400", "401", "500"]));
      if (method !== "get") expect(statuses, where).toContain("403");
      else expect(statuses, where).not.toContain("403");
      if (operation.requestBody?.content["application/json"]) expect(statuses, where).toContain("413");
      if (method !== "get") expect(statuses, where).toContain("409");
      for (const response of Object.values(deref(doc, operation.responses))) {
        expect((response as { description: string }).description, where).not.toBe("");
        expect(Object.keys((response as { content?: object }).content ?? {}), where).toHaveLength(1);
      }
    }
    const errorSchema = deref(doc, doc.components.responses.NotFound.content!["application/json"].schema);
    expect(errorSchema).toMatchObject({ properties: { error: { required: ["code", "message"] } } });
  });

  it("documents how to authenticate: a bearer API key or the session cookie, for every operation", () => {
    expect(doc.security).toEqual([{ ApiKey: [] }, { Session: [] }]);
    expect(doc.components.securitySchemes).toEqual({
      ApiKey: expect.objectContaining({ type: "http", scheme: "bearer", bearerFormat: "cairn_…" }),
      Session: expect.objectContaining({ type: "apiKey", in: "cookie", name: "cairn_session" }),
    });
    for (const name of doc.security.flatMap((requirement) => Object.keys(requirement))) expect(doc.components.securitySchemes).toHaveProperty(name);
    expect(doc.components.responses.Unauthorized.description).toContain("Authorization: Bearer");
    expect(deref(doc, doc.components.responses.Forbidden.content!["application/json"].schema)).toEqual(
      deref(doc, doc.components.responses.NotFound.content!["application/json"].schema),
    );
    expect(doc.info.description).toContain("401 UNAUTHORIZED, 403 FORBIDDEN");
  });

  it("is valid JSON Schema (draft 2020-12) throughout, with every $ref resolving", () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    ajv.addFormat("date-time", true);
    for (const { operation } of operationsOf(doc)) {
      const resolved = deref(doc, operation);
      for (const parameter of resolved.parameters) ajv.compile(parameter.schema);
      for (const media of Object.values(resolved.requestBody?.content ?? {})) ajv.compile(media.schema);
      for (const response of Object.values(resolved.responses) as { content?: Record<string, { schema: object; "x-line-schema"?: object }> }[]) {
        for (const media of Object.values(response.content ?? {})) {
          ajv.compile(media.schema);
          if (media["x-line-schema"]) ajv.compile(media["x-line-schema"]);
        }
      }
    }
  });

  it("documents inputs from the procedures' own schemas: defaults, bounds, enums, required fields", () => {
    const list = doc.paths["/api/v1/datasets"].get.parameters;
    expect(list.find((p) => p.name === "limit")).toMatchObject({ in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } });
    const begin = doc.paths["/api/v1/datasets/upsert/begin"].post.requestBody!.content["application/json"].schema as {
      properties: Record<string, { enum?: string[]; default?: unknown }>;
    };
    expect(begin.properties.mode).toMatchObject({ enum: ["mirror", "merge"], default: "mirror" });
    expect(Object.keys(begin.properties)).toEqual(["dataset_name", "dataset_id", "mode", "message", "description", "manifest_digest", "buckets_digest", "example_count", "manifest_with_payloads"]);
    const oneShot = doc.paths["/api/v1/datasets/upsert"].post;
    expect(Object.keys(oneShot.requestBody!.content)).toEqual(["application/x-ndjson"]);
    expect(oneShot.parameters.map((p) => p.name)).toEqual([
      "dataset_name",
      "dataset_id",
      "source_id_key",
      "input_keys",
      "output_keys",
      "metadata_keys",
      "mode",
      "message",
      "description",
      "x-cairn-project",
    ]);
    const exportOp = doc.paths["/api/v1/datasets/{dataset_id}/export"].get;
    expect(exportOp.parameters.map((p) => p.name)).toEqual(["dataset_id", "version", "x-cairn-project"]);
    expect(Object.keys(exportOp.responses["200"] as object)).toContain("content");
    const runGet = doc.paths["/api/v1/runs/{run_id}"].get;
    expect(runGet.responses["200"]).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/Run" } } } });
    // tRPC's infinite-query `direction` is not part of the REST surface.
    expect(JSON.stringify(doc)).not.toContain('"direction"');
    const projects = doc.paths["/api/v1/projects"].get;
    expect(projects.parameters).toEqual([]);
  });

  it("is generated when asked for and cached per operations table", () => {
    expect(getOpenApiDocument()).toBe(getOpenApiDocument());
    expect(getOpenApiDocument()).toEqual(doc);
    const other: RestOperation[] = restOperations.slice(0, 2);
    expect(Object.keys(getOpenApiDocument(other).paths)).toEqual(["/api/v1/projects"]);
  });

  it("has no committed (or stray) copy anywhere in the repository", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" }).split("\n");
    const copies = files.filter((file) => /(^|\/)(openapi|swagger)[^/]*\.(json|ya?ml)$/i.test(file));
    // The route that serves it is a directory named openapi.json, holding code only.
    expect(copies).toEqual([]);
    expect(files).toContain("server/rest/openapi.ts");
  });
});
