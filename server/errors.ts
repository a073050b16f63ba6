import { TRPCError } from "@trpc/server";

/** Errors that keep their meaning end to end (tRPC code -> HTTP status in every adapter). */
export function notFound(kind: string, id: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `${kind} '${id}' not found` });
}

export function conflict(message: string): TRPCError {
  return new TRPCError({ code: "CONFLICT", message });
}

export class BadInputDetails extends Error {
  constructor(
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

/** BAD_REQUEST; `details` (e.g. the offending ids) reaches the client as `data.details`. */
export function badRequest(message: string, details?: unknown): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message, cause: details === undefined ? undefined : new BadInputDetails(message, details) });
}

/** PostgreSQL error codes (same on PGlite) that are the caller's fault, not a bug. */
export function fromDatabaseError(error: unknown): TRPCError | null {
  const code = pgErrorCode(error);
  if (code === "23505") return conflict(describe(error, "already exists"));
  if (code === "23503") return new TRPCError({ code: "BAD_REQUEST", message: describe(error, "refers to a row that does not exist") });
  if (code === "23514" || code === "22P02" || code === "22P05" || code === "22001" || code === "54000") {
    return new TRPCError({ code: "BAD_REQUEST", message: describe(error, "is not valid") });
  }
  if (code === "40001" || code === "40P01") return conflict("the write raced another one; retry");
  return null;
}

/** The PostgreSQL error code (SQLSTATE) of an error or of one of its causes. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

function describe(error: unknown, fallback: string): string {
  for (let e = error as { detail?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.detail === "string") return e.detail;
  }
  return fallback;
}
