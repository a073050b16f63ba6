import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "../../../_components/page-header";
import { getTRPC, HydrateClient, prefetch, prefetchInfinite } from "../../../_trpc/server";
import { projectParam, type ProjectParams } from "../params";
import { RunsTableSkeleton, RunsView } from "./_components/runs-view";
import { paramsFromRecord, runsFilter, runsListInput, type SearchParamsRecord } from "./_lib/search-params";

export const metadata: Metadata = { title: "Runs" };
export const dynamic = "force-dynamic";

export default async function RunsPage({ params, searchParams }: { params: ProjectParams; searchParams: Promise<SearchParamsRecord> }) {
  const project = await projectParam(params);
  const filter = runsFilter(paramsFromRecord(await searchParams));
  const trpc = getTRPC(project);
  prefetchInfinite(trpc.runs.list.infiniteQueryOptions(runsListInput(filter), { getNextPageParam: (page) => page.nextCursor }));
  prefetch(trpc.datasets.list.queryOptions({ limit: 200 }));
  return (
    <>
      <PageHeader title="Runs" description="Experiments recorded against an exact dataset version. Select two to five to compare them." />
      <HydrateClient>
        <Suspense fallback={<RunsTableSkeleton />}>
          <RunsView project={project} />
        </Suspense>
      </HydrateClient>
    </>
  );
}
