import { TRPCClientError } from "@trpc/client";
import { RecordError } from "../lib/records";
import { SyncError } from "../lib/sync";

/** A tRPC error code as the server sends it, or one of the SDK's own for errors found before any request. */
export type CairnErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL_SERVER_ERROR"
  | "TIMEOUT"
  /** The server could not be reached (connection refused, DNS, aborted). */
  | "NETWORK_ERROR"
  // Any other tRPC code (the string as the server sent it).
  | (string & {});

export interface ZodIssue {
  path: string;
  message: string;
}

export interface CairnErrorOptions {
  code: CairnErrorCode;
  message: string;
  /** null: the request never got an HTTP answer (or the error was found before sending). */
  httpStatus?: number | null;
  /** The procedure (e.g. "datasets.get") or route the error came from. */
  path?: string | null;
  details?: unknown;
  zodIssues?: ZodIssue[];
  cause?: unknown;
}

/**
 * Every error the SDK throws: the server's tRPC code, HTTP status and message, kept as sent, plus
 * `details` (e.g. offending ids or line numbers) and `zodIssues` when there are any.
 */
export class CairnError extends Error {
  readonly code: CairnErrorCode;
  readonly httpStatus: number | null;
  readonly path: string | null;
  readonly details: unknown;
  readonly zodIssues: ZodIssue[] | undefined;

  constructor(options: CairnErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CairnError";
    this.code = options.code;
    this.httpStatus = options.httpStatus ?? null;
    this.path = options.path ?? null;
    this.details = options.details;
    this.zodIssues = options.zodIssues;
  }
}

export function isCairnError(error: unknown): error is CairnError {
  return error instanceof CairnError;
}

interface ServerErrorData {
  code?: string;
  httpStatus?: number;
  path?: string;
  details?: unknown;
  zodIssues?: ZodIssue[];
}

/** A failed call as a CairnError: tRPC errors keep code, status and message; others become NETWORK_ERROR. */
export function toCairnError(error: unknown, path: string | null, baseUrl: string): CairnError {
  if (error instanceof CairnError) return error;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? undefined) as ServerErrorData | undefined;
    if (data?.code) {
      return new CairnError({
        code: data.code,
        message: error.message,
        httpStatus: data.httpStatus ?? null,
        path: data.path ?? path,
        details: data.details ?? undefined,
        zodIssues: data.zodIssues ?? undefined,
        cause: error,
      });
    }
    // No tRPC error shape: the request failed before an answer, or the answer was not tRPC.
    const reason = describeCause(error);
    const status = (error.meta as { response?: { status?: number } } | undefined)?.response?.status ?? null;
    if (status !== null) {
      return new CairnError({
        code: "INTERNAL_SERVER_ERROR",
        message: `${path ?? "request"}: the server at ${baseUrl} answered HTTP ${status} without a tRPC error (${reason})`,
        httpStatus: status,
        path,
        cause: error,
      });
    }
    return new CairnError({ code: "NETWORK_ERROR", message: `cannot reach Cairn at ${baseUrl}: ${reason}`, path, cause: error });
  }
  if (error instanceof SyncError || error instanceof RecordError) {
    return new CairnError({ code: "BAD_REQUEST", message: error.message, details: "details" in error ? error.details : undefined, cause: error });
  }
  return new CairnError({ code: "NETWORK_ERROR", message: `cannot reach Cairn at ${baseUrl}: ${describeCause(error)}`, path, cause: error });
}

/** The innermost useful reason: fetch's "fetch failed" hides ECONNREFUSED in its cause. */
function describeCause(error: unknown): string {
  const reasons: string[] = [];
  for (let e = error as { message?: unknown; code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const text = typeof e.code === "string" && typeof e.message === "string" && !e.message.includes(e.code) ? `${e.code} ${e.message}` : e.message;
    if (typeof text === "string" && text && !reasons.includes(text)) reasons.push(text);
  }
  return reasons.length ? reasons.join(": ") : String(error);
}
