// The OpenAPI 3.1 document of the REST surface, generated from the operations table and the zod
// schemas of the procedures it calls (zod's JSON Schema output, draft 2020-12, which is OpenAPI
// 3.1's dialect). Keys are renamed to wire names by the same rule as the values (wire.ts).
import { z } from "zod";
import {
  datasetSchema,
  diffEntrySchema,
  exampleDetailSchema,
  exampleSchema,
  metricSchema,
  metricSearchItemSchema,
  projectSchema,
  resultSchema,
  runListItemSchema,
  runSchema,
  versionSchema,
  versionSummarySchema,
} from "@/lib/contracts";
import { envelopeOf, renameItems } from "./envelope";
import { errorBodySchema } from "./errors";
import { inputSource, isProcedureOperation, JSON_BODY_LIMIT, type RestOperation } from "./operation";
import { restOperations, restTags } from "./operations";
import { API_KEY_PREFIX, SESSION_COOKIE } from "../services/principals";
import { PROJECT_HEADER } from "../trpc/context";
import { operationSchemas } from "./schemas";
import { defOf, objectShape, wireKeys, wireName, type Schema } from "./wire";

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  /** Any one of these schemes (when sign-in is required; see the description). */
  security: Record<string, string[]>[];
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, OpenApiResponse>;
    securitySchemes: Record<string, OpenApiSecurityScheme>;
  };
}

export type OpenApiSecurityScheme =
  | { type: "http"; scheme: "bearer"; bearerFormat?: string; description: string }
  | { type: "apiKey"; in: "cookie" | "header"; name: string; description: string };

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: "form" | "deepObject" | "simple";
  explode?: boolean;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema; "x-line-schema"?: JsonSchema }>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; description?: string; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}

/** Output schemas named once under components/schemas and referenced from every response. */
const components = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries({
  Project: projectSchema,
  Dataset: datasetSchema,
  Version: versionSchema,
  VersionSummary: versionSummarySchema,
  DiffEntry: diffEntrySchema,
  Example: exampleSchema,
  ExampleDetail: exampleDetailSchema,
  Run: runSchema,
  RunListItem: runListItemSchema,
  Result: resultSchema,
  Metric: metricSchema,
  MetricSearchItem: metricSearchItemSchema,
  Error: errorBodySchema,
})) {
  components.add(schema, { id });
}
const noComponents = z.registry<{ id: string }>();

export const ERROR_RESPONSES = {
  "400": { name: "BadRequest", description: "Invalid input: `details` lists each invalid field as `{path, message}` (wire names)." },
  "401": {
    name: "Unauthorized",
    description:
      "Sign-in is required and the request has no valid credentials: none, an unknown or revoked API key, or an expired session. Send a project API key as `Authorization: Bearer <key>`.",
  },
  "403": {
    name: "Forbidden",
    description: "The caller may not do this in the project: a viewer (account or key) writing, a member managing the project, or an API key managing projects.",
  },
  "404": {
    name: "NotFound",
    description: "The route, the project or a named id does not exist, or the caller has no role in its project (which looks the same); the message names it.",
  },
  "409": { name: "Conflict", description: "The request conflicts with the current state (a taken name, a concurrent upsert, a referenced dataset)." },
  "413": { name: "PayloadTooLarge", description: "The request body is larger than this operation accepts." },
  "500": { name: "InternalError", description: "A bug: the message is generic and the details are in the server log." },
} as const;

type Defs = Record<string, JsonSchema>;

/** zod -> JSON Schema in wire names, with its named parts moved to `defs`. */
function jsonSchema(schema: Schema, io: "input" | "output", defs: Defs): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    metadata: io === "output" ? components : noComponents,
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      const type = defOf(zodSchema).type;
      // Dates travel as ISO 8601 text (JSON.stringify of a Date).
      if (type === "date") Object.assign(jsonSchema, { type: "string", format: "date-time" });
      if (type === "object") renameProperties(jsonSchema);
    },
  }) as JsonSchema;
  const { $schema: _schema, $defs, ...rest } = generated;
  for (const [id, def] of Object.entries(($defs ?? {}) as Defs)) {
    const moved = rewriteRefs(def) as JsonSchema;
    if (defs[id] && JSON.stringify(defs[id]) !== JSON.stringify(moved)) throw new Error(`component ${id} is generated two different ways`);
    defs[id] = moved;
  }
  return rewriteRefs(rest) as JsonSchema;
}

/** An object's property names in wire form (idempotent: zod may visit one schema twice). */
function renameProperties(json: JsonSchema): void {
  const properties = json.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return;
  const renamed: Record<string, JsonSchema> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (Object.hasOwn(renamed, wireName(key))) throw new Error(`two properties have the wire name '${wireName(key)}'`);
    renamed[wireName(key)] = value;
  }
  json.properties = renamed;
  if (Array.isArray(json.required)) json.required = (json.required as string[]).map(wireName);
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === "$ref" && typeof item === "string" ? item.replace(/^#\/\$defs\//, "#/components/schemas/") : rewriteRefs(item),
    ]),
  );
}

/** The response body schema: the output in wire names, inside its list/page envelope. */
function responseSchema(output: Schema, defs: Defs): JsonSchema {
  const json = jsonSchema(output, "output", defs);
  switch (envelopeOf(output)) {
    case "list":
      return { type: "object", properties: { data: json }, required: ["data"], additionalProperties: false };
    case "page":
      return {
        ...json,
        properties: renameItems(json.properties as Record<string, JsonSchema>),
        required: (json.required as string[]).map((key) => (key === "items" ? "data" : key)),
      };
    default:
      return json;
  }
}

export const API_KEY_SCHEME = "ApiKey";
export const SESSION_SCHEME = "Session";

const securitySchemes: Record<string, OpenApiSecurityScheme> = {
  [API_KEY_SCHEME]: {
    type: "http",
    scheme: "bearer",
    bearerFormat: `${API_KEY_PREFIX}…`,
    description: "A project API key: it acts in its own project, as a `member` (reads and writes) or a `viewer` (reads only).",
  },
  [SESSION_SCHEME]: {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description: "The browser's session after signing in; the account's role in each project applies.",
  },
};

const ref = (status: keyof typeof ERROR_RESPONSES) => ({ $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` });

function describeOperation(op: RestOperation, defs: Defs): OpenApiOperation {
  const schemas = operationSchemas(op);
  const inputFrom = inputSource(op);
  const parameters: OpenApiParameter[] = [];
  let requestBody: OpenApiOperation["requestBody"];

  const input = schemas.input ? jsonSchema(schemas.input, "input", defs) : null;
  const properties = { ...((input?.properties ?? {}) as Record<string, JsonSchema>) };
  const required = new Set((input?.required ?? []) as string[]);
  const fields = schemas.input ? wireKeys(objectShape(schemas.input, "input") ?? {}) : new Map<string, string>();
  const take = (name: string) => {
    const schema = properties[name];
    delete properties[name];
    return schema;
  };
  for (const field of schemas.hidden) take(wireName(field));
  for (const [, name] of op.path.matchAll(/\{([^}]+)\}/g)) {
    const field = op.pathFields?.[name] ?? fields.get(name) ?? name;
    const schema = take(wireName(field));
    if (!schema) throw new Error(`operation ${op.id}: path parameter {${name}} fills no input field`);
    parameters.push({ name, in: "path", required: true, schema });
  }

  if (inputFrom === "query") {
    for (const [name, schema] of Object.entries(properties)) {
      const kind = paramKind(schema, defs);
      parameters.push({
        name,
        in: "query",
        required: required.has(name),
        schema,
        ...(kind === "object" ? { style: "deepObject" as const, explode: true } : {}),
        ...(kind === "array" ? { style: "form" as const, explode: true } : {}),
      });
    }
  } else if (Object.keys(properties).length > 0) {
    const bodyRequired = [...required].filter((name) => Object.hasOwn(properties, name));
    const { required: _required, ...base } = input!;
    const schema: JsonSchema = { ...base, properties, ...(bodyRequired.length > 0 ? { required: bodyRequired } : {}) };
    requestBody = { required: bodyRequired.length > 0, content: { "application/json": { schema } } };
  }
  if (!isProcedureOperation(op) && op.rawBody) {
    requestBody = { required: true, description: op.rawBody.description, content: { [op.rawBody.contentType]: { schema: { type: "string" } } } };
  }
  if (op.projectScoped !== false) {
    parameters.push({
      name: PROJECT_HEADER,
      in: "header",
      required: false,
      description: "The project to act in: its name or id (percent-encoded). Absent: the API key's own project, or else the `default` project.",
      schema: { type: "string" },
    });
  }

  const status = String(op.successStatus ?? 200);
  const ndjson = isProcedureOperation(op) ? op.ndjson : undefined;
  const success: OpenApiResponse = ndjson
    ? {
        description: "Newline-delimited JSON, streamed: one object per line (`x-line-schema`).",
        headers: { "x-cairn-version": { description: "The version exported.", schema: { type: "string" } } },
        content: { "application/x-ndjson": { schema: { type: "string" }, "x-line-schema": jsonSchema(ndjson.line, "output", defs) } },
      }
    : { description: status === "201" ? "Created." : "OK.", content: { "application/json": { schema: responseSchema(schemas.output, defs) } } };

  // Every operation needs credentials when sign-in is required; only reads are open to viewers.
  const responses: OpenApiOperation["responses"] = { [status]: success, "400": ref("400"), "401": ref("401") };
  if (op.method !== "GET") responses["403"] = ref("403");
  if (op.projectScoped !== false || op.path.includes("{")) responses["404"] = ref("404");
  if (op.method !== "GET") responses["409"] = ref("409");
  if (inputFrom === "body") responses["413"] = ref("413");
  responses["500"] = ref("500");

  return {
    operationId: op.id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [...op.tags],
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** "array", "object" or "scalar": how a query parameter is serialized. */
function paramKind(schema: JsonSchema, defs: Defs): "array" | "object" | "scalar" {
  if (typeof schema.$ref === "string") return paramKind(defs[schema.$ref.split("/").pop()!] ?? {}, defs);
  if (schema.type === "array") return "array";
  if (schema.type === "object") return "object";
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (options) {
    const kinds = options.map((option) => paramKind(option, defs));
    if (kinds.includes("array")) return "array";
    if (kinds.includes("object")) return "object";
  }
  return "scalar";
}

export function buildOpenApiDocument(operations: readonly RestOperation[] = restOperations): OpenApiDocument {
  const defs: Defs = {};
  const paths: OpenApiDocument["paths"] = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    item[op.method.toLowerCase()] = describeOperation(op, defs);
  }
  const errorSchema = jsonSchema(errorBodySchema, "output", defs);
  const responses = Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(({ name, description }) => [name, { description, content: { "application/json": { schema: errorSchema } } }]),
  );
  const used = new Set(operations.flatMap((op) => op.tags));
  return {
    openapi: "3.1.0",
    info: {
      title: "Cairn REST API",
      version: "1",
      description: [
        "Versioned evaluation datasets and experiment runs, for any language. Generated from the same zod contracts as Cairn's tRPC API, so it cannot drift from the server.",
        "",
        `- JSON field names are snake_case. The contents of free-form objects (an example's \`input\`, \`output\`, \`metadata\`, a run's \`configuration\`...) are stored and returned exactly as sent.`,
        `- Every operation except those on projects acts in the project named by the \`${PROJECT_HEADER}\` header (a name or an id); absent, the API key's own project, or else the \`default\` project.`,
        "- Authentication: send a project API key (made by a project owner in the browser) as `Authorization: Bearer cairn_…`; the browser's session cookie works too. A key acts in its own project only, with its role: `member` reads and writes, `viewer` only reads. A Cairn running in single-user mode (the embedded database on a loopback address) needs no credentials.",
        "- Lists are `{ data: [...], next_cursor }`: pass `cursor=<next_cursor>` for the next page until it is null.",
        "- Errors are `{ error: { code, message, details? } }` with the HTTP status of the code: 400 BAD_REQUEST, 401 UNAUTHORIZED, 403 FORBIDDEN, 404 NOT_FOUND, 405 METHOD_NOT_SUPPORTED, 409 CONFLICT, 413 PAYLOAD_TOO_LARGE, 500 INTERNAL_SERVER_ERROR.",
        `- JSON request bodies are limited to ${JSON_BODY_LIMIT / 1024 / 1024} MiB (payload chunks of the upsert protocol to 16 MiB); the one-shot JSONL upsert has no limit.`,
        "- Dates are ISO 8601 text in UTC.",
      ].join("\n"),
    },
    tags: [
      ...restTags.filter((tag) => used.has(tag.name)),
      ...[...used].filter((name) => !restTags.some((tag) => tag.name === name)).map((name) => ({ name })),
    ],
    paths,
    security: [{ [API_KEY_SCHEME]: [] }, { [SESSION_SCHEME]: [] }],
    components: { schemas: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))), responses, securitySchemes },
  };
}

const documents = new WeakMap<readonly RestOperation[], OpenApiDocument>();

/** The document, generated once per process from the code. */
export function getOpenApiDocument(operations: readonly RestOperation[] = restOperations): OpenApiDocument {
  let document = documents.get(operations);
  if (!document) {
    document = buildOpenApiDocument(operations);
    documents.set(operations, document);
  }
  return document;
}
