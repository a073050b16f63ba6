import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

/**
 * The QueryClient used on both sides. Data crosses the server -> browser boundary through
 * superjson (Dates stay Dates), and pending queries are dehydrated too, so a server component can
 * start a prefetch without awaiting it and the browser picks up the streamed result.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Hydrated data is fresh for a while: no refetch right after the first paint.
        staleTime: 30_000,
        retry: (failureCount, error) => failureCount < 2 && isRetryable(error),
      },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
        // Next.js recognises its own errors (redirect, notFound, dynamic usage) by their shape.
        shouldRedactErrors: () => false,
      },
      hydrate: {
        deserializeData: superjson.deserialize,
      },
    },
  });
}

/** Retrying a 4xx (not found, bad input, conflict) cannot help; only transient failures are retried. */
function isRetryable(error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: unknown } } | null)?.data?.httpStatus;
  return typeof status !== "number" || status >= 500;
}
