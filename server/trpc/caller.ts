import type { Database } from "@/db";
import { appRouter } from "../routers";
import { createContext, type Context, type ContextOptions } from "./context";
import { createCallerFactory } from "./init";

const factory = createCallerFactory(appRouter);

/**
 * Calls the router in-process, as the HTTP handler would for a request with these headers (the
 * context, credentials included, is resolved on each call). Request handlers pass the server's
 * auth mode; tests, benchmarks and scripts get single-user mode unless they say otherwise.
 */
export function createCaller(database: Database, headers: HeadersInit = {}, options: Partial<ContextOptions> = {}) {
  const requestHeaders = new Headers(headers);
  return factory(() => createContext(database, requestHeaders, { authMode: "local", ...options }));
}

/** A caller for one request whose context (credentials included) is already resolved. */
export function callerFor(context: Context) {
  return factory(context);
}
