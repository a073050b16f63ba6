import type { Metadata } from "next";
import { Suspense } from "react";
import { ButtonLink } from "../../../../../_components/ui/button";
import { ErrorState } from "../../../../../_components/ui/error-state";
import { getTRPC, HydrateClient, prefetchInfinite } from "../../../../../_trpc/server";
import { projectParam } from "../../../params";
import { datasetHref, versionBoundParam } from "../../_components/paths";
import { allVersionsInput, diffInput, nextCursor } from "../../_components/queries";
import { DatasetNotFound, loadDataset } from "../_components/load-dataset";
import { DiffView, DiffSkeleton } from "./_components/diff-view";

export const dynamic = "force-dynamic";

type Params = Promise<{ project: string; datasetId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params, searchParams }: { params: Params; searchParams: SearchParams }): Promise<Metadata> {
  const dataset = await loadDataset(await projectParam(params), (await params).datasetId);
  const query = await searchParams;
  return { title: dataset ? `Diff v${versionBoundParam(query.from) ?? "?"} → v${versionBoundParam(query.to) ?? "?"} · ${dataset.name}` : "Dataset not found" };
}

export default async function DiffPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const project = await projectParam(params);
  const { datasetId } = await params;
  const query = await searchParams;
  const dataset = await loadDataset(project, datasetId);
  if (!dataset) return <DatasetNotFound project={project} datasetId={datasetId} />;

  const latest = dataset.latestVersion ?? 0;
  // Defaults: the latest version against the one before it.
  const to = versionBoundParam(query.to) ?? latest;
  const from = versionBoundParam(query.from) ?? Math.max(0, to - 1);
  const problem =
    latest === 0
      ? "This dataset has no version yet, so there is nothing to compare."
      : [from, to].find((v) => v > latest) !== undefined
        ? `Version ${[from, to].find((v) => v > latest)} does not exist: the latest version of '${dataset.name}' is v${latest}.`
        : null;

  if (!problem) {
    const trpc = getTRPC(project);
    prefetchInfinite(trpc.versions.diff.infiniteQueryOptions(diffInput(dataset.id, from, to), { getNextPageParam: nextCursor }));
    prefetchInfinite(trpc.versions.list.infiniteQueryOptions(allVersionsInput(dataset.id), { getNextPageParam: nextCursor }));
  }
  return (
    <HydrateClient>
      {problem ? (
        <ErrorState
          className="mt-4"
          title="Cannot show this diff"
          message={problem}
          action={
            <ButtonLink href={datasetHref(project, dataset.id, { tab: "versions" })} variant="secondary" size="sm">
              Back to versions
            </ButtonLink>
          }
        />
      ) : (
        <Suspense key={`${from}-${to}`} fallback={<DiffSkeleton />}>
          <DiffView project={project} dataset={{ id: dataset.id, name: dataset.name }} from={from} to={to} />
        </Suspense>
      )}
    </HydrateClient>
  );
}
