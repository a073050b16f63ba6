// What one REST operation is: a row of the operations table. The handler (handler.ts) and the
// OpenAPI document (openapi.ts) are both generated from these rows, so they cannot disagree.
import type { AnyProcedure } from "@trpc/server";
import type { z } from "zod";
import type { Database } from "@/db";
import type { AppRouter } from "../routers";
import type { createCaller } from "../trpc/caller";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

type Paths<R> = { [K in keyof R & string]: R[K] extends AnyProcedure ? K : `${K}.${Paths<R[K]>}` }[keyof R & string];
/** A tRPC procedure of the app router, e.g. "datasets.list". */
export type ProcedurePath = Paths<AppRouter["_def"]["record"]>;

export type Caller = ReturnType<typeof createCaller>;

/** Default limit of a JSON request body. */
export const JSON_BODY_LIMIT = 4 * 1024 * 1024;

interface OperationBase {
  /** The operationId, unique: "datasets.list". */
  id: string;
  method: HttpMethod;
  /** OpenAPI path template; `{name}` segments are path parameters, named in wire (snake_case) form. */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** Input field a path parameter fills, when it is not the parameter's own name (`{project_id}` -> `id`). */
  pathFields?: Readonly<Record<string, string>>;
  /** Where the remaining input fields travel: the query string (default for GET and DELETE) or a JSON body. */
  inputFrom?: "query" | "body";
  /** Input fields the adapter sets itself; they are not part of the REST surface. */
  fixed?: Readonly<Record<string, unknown>>;
  /** Input fields this operation leaves out of its surface (e.g. a by-name lookup of a by-id route). */
  hidden?: readonly string[];
  /** 200 unless given (201 for creates). */
  successStatus?: 200 | 201;
  /** Largest JSON request body, in bytes (default JSON_BODY_LIMIT). */
  bodyLimit?: number;
  /** Acts in the project named by the `x-cairn-project` header (default true). */
  projectScoped?: boolean;
}

/** Streams a paged procedure (`{lines: string[], nextCursor}`) as NDJSON, one line per element. */
export interface NdjsonResponse {
  /** Schema of one line, for the document. */
  line: z.ZodType;
  /** Extra response headers from the first page. */
  headers?: (firstPage: Record<string, unknown>, input: Record<string, unknown>) => Record<string, string>;
}

/** An operation that calls one tRPC procedure in-process: same validation, scoping and errors. */
export interface ProcedureOperation extends OperationBase {
  procedure: ProcedurePath;
  ndjson?: NdjsonResponse;
}

export interface HandlerContext<I> {
  request: Request;
  database: Database;
  /** The app router, called in-process with the request's headers (and so its project). */
  caller: Caller;
  /** Path and query parameters (and JSON body fields), validated by the operation's `input`. */
  input: I;
}

/** An operation with its own code, for what is not one procedure call (e.g. a streamed upload). */
export interface HandlerOperation<I extends z.ZodType = z.ZodType> extends OperationBase {
  input: I;
  output: z.ZodType;
  /** The request body is read by `handle` itself (not parsed as JSON, no size limit). */
  rawBody?: { contentType: string; description: string };
  /** The output (checked against `output`, then sent in wire names), or a ready Response (e.g. a file download). */
  handle(context: HandlerContext<z.output<I>>): Promise<unknown>;
}

export type RestOperation = ProcedureOperation | HandlerOperation;

/** Where an operation's non-path input travels. */
export const inputSource = (op: RestOperation): "query" | "body" => op.inputFrom ?? (op.method === "GET" || op.method === "DELETE" ? "query" : "body");

export const isProcedureOperation = (op: RestOperation): op is ProcedureOperation => "procedure" in op;

/** Types a handler operation's `handle` from its `input` schema. */
export function handlerOperation<I extends z.ZodType>(op: HandlerOperation<I>): HandlerOperation {
  return op as unknown as HandlerOperation;
}
