import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Database } from "@/db";
import type { AuthMode } from "@/lib/contracts";
import { readBody } from "../rest/body";
import { RestError } from "../rest/errors";
import { appRouter } from "../routers";
import { authModeFromEnv } from "../services/auth-mode";
import { createContext } from "./context";

/** Largest tRPC request body: an upsert payload chunk (8 MiB of canonical JSON at most) with room to spare. */
export const TRPC_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Serves `/api/trpc`. The body is read first, counted against the limit (whatever Content-Length
 * says): an oversized one is answered 413 PAYLOAD_TOO_LARGE in tRPC's own error shape, unread.
 */
export async function handleTrpc(
  req: Request,
  database: Database,
  options: { authMode?: AuthMode; bodyLimit?: number } = {},
): Promise<Response> {
  const limit = options.bodyLimit ?? TRPC_BODY_LIMIT;
  let request = req;
  let tooLarge: TRPCError | null = null;
  if (req.method !== "GET" && req.method !== "HEAD") {
    try {
      const body = await readBody(req, limit);
      request = new Request(req.url, { method: req.method, headers: req.headers, body: body as Uint8Array<ArrayBuffer> });
    } catch (error) {
      if (!(error instanceof RestError) || error.code !== "PAYLOAD_TOO_LARGE") throw error;
      tooLarge = new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `${error.message} (tRPC bodies are limited to ${limit} bytes)` });
      request = new Request(req.url, { method: req.method, headers: req.headers, body: "{}" });
    }
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: ({ resHeaders }) => {
      if (tooLarge) throw tooLarge;
      return createContext(database, request.headers, { authMode: options.authMode ?? authModeFromEnv(), requestUrl: req.url, resHeaders });
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}
