import type { Database } from "@/db";
import { appRouter } from "../routers";
import { createContext } from "./context";
import { createCallerFactory } from "./init";

const factory = createCallerFactory(appRouter);

/** Calls the router in-process, as the HTTP handler would for a request with these headers. */
export function createCaller(database: Database, headers: HeadersInit = {}) {
  return factory(createContext(database, new Headers(headers)));
}
