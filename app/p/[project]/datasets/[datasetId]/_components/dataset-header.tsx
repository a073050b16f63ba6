"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { DateTime } from "../../../../../_components/date-time";
import { JsonView } from "../../../../../_components/json-view";
import { Badge } from "../../../../../_components/ui/badge";
import { buttonClass, ButtonLink } from "../../../../../_components/ui/button";
import { useTRPC } from "../../../../../_trpc/client";
import { DownloadIcon, UploadIcon } from "../../../../../_components/icons";
import { datasetHref, datasetsHref, exportHref, positiveIntParam, uploadHref } from "../../_components/paths";
import { ForkDatasetButton } from "./fork-dialog";

const count = new Intl.NumberFormat("en-US");

export function DatasetHeader({ project, datasetId }: { project: string; datasetId: string }) {
  const trpc = useTRPC();
  const { data: dataset } = useSuspenseQuery(trpc.datasets.get.queryOptions({ datasetId }));
  const searchParams = useSearchParams();
  const tab = searchParams.get("tab") ?? "examples";
  // The version being looked at (examples tab), else the latest: that is what Export downloads.
  const picked = tab === "examples" ? positiveIntParam(searchParams.get("version") ?? undefined) : undefined;
  const exportVersion = picked ?? dataset.latestVersion;
  const paramCount = Object.keys(dataset.params).length;

  return (
    <header className="mb-5 flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-xs text-muted-foreground">
        <Link href={datasetsHref(project)} className="hover:text-foreground hover:underline hover:underline-offset-4">
          Datasets
        </Link>
        <span aria-hidden="true" className="mx-1.5">
          /
        </span>
        <span className="text-foreground">{dataset.name}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 flex-col gap-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold tracking-tight text-foreground">{dataset.name}</h1>
            {dataset.latestVersion !== null ? <Badge tone="info">v{dataset.latestVersion} latest</Badge> : <Badge>No versions yet</Badge>}
          </div>
          {dataset.description && <p className="max-w-3xl text-sm text-muted-foreground">{dataset.description}</p>}
          <dl className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
            <div className="flex gap-1">
              <dt className="sr-only">Examples</dt>
              <dd className="tabular-nums">
                <span className="font-medium text-foreground">{count.format(dataset.exampleCount)}</span> examples
              </dd>
            </div>
            <div className="flex gap-1">
              <dt className="sr-only">Runs</dt>
              <dd className="tabular-nums">
                <span className="font-medium text-foreground">{count.format(dataset.runCount)}</span> {dataset.runCount === 1 ? "run" : "runs"}
              </dd>
            </div>
            <div className="flex gap-1">
              <dt>Last change</dt>
              <dd>
                <DateTime value={dataset.lastChangeAt} />
              </dd>
            </div>
            {dataset.forkedFrom && (
              <div className="flex gap-1">
                <dt>Forked from</dt>
                <dd>
                  {dataset.forkedFrom.datasetName ? (
                    <Link
                      href={datasetHref(project, dataset.forkedFrom.datasetId, { version: dataset.forkedFrom.versionNumber })}
                      className="text-foreground hover:underline hover:underline-offset-4"
                    >
                      {dataset.forkedFrom.datasetName}
                      {dataset.forkedFrom.versionNumber !== null && ` v${dataset.forkedFrom.versionNumber}`}
                    </Link>
                  ) : (
                    "a deleted dataset"
                  )}
                </dd>
              </div>
            )}
          </dl>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <ButtonLink href={uploadHref(project, dataset.id)} variant="secondary">
            <UploadIcon />
            Upload new version
          </ButtonLink>
          {exportVersion !== null ? (
            <a href={exportHref(project, dataset.id, exportVersion)} download className={buttonClass({ variant: "secondary" })}>
              <DownloadIcon />
              Export JSONL <span className="text-muted-foreground">v{exportVersion}</span>
            </a>
          ) : (
            <span className={buttonClass({ variant: "secondary" })} aria-disabled="true" title="Nothing to export: the dataset has no version yet">
              <DownloadIcon />
              Export JSONL
            </span>
          )}
          <ForkDatasetButton project={project} dataset={dataset} />
        </div>
      </div>
      {paramCount > 0 && (
        <details className="group w-fit max-w-full rounded-md border border-border bg-card px-3 py-2 text-xs">
          <summary className="cursor-pointer text-muted-foreground select-none group-open:mb-1.5 hover:text-foreground">
            Params <span className="tabular-nums">({paramCount})</span>
          </summary>
          <JsonView value={dataset.params} bare collapseAt={1} />
        </details>
      )}
    </header>
  );
}
