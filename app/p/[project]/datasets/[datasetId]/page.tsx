import type { Metadata } from "next";
import { Suspense } from "react";
import { getTRPC, HydrateClient, prefetchInfinite } from "../../../../_trpc/server";
import { projectParam } from "../../params";
import { ButtonLink } from "../../../../_components/ui/button";
import { ErrorState } from "../../../../_components/ui/error-state";
import { DATASET_TABS, datasetHref, param, positiveIntParam, type DatasetTab } from "../_components/paths";
import { allVersionsInput, exampleListInput, metricSearchInput, nextCursor, runListInput, versionListInput } from "../_components/queries";
import { DatasetHeader } from "./_components/dataset-header";
import { DatasetNotFound, loadDataset } from "./_components/load-dataset";
import { DatasetTabs } from "./_components/dataset-tabs";
import { ExamplesTab } from "./_components/examples-tab";
import { MetricsTab } from "./_components/metrics-tab";
import { RunsTab } from "./_components/runs-tab";
import { TabSkeleton } from "./_components/tab-skeleton";
import { VersionsTab } from "./_components/versions-tab";

export const dynamic = "force-dynamic";

type Params = Promise<{ project: string; datasetId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const project = await projectParam(params);
  const dataset = await loadDataset(project, (await params).datasetId);
  return { title: dataset ? dataset.name : "Dataset not found" };
}

export default async function DatasetPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const project = await projectParam(params);
  const { datasetId } = await params;
  const query = await searchParams;
  const dataset = await loadDataset(project, datasetId);
  if (!dataset) return <DatasetNotFound project={project} datasetId={datasetId} />;

  const tabParam = param(query.tab);
  const tab: DatasetTab = DATASET_TABS.includes(tabParam as DatasetTab) ? (tabParam as DatasetTab) : "examples";
  const version = positiveIntParam(query.version);
  const q = param(query.q)?.trim() ?? "";

  const missingVersion = version !== undefined && (dataset.latestVersion === null || version > dataset.latestVersion);

  // Start the active tab's first page now; it streams to the browser with the page.
  const trpc = getTRPC(project);
  if (tab === "examples") {
    if (!missingVersion) prefetchInfinite(trpc.examples.list.infiniteQueryOptions(exampleListInput(dataset.id, version, q), { getNextPageParam: nextCursor }));
    prefetchInfinite(trpc.versions.list.infiniteQueryOptions(allVersionsInput(dataset.id), { getNextPageParam: nextCursor }));
  } else if (tab === "versions") {
    prefetchInfinite(trpc.versions.list.infiniteQueryOptions(versionListInput(dataset.id), { getNextPageParam: nextCursor }));
  } else if (tab === "runs") {
    prefetchInfinite(trpc.runs.list.infiniteQueryOptions(runListInput(dataset.id), { getNextPageParam: nextCursor }));
  } else {
    prefetchInfinite(trpc.metrics.search.infiniteQueryOptions(metricSearchInput(dataset.id), { getNextPageParam: nextCursor }));
  }

  return (
    <HydrateClient>
      <DatasetHeader project={project} datasetId={dataset.id} />
      <DatasetTabs project={project} datasetId={dataset.id} tab={tab} />
      <div className="mt-4">
        <Suspense key={tab} fallback={<TabSkeleton />}>
          {tab === "examples" &&
            (missingVersion ? (
              <ErrorState
                title={`Version ${version} does not exist`}
                message={dataset.latestVersion === null ? "This dataset has no version yet." : `The latest version of '${dataset.name}' is v${dataset.latestVersion}.`}
                action={
                  <ButtonLink href={datasetHref(project, dataset.id)} variant="secondary" size="sm">
                    Show the latest version
                  </ButtonLink>
                }
              />
            ) : (
              <ExamplesTab project={project} datasetId={dataset.id} />
            ))}
          {tab === "versions" && <VersionsTab project={project} datasetId={dataset.id} />}
          {tab === "runs" && <RunsTab project={project} datasetId={dataset.id} />}
          {tab === "metrics" && <MetricsTab project={project} datasetId={dataset.id} />}
        </Suspense>
      </div>
    </HydrateClient>
  );
}
