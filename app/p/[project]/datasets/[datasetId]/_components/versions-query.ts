"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "../../../../../_trpc/client";
import { allVersionsInput, nextCursor } from "../../_components/queries";

/** Every version of the dataset, newest first (pages of 200 are fetched until the last). */
export function useAllVersions(datasetId: string) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(trpc.versions.list.infiniteQueryOptions(allVersionsInput(datasetId), { getNextPageParam: nextCursor }));
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, isError]);
  return { versions: query.data?.pages.flatMap((p) => p.items) ?? [], loading: query.isPending || hasNextPage, error: query.error };
}
