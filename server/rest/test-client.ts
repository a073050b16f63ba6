// Test helpers: REST requests to the handler in-process, and answers checked against the
// OpenAPI document with a JSON Schema validator (Ajv, draft 2020-12).
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Database } from "@/db";
import { handleRest } from "./handler";
import type { OpenApiDocument, OpenApiOperation } from "./openapi";

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

export interface RestRequest {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | readonly (string | number)[]>;
  /** JSON-encoded as the body. */
  body?: unknown;
  /** Sent as is (overrides `body`). */
  raw?: BodyInit;
  headers?: Record<string, string>;
}

export function toRequest(req: RestRequest): Request {
  const url = new URL(req.path, "http://localhost");
  for (const [name, value] of Object.entries(req.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
  }
  const body = req.raw ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
  const headers = { ...(req.body !== undefined && req.raw === undefined ? { "content-type": "application/json" } : {}), ...req.headers };
  return new Request(url, { method: req.method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
}

export interface RestAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined for a non-JSON answer). */
  json: unknown;
}

export async function call(database: Database, req: RestRequest): Promise<RestAnswer> {
  const response = await handleRest(toRequest(req), database);
  const text = await response.text();
  const json = response.headers.get("content-type")?.includes("application/json") ? (JSON.parse(text) as unknown) : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

/** The value with every local `$ref` replaced by what it points at (the document has no cycles). */
export function deref<T>(doc: OpenApiDocument, value: T): T {
  if (Array.isArray(value)) return value.map((item) => deref(doc, item)) as T;
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$ref === "string" && record.$ref.startsWith("#/")) {
    const target = record.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    if (target === undefined) throw new Error(`unresolved $ref ${record.$ref}`);
    return deref(doc, target as T);
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, deref(doc, item)])) as T;
}

export function operationsOf(doc: OpenApiDocument): { method: string; path: string; operation: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ method, path, operation })));
}

/** Checks answers against the document's response schemas. */
export function responseChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  const byId = new Map(operationsOf(doc).map((entry) => [entry.operation.operationId, entry.operation]));

  function validator(operationId: string, status: number, kind: "schema" | "x-line-schema" = "schema"): ValidateFunction {
    const key = `${operationId} ${status} ${kind}`;
    let validate = compiled.get(key);
    if (!validate) {
      const operation = byId.get(operationId);
      if (!operation) throw new Error(`no operation ${operationId} in the document`);
      const response = deref(doc, operation.responses[String(status)]) as { content?: Record<string, Record<string, unknown>> } | undefined;
      if (!response) throw new Error(`${operationId} documents no ${status} response`);
      const media = Object.values(response.content ?? {})[0];
      if (!media?.[kind]) throw new Error(`${operationId} ${status} has no ${kind}`);
      validate = ajv.compile(media[kind] as object);
      compiled.set(key, validate);
    }
    return validate;
  }

  /** Null when `body` fits the documented schema of the response, else Ajv's complaints. */
  return function check(operationId: string, status: number, body: unknown, kind: "schema" | "x-line-schema" = "schema"): string | null {
    const validate = validator(operationId, status, kind);
    return validate(body) ? null : ajv.errorsText(validate.errors, { separator: "\n" });
  };
}
