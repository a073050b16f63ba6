"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RunStatusValue } from "@/lib/contracts";
import { DateTime } from "../../../../../_components/date-time";
import { RunIcon } from "../../../../../_components/icons";
import { Badge, type BadgeTone } from "../../../../../_components/ui/badge";
import { Card } from "../../../../../_components/ui/card";
import { EmptyState } from "../../../../../_components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../../../../_components/ui/table";
import { useTRPC } from "../../../../../_trpc/client";
import { LoadMore } from "../../_components/load-more";
import { datasetHref, runHref } from "../../_components/paths";
import { nextCursor, runListInput } from "../../_components/queries";
import { formatMetric } from "./metric-format";

const fmt = new Intl.NumberFormat("en-US");

export const statusTone: Record<RunStatusValue, BadgeTone> = {
  pending: "neutral",
  running: "info",
  completed: "success",
  failed: "danger",
  cancelled: "warning",
};

export function RunsTab({ project, datasetId }: { project: string; datasetId: string }) {
  const trpc = useTRPC();
  const query = useSuspenseInfiniteQuery(trpc.runs.list.infiniteQueryOptions(runListInput(datasetId), { getNextPageParam: nextCursor }));
  const runs = query.data.pages.flatMap((p) => p.items);

  if (runs.length === 0) {
    return (
      <EmptyState icon={<RunIcon />} title="No runs on this dataset yet">
        Record an experiment against this dataset with the SDK&apos;s <code className="font-mono text-xs">runExperiment</code>; each run is
        pinned to the exact version it ran on and shows up here with its metrics.
      </EmptyState>
    );
  }

  return (
    <Card>
      <Table aria-label="Runs on this dataset">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="pl-4">Run</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Version</TableHead>
            <TableHead className="text-right">Datapoints</TableHead>
            <TableHead>Headline metrics</TableHead>
            <TableHead className="pr-4">Created</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.map((run) => (
            <TableRow key={run.id}>
              <TableCell className="max-w-0 min-w-48 pl-4">
                <Link href={runHref(project, run.id)} className="block truncate font-medium text-foreground hover:underline hover:underline-offset-4">
                  {run.name}
                </Link>
              </TableCell>
              <TableCell>
                <Badge tone={statusTone[run.status]}>{run.status}</Badge>
              </TableCell>
              <TableCell>
                {run.datasetVersionNumber !== null ? (
                  <Link href={datasetHref(project, datasetId, { version: run.datasetVersionNumber })} className="hover:underline hover:underline-offset-4">
                    v{run.datasetVersionNumber}
                  </Link>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell className="text-right tabular-nums">{fmt.format(run.datapointCount)}</TableCell>
              <TableCell>
                {run.headlineMetrics.length === 0 ? (
                  <span className="text-xs text-muted-foreground">No metrics yet</span>
                ) : (
                  <span className="flex gap-3 font-mono text-xs whitespace-nowrap">
                    {run.headlineMetrics.map((m) => (
                      <span key={m.name}>
                        <span className="text-muted-foreground">{m.name}</span> <span className="text-foreground tabular-nums">{formatMetric(m.value)}</span>
                      </span>
                    ))}
                  </span>
                )}
              </TableCell>
              <TableCell className="pr-4 whitespace-nowrap text-muted-foreground">
                <DateTime value={run.createdAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LoadMore query={query} shown={runs.length} noun={["run", "runs"]} />
    </Card>
  );
}
