import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { CompareIcon, SearchOffIcon } from "../../../../_components/icons";
import { PageHeader } from "../../../../_components/page-header";
import { ButtonLink } from "../../../../_components/ui/button";
import { EmptyState } from "../../../../_components/ui/empty-state";
import { projectHref, safeDecode } from "../../../../_lib/paths";
import { getTRPC, HydrateClient, prefetch, prefetchInfinite } from "../../../../_trpc/server";
import { projectParam } from "../../params";
import { QueryBoundary } from "../_components/query-boundary";
import { RunStatusBadge } from "../_components/run-status-badge";
import { compareHref } from "../_lib/links";
import { paramsFromRecord, resultsFilter, resultsListInput, type SearchParamsRecord } from "../_lib/search-params";
import { ResultsSection } from "./_components/results-section";
import { RunMetrics, RunMetricsSkeleton } from "./_components/run-metrics";
import { RunOverview } from "./_components/run-overview";
import { loadRun } from "./_lib/load-run";

export const dynamic = "force-dynamic";

type RunParams = Promise<{ project: string; runId: string }>;

export async function generateMetadata({ params }: { params: RunParams }): Promise<Metadata> {
  const { runId } = await params;
  const run = await loadRun(await projectParam(params), safeDecode(runId));
  return { title: run ? `${run.name} · Runs` : "Run not found" };
}

export default async function RunPage({ params, searchParams }: { params: RunParams; searchParams: Promise<SearchParamsRecord> }) {
  const project = await projectParam(params);
  const runId = safeDecode((await params).runId);
  // Start the page's queries while the run itself is read: they only need its id.
  const trpc = getTRPC(project);
  const filter = resultsFilter(paramsFromRecord(await searchParams));
  prefetch(trpc.metrics.byRun.queryOptions({ runId }));
  prefetch(trpc.results.distribution.queryOptions({ runId }));
  prefetchInfinite(trpc.results.list.infiniteQueryOptions(resultsListInput(runId, filter), { getNextPageParam: (page) => page.nextCursor }));
  const run = await loadRun(project, runId);
  if (!run) {
    return (
      <EmptyState
        className="mt-8"
        icon={<SearchOffIcon />}
        title="Run not found"
        action={
          <ButtonLink href={projectHref(project, "runs")} variant="primary">
            See all runs
          </ButtonLink>
        }
      >
        This project has no run with id <code className="font-mono text-xs">{runId}</code>. It may have been deleted, or the link belongs to
        another project.
      </EmptyState>
    );
  }

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-col gap-4">
        <nav aria-label="Breadcrumb" className="text-xs text-muted-foreground">
          <Link href={projectHref(project, "runs")} className="hover:text-foreground hover:underline hover:underline-offset-4">
            Runs
          </Link>
          <span aria-hidden="true"> / </span>
          <span aria-current="page">{run.name}</span>
        </nav>
        <PageHeader
          className="mb-0"
          title={
            <span className="flex flex-wrap items-center gap-2.5">
              {run.name}
              <RunStatusBadge status={run.status} />
            </span>
          }
          description={run.description || undefined}
          actions={
            <ButtonLink href={compareHref(project, [run.id])} variant="secondary">
              <CompareIcon />
              Compare with…
            </ButtonLink>
          }
        />
        <RunOverview project={project} run={run} />
      </div>
      <HydrateClient>
        <QueryBoundary title="Metrics could not be loaded">
          <Suspense fallback={<RunMetricsSkeleton />}>
            <RunMetrics project={project} runId={runId} />
          </Suspense>
        </QueryBoundary>
        <ResultsSection runId={runId} />
      </HydrateClient>
    </div>
  );
}
