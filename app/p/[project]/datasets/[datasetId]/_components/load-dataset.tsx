import "server-only";

import { cache } from "react";
import type { Dataset } from "@/lib/contracts";
import { SearchOffIcon } from "../../../../../_components/icons";
import { ButtonLink } from "../../../../../_components/ui/button";
import { EmptyState } from "../../../../../_components/ui/empty-state";
import { safeDecode } from "../../../../../_lib/paths";
import { fetchQuery, getTRPC } from "../../../../../_trpc/server";
import { datasetsHref } from "../../_components/paths";

/** The dataset (kept in the request's query cache for the client), or null when there is no such dataset. */
export const loadDataset = cache(async (project: string, datasetId: string): Promise<Dataset | null> => {
  try {
    return await fetchQuery(getTRPC(project).datasets.get.queryOptions({ datasetId: safeDecode(datasetId) }));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") return null;
    throw error;
  }
});

export function DatasetNotFound({ project, datasetId }: { project: string; datasetId: string }) {
  return (
    <EmptyState
      className="mt-8"
      icon={<SearchOffIcon />}
      title="Dataset not found"
      action={
        <ButtonLink href={datasetsHref(project)} variant="primary">
          See all datasets
        </ButtonLink>
      }
    >
      No dataset &apos;{safeDecode(datasetId)}&apos; in project &apos;{project}&apos;. It may have been deleted, or the link
      has a typo.
    </EmptyState>
  );
}
