import type { Metadata } from "next";
import { getTRPC, HydrateClient, prefetch } from "../../../../_trpc/server";
import { projectParam, type ProjectParams } from "../../params";
import { param } from "../_components/paths";
import { UploadForm } from "./_components/upload-form";

export const metadata: Metadata = { title: "Upload JSONL" };
export const dynamic = "force-dynamic";

export default async function UploadPage({
  params,
  searchParams,
}: {
  params: ProjectParams;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const project = await projectParam(params);
  const datasetId = param((await searchParams).dataset)?.trim() || null;
  const trpc = getTRPC(project);
  if (datasetId) prefetch(trpc.datasets.get.queryOptions({ datasetId }));
  else prefetch(trpc.datasets.list.queryOptions({ limit: 200 }));
  return (
    <HydrateClient>
      <UploadForm project={project} datasetId={datasetId} />
    </HydrateClient>
  );
}
