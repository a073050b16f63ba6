"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { DateTime } from "../../../../_components/date-time";
import { DatasetIcon, SearchOffIcon } from "../../../../_components/icons";
import { Badge } from "../../../../_components/ui/badge";
import { ButtonLink } from "../../../../_components/ui/button";
import { Card } from "../../../../_components/ui/card";
import { EmptyState } from "../../../../_components/ui/empty-state";
import { Loading, SkeletonRows } from "../../../../_components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../../../_components/ui/table";
import { useTRPC } from "../../../../_trpc/client";
import { LoadMore } from "./load-more";
import { datasetHref, datasetsHref, uploadHref } from "./paths";
import { datasetListInput, nextCursor } from "./queries";

const count = new Intl.NumberFormat("en-US");

export function DatasetsTable({ project }: { project: string }) {
  const trpc = useTRPC();
  const q = useSearchParams().get("q")?.trim() ?? "";
  const query = useSuspenseInfiniteQuery(trpc.datasets.list.infiniteQueryOptions(datasetListInput(q), { getNextPageParam: nextCursor }));
  const datasets = query.data.pages.flatMap((page) => page.items);

  if (datasets.length === 0) {
    return q ? (
      <EmptyState
        icon={<SearchOffIcon />}
        title={`No datasets match '${q}'`}
        action={
          <ButtonLink href={datasetsHref(project)} variant="secondary">
            Clear search
          </ButtonLink>
        }
      >
        The search matches part of a dataset&apos;s name, ignoring case.
      </EmptyState>
    ) : (
      <EmptyState
        icon={<DatasetIcon />}
        title="No datasets yet"
        action={
          <ButtonLink href={uploadHref(project)} variant="primary">
            Upload JSONL
          </ButtonLink>
        }
      >
        Upload a JSONL file or sync one from code with the TypeScript SDK. Each sync that changes something becomes a new
        version, so a run always points at exactly the data it saw.
      </EmptyState>
    );
  }

  return (
    <Card>
      <Table aria-label="Datasets">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="pl-4">Name</TableHead>
            <TableHead className="text-right">Examples</TableHead>
            <TableHead>Latest version</TableHead>
            <TableHead>Last change</TableHead>
            <TableHead className="pr-4 text-right">Runs</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {datasets.map((dataset) => (
            <TableRow key={dataset.id}>
              <TableCell className="w-1/2 max-w-0 min-w-48 py-2 pl-4">
                <Link
                  href={datasetHref(project, dataset.id)}
                  className="block truncate font-medium text-foreground hover:underline hover:underline-offset-4"
                >
                  {dataset.name}
                </Link>
                {(dataset.description || dataset.forkedFrom) && (
                  <span className="block truncate text-xs text-muted-foreground">
                    {dataset.forkedFrom &&
                      `Fork of ${dataset.forkedFrom.datasetName ?? "a deleted dataset"}${dataset.forkedFrom.versionNumber ? ` v${dataset.forkedFrom.versionNumber}` : ""}${dataset.description ? " · " : ""}`}
                    {dataset.description}
                  </span>
                )}
              </TableCell>
              <TableCell className="text-right tabular-nums">{count.format(dataset.exampleCount)}</TableCell>
              <TableCell>
                {dataset.latestVersion === null ? (
                  <span className="text-muted-foreground">No versions</span>
                ) : (
                  <Badge>v{dataset.latestVersion}</Badge>
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                <DateTime value={dataset.lastChangeAt} />
              </TableCell>
              <TableCell className="pr-4 text-right tabular-nums">
                {dataset.runCount > 0 ? (
                  <Link href={datasetHref(project, dataset.id, { tab: "runs" })} className="hover:underline hover:underline-offset-4">
                    {count.format(dataset.runCount)}
                  </Link>
                ) : (
                  <span className="text-muted-foreground">0</span>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LoadMore query={query} shown={datasets.length} noun={["dataset", "datasets"]} />
    </Card>
  );
}

export function DatasetsTableSkeleton({ announce = true }: { announce?: boolean }) {
  const rows = (
    <div className="rounded-lg border border-border bg-card">
      <div className="h-9 border-b border-border" />
      <SkeletonRows rows={6} />
    </div>
  );
  return announce ? <Loading label="Loading datasets…">{rows}</Loading> : rows;
}
