import Link from "next/link";
import type { RunListItem } from "@/lib/contracts";
import { datasetHref } from "../_lib/links";

/** The dataset and exact version a run ran on, linked; or the external dataset id. */
export function RunDataset({
  project,
  run,
}: {
  project: string;
  run: Pick<RunListItem, "datasetId" | "datasetName" | "datasetVersionNumber" | "externalDatasetId">;
}) {
  if (run.datasetId) {
    return (
      <span className="flex min-w-0 items-baseline gap-1.5">
        <Link href={datasetHref(project, run.datasetId)} className="truncate text-foreground hover:underline hover:underline-offset-4">
          {run.datasetName ?? run.datasetId}
        </Link>
        {run.datasetVersionNumber != null && (
          <Link
            href={datasetHref(project, run.datasetId, run.datasetVersionNumber)}
            className="shrink-0 rounded bg-muted px-1.5 py-px font-mono text-[11px] text-muted-foreground hover:text-foreground"
            aria-label={`${run.datasetName ?? "dataset"} version ${run.datasetVersionNumber}`}
          >
            v{run.datasetVersionNumber}
          </Link>
        )}
      </span>
    );
  }
  if (run.externalDatasetId) {
    return (
      <span className="text-muted-foreground" title="A dataset kept outside Cairn">
        external · <span className="font-mono text-xs">{run.externalDatasetId}</span>
      </span>
    );
  }
  return <span className="text-muted-foreground">—</span>;
}
