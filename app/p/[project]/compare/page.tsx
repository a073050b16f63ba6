import type { Metadata } from "next";
import { Suspense } from "react";
import { getTRPC, HydrateClient, prefetch, prefetchInfinite } from "../../../_trpc/server";
import { projectParam, type ProjectParams } from "../params";
import {
  canCompare,
  compareRunsInput,
  compareState,
  compareSummaryInput,
  paramsFromRecord,
  pickerInput,
  type SearchParamsRecord,
} from "../runs/_lib/search-params";
import { CompareView } from "./_components/compare-view";
import CompareLoading from "./loading";

export const metadata: Metadata = { title: "Compare" };
export const dynamic = "force-dynamic";

export default async function ComparePage({ params, searchParams }: { params: ProjectParams; searchParams: Promise<SearchParamsRecord> }) {
  const project = await projectParam(params);
  const state = compareState(paramsFromRecord(await searchParams));
  const trpc = getTRPC(project);
  const next = { getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor };
  if (canCompare(state)) {
    // Rows first: the embedded database answers one query at a time, and the rows are the page.
    prefetchInfinite(trpc.compare.runs.infiniteQueryOptions(compareRunsInput(state), next));
    prefetch(trpc.compare.summary.queryOptions(compareSummaryInput(state)));
  } else {
    prefetchInfinite(trpc.runs.list.infiniteQueryOptions(pickerInput(null), next));
  }
  return (
    <HydrateClient>
      <Suspense fallback={<CompareLoading />}>
        <CompareView project={project} />
      </Suspense>
    </HydrateClient>
  );
}
