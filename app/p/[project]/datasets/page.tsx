import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "../../../_components/page-header";
import { getTRPC, HydrateClient, prefetchInfinite } from "../../../_trpc/server";
import { projectParam, type ProjectParams } from "../params";
import { CreateDatasetButton } from "./_components/create-dataset-dialog";
import { DatasetsTable, DatasetsTableSkeleton } from "./_components/datasets-table";
import { param, uploadHref } from "./_components/paths";
import { datasetListInput, nextCursor } from "./_components/queries";
import { SearchBox } from "./_components/search-box";
import { UploadIcon } from "../../../_components/icons";
import { ButtonLink } from "../../../_components/ui/button";

export const metadata: Metadata = { title: "Datasets" };
export const dynamic = "force-dynamic";

export default async function DatasetsPage({
  params,
  searchParams,
}: {
  params: ProjectParams;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const project = await projectParam(params);
  const q = param((await searchParams).q)?.trim() ?? "";
  prefetchInfinite(getTRPC(project).datasets.list.infiniteQueryOptions(datasetListInput(q), { getNextPageParam: nextCursor }));
  return (
    <>
      <PageHeader
        title="Datasets"
        description="Evaluation datasets, versioned on every change."
        actions={
          <>
            <ButtonLink href={uploadHref(project)} variant="secondary">
              <UploadIcon />
              Upload JSONL
            </ButtonLink>
            <CreateDatasetButton project={project} />
          </>
        }
      />
      <div className="mb-3 flex items-center gap-2">
        <SearchBox label="Search datasets" placeholder="Search by name…" className="w-full max-w-xs" />
      </div>
      <HydrateClient>
        <Suspense fallback={<DatasetsTableSkeleton />}>
          <DatasetsTable project={project} />
        </Suspense>
      </HydrateClient>
    </>
  );
}
