"use client";

import { QueryClientProvider, isServer, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { usePathname } from "next/navigation";
import { useMemo, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/routers";
import { projectFromPathname } from "../_lib/paths";
import { makeQueryClient } from "./query-client";

/**
 * Query keys are prefixed with the project of the current URL, so the browser cache never shows
 * one project's datasets under another's URL. Server prefetches use the same prefix (server.tsx).
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter, { keyPrefix: true }>();

export const PROJECT_HEADER = "x-cairn-project";

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // A fresh client per server render (no data shared between requests); one for the browser's lifetime.
  if (isServer) return makeQueryClient();
  return (browserQueryClient ??= makeQueryClient());
}

function baseUrl(): string {
  if (typeof window !== "undefined") return "";
  // Only reached when a client component suspends on a query the server did not prefetch.
  return `http://127.0.0.1:${process.env.PORT ?? 3000}`;
}

export function createCairnClient(project: string | null) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl()}/api/trpc`,
        transformer: superjson,
        headers: () => (project === null ? {} : { [PROJECT_HEADER]: encodeURIComponent(project) }),
      }),
    ],
  });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const project = projectFromPathname(usePathname());
  const trpcClient = useMemo(() => createCairnClient(project), [project]);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient} keyPrefix={project ?? ""}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
