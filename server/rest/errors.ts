// One error shape on the REST surface: { error: { code, message, details? } }, with the status of
// the tRPC code (so a procedure's NOT_FOUND is a 404 here as it is over tRPC).
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z, ZodError } from "zod";
import { BadInputDetails } from "../errors";
import type { OperationSchemas } from "./schemas";
import { wireMessage, wireName, wirePath } from "./wire";

export const errorBodySchema = z.object({
  error: z.object({
    /** The tRPC error code: BAD_REQUEST, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, METHOD_NOT_SUPPORTED, INTERNAL_SERVER_ERROR, ... */
    code: z.string(),
    message: z.string(),
    /** BAD_REQUEST: `[{path, message}]` for invalid fields; other structured facts (e.g. offending ids) otherwise. */
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** An error raised by the REST adapter itself (routing, body reading), before any procedure runs. */
export class RestError extends Error {
  constructor(
    readonly code: TRPCError["code"],
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "RestError";
  }

  get status(): number {
    return getHTTPStatusCodeFromError(new TRPCError({ code: this.code }));
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export function fieldsMessage(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ");
}

/** A BAD_REQUEST naming fields by their wire paths. */
export function invalidFields(issues: FieldIssue[]): RestError {
  return new RestError("BAD_REQUEST", fieldsMessage(issues), issues);
}

/** Keys of server-made details (e.g. `{ sourceId }`) in wire names; values are left as they are. */
function wireDetails(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wireDetails);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [wireName(key), wireDetails(item)]));
}

export function errorResponse(status: number, error: ErrorBody["error"], headers?: HeadersInit): Response {
  return Response.json({ error }, { status, headers });
}

/** Any error thrown while serving a request, as the REST error answer. */
export function toErrorResponse(error: unknown, schemas: OperationSchemas | null): Response {
  if (error instanceof RestError) {
    const details = error.details === undefined ? {} : { details: error.details };
    return errorResponse(error.status, { code: error.code, message: error.message, ...details }, error.headers);
  }
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
    const status = getHTTPStatusCodeFromError(error);
    if (error.code === "BAD_REQUEST" && error.cause instanceof ZodError) {
      const keys = schemas?.inputKeys ?? new Set<string>();
      const alias = (path: PropertyKey[]) => {
        const param = typeof path[0] === "string" ? schemas?.pathAliases.get(path[0]) : undefined;
        return param ? [param, ...path.slice(1)].join(".") : wirePath(schemas?.input ?? null, path);
      };
      const issues = error.cause.issues.map((issue) => ({
        path: alias(issue.path),
        message: wireMessage(issue.message, keys),
      }));
      return errorResponse(status, { code: error.code, message: fieldsMessage(issues), details: issues });
    }
    // Services word their messages for the contract ("give either datasetId or ..."): say it in wire names.
    const message = wireMessage(error.message, schemas?.inputKeys ?? new Set());
    const details = error.cause instanceof BadInputDetails ? wireDetails(error.cause.details) : undefined;
    return errorResponse(status, { code: error.code, message, ...(details === undefined ? {} : { details }) });
  }
  console.error("REST request failed:", error instanceof TRPCError ? (error.cause ?? error) : error);
  return errorResponse(500, { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
}
