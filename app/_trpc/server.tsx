import "server-only";

import {
  dehydrate,
  HydrationBoundary,
  type FetchInfiniteQueryOptions,
  type FetchQueryOptions,
  type QueryKey,
} from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { getDatabase } from "@/db";
import { appRouter, type AppRouter } from "@/server/routers";
import { authModeFromEnv } from "@/server/services/auth-mode";
import { createContext, PROJECT_HEADER } from "@/server/trpc/context";
import { makeQueryClient } from "./query-client";

/** One QueryClient per request, shared by every server component that renders in it. */
export const getQueryClient = cache(makeQueryClient);

/**
 * The tRPC options proxy for server components, calling the router in-process (no HTTP) as the
 * given project. Its query keys carry the same project prefix as the browser's (client.tsx), so
 * what a page prefetches is exactly what its client components read. `null`: outside a project.
 */
export const getTRPC = cache((project: string | null) =>
  createTRPCOptionsProxy<AppRouter, { keyPrefix: true }>({
    router: appRouter,
    queryClient: getQueryClient,
    keyPrefix: project ?? "",
    ctx: async () => {
      const requestHeaders = new Headers(await headers());
      requestHeaders.delete(PROJECT_HEADER);
      if (project !== null) requestHeaders.set(PROJECT_HEADER, encodeURIComponent(project));
      return createContext(await getDatabase(), requestHeaders, { authMode: authModeFromEnv() });
    },
  }),
);

/** Hands everything prefetched so far in this request to the client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/** Starts a query without waiting for it; the pending result streams to the browser. */
export function prefetch<TQueryFnData, TError, TData, TQueryKey extends QueryKey>(
  options: FetchQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
): void {
  void getQueryClient().prefetchQuery(options);
}

export function prefetchInfinite<TQueryFnData, TError, TData, TQueryKey extends QueryKey, TPageParam>(
  options: FetchInfiniteQueryOptions<TQueryFnData, TError, TData, TQueryKey, TPageParam>,
): void {
  void getQueryClient().prefetchInfiniteQuery(options);
}

/** Runs a query now (the server needs the data itself) and keeps it in the cache for hydration. */
export function fetchQuery<TQueryFnData, TError, TData, TQueryKey extends QueryKey>(
  options: FetchQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
): Promise<TData> {
  return getQueryClient().fetchQuery(options);
}
