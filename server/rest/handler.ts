// The REST adapter: routes a request to its operation, reads its input from the path, the query
// and the body (wire names -> contract names), calls the tRPC procedure in-process, and answers
// in wire names. Validation, project scoping and errors are the procedures' own.
import { TRPCError } from "@trpc/server";
import { safeParse } from "zod";
import type { Database } from "@/db";
import type { AuthMode } from "@/lib/contracts";
import { projectAccess, requireSignedIn } from "../services/access";
import { authModeFromEnv } from "../services/auth-mode";
import { callerFor } from "../trpc/caller";
import { createContext } from "../trpc/context";
import { readJsonBody } from "./body";
import { responseBody } from "./envelope";
import { invalidFields, RestError, toErrorResponse, type FieldIssue } from "./errors";
import { inputSource, isProcedureOperation, JSON_BODY_LIMIT, type Caller, type ProcedureOperation, type RestOperation } from "./operation";
import { restOperations } from "./operations";
import { parseParam, queryToWire } from "./params";
import { matchRoute } from "./routes";
import { operationSchemas, type OperationSchemas } from "./schemas";
import { fromWire, objectShape, setOwn, wireKeys, wireName, wirePath, type WireIssue } from "./wire";

export async function handleRest(
  request: Request,
  database: Database,
  operations: readonly RestOperation[] = restOperations,
  options: { authMode?: AuthMode } = {},
): Promise<Response> {
  let schemas: OperationSchemas | null = null;
  try {
    const url = new URL(request.url);
    const { operation, params } = matchRoute(operations, request.method, url.pathname);
    schemas = operationSchemas(operation);
    // Credentials (and the project, where the operation acts in one) are checked before the body
    // is read: an anonymous or foreign caller gets 401 / 404 whatever it sent, and a large upload
    // is refused unread. The procedures check again, as they do for every caller.
    const authMode = options.authMode ?? authModeFromEnv();
    const context = await createContext(database, request.headers, { authMode, requestUrl: request.url });
    if (operation.projectScoped === false) requireSignedIn(context.principal);
    else await projectAccess(database.db, context.principal, context.projectRef, operation.method !== "GET");
    const input = await readInput(operation, schemas, request, url, params);
    const caller = callerFor(context);
    const status = operation.successStatus ?? 200;
    if (isProcedureOperation(operation)) {
      if (operation.ndjson) return await ndjsonResponse(operation, caller, input as Record<string, unknown>);
      const output = await callProcedure(caller, operation.procedure, input);
      return Response.json(responseBody(schemas.output, output), { status });
    }
    const parsed = safeParse(operation.input, input);
    if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", cause: parsed.error });
    const result = await operation.handle({ request, database, caller, input: parsed.data });
    if (result instanceof Response) return result;
    const output = safeParse(operation.output, result);
    if (!output.success) throw new Error(`operation ${operation.id} answered outside its output schema: ${output.error.message}`);
    return Response.json(responseBody(schemas.output, output.data), { status });
  } catch (error) {
    return toErrorResponse(error, schemas);
  }
}

/** Calls `caller.datasets.list(input)` for "datasets.list". */
export function callProcedure(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

/** The procedure's input (contract names) from the path parameters, the query string or the JSON body. */
async function readInput(
  op: RestOperation,
  schemas: OperationSchemas,
  request: Request,
  url: URL,
  params: Record<string, string>,
): Promise<unknown> {
  const from = inputSource(op);
  let wire: unknown;
  if (from === "query") {
    wire = queryToWire(schemas.input, url.searchParams);
  } else {
    const extra = [...url.searchParams.keys()];
    if (extra.length > 0) {
      throw invalidFields(extra.map((name) => ({ path: name, message: "unexpected query parameter: this operation takes a JSON body" })));
    }
    // No body is no fields; a body of `null` is not an object (and is refused below).
    const body = await readJsonBody(request, op.bodyLimit ?? JSON_BODY_LIMIT);
    wire = body === undefined ? {} : body;
    if (typeof wire !== "object" || wire === null || Array.isArray(wire)) {
      throw new RestError("BAD_REQUEST", "the request body must be a JSON object");
    }
  }

  if (!schemas.input) {
    const given = Object.keys(wire as object);
    if (given.length > 0) throw invalidFields(given.map((name) => ({ path: name, message: "this operation takes no parameters" })));
    return undefined;
  }

  const issues: WireIssue[] = [];
  const input = fromWire(schemas.input, wire, issues) as Record<string, unknown>;
  const problems: FieldIssue[] = issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const shape = objectShape(schemas.input, "input") ?? {};
  const fields = wireKeys(shape);
  const where = from === "query" ? "query string" : "body";
  for (const field of schemas.hidden) {
    if (Object.hasOwn(input, field)) problems.push({ path: wirePath(schemas.input, [field]), message: "unknown field" });
  }
  for (const [name, text] of Object.entries(params)) {
    const field = op.pathFields?.[name] ?? fields.get(name) ?? name;
    if (Object.hasOwn(input, field)) problems.push({ path: wireName(field), message: `given in the path as {${name}}; leave it out of the ${where}` });
    setOwn(input, field, shape[field] ? parseParam(shape[field], [text]) : text);
  }
  if (problems.length > 0) throw invalidFields(problems);
  for (const [field, value] of Object.entries(op.fixed ?? {})) setOwn(input, field, value);
  return input;
}

/** Pages through a `{lines, nextCursor}` procedure, streaming the lines; errors of the first page answer as JSON. */
async function ndjsonResponse(op: ProcedureOperation, caller: Caller, input: Record<string, unknown>): Promise<Response> {
  type Page = { lines: string[]; nextCursor: string | null };
  const first = (await callProcedure(caller, op.procedure, input)) as Page & Record<string, unknown>;
  const encoder = new TextEncoder();
  let page: Page | null = first;
  const body = new ReadableStream<Uint8Array>({
    // Emits a page once the next one is read (or there is none), skipping empty pages.
    async pull(controller) {
      for (;;) {
        const current: Page | null = page;
        if (!current) return controller.close();
        try {
          page = current.nextCursor === null ? null : ((await callProcedure(caller, op.procedure, { ...input, cursor: current.nextCursor })) as Page);
        } catch (error) {
          console.error(`REST ${op.id}: the stream failed after its first page:`, error);
          return controller.error(error);
        }
        if (current.lines.length > 0) return controller.enqueue(encoder.encode(`${current.lines.join("\n")}\n`));
      }
    },
  });
  return new Response(body, {
    status: op.successStatus ?? 200,
    headers: { "content-type": "application/x-ndjson; charset=utf-8", ...op.ndjson?.headers?.(first, input) },
  });
}
