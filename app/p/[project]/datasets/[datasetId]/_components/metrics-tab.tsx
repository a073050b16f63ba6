"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import type { MetricSearchItem } from "@/lib/contracts";
import { DateTime } from "../../../../../_components/date-time";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../../../_components/ui/card";
import { cn } from "../../../../../_components/ui/cn";
import { EmptyState } from "../../../../../_components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../../../../_components/ui/table";
import { useTRPC } from "../../../../../_trpc/client";
import { ChartIcon } from "../../../../../_components/icons";
import { LoadMore } from "../../_components/load-more";
import { datasetHref, runHref } from "../../_components/paths";
import { metricSearchInput, nextCursor } from "../../_components/queries";
import { formatMetric } from "./metric-format";
import { MetricsChart, SERIES_COLORS, type RunPoint } from "./metrics-chart";
import { useShownValue, useUrlState } from "./url-state";

/** Per-run rows (oldest first) with one value per metric name, and the metric names in order. */
function byRun(items: readonly MetricSearchItem[]): { runs: RunPoint[]; names: string[] } {
  const runs = new Map<string, RunPoint>();
  const names = new Set<string>();
  for (const m of items) {
    names.add(m.name);
    let run = runs.get(m.runId);
    if (!run) {
      run = { runId: m.runId, runName: m.runName, status: m.runStatus, t: m.runCreatedAt.getTime(), version: m.datasetVersionNumber, values: {} };
      runs.set(m.runId, run);
    }
    run.values[m.name] = m.value;
  }
  return { runs: [...runs.values()].sort((a, b) => a.t - b.t), names: [...names].sort() };
}

/** Without a choice in the URL: up to four metrics, means and rates before counts. */
function defaultSelection(names: string[]): string[] {
  const preferred = names.filter((n) => !n.endsWith(".count"));
  return (preferred.length ? preferred : names).slice(0, 4);
}

export function MetricsTab({ project, datasetId }: { project: string; datasetId: string }) {
  const trpc = useTRPC();
  const { searchParams, set } = useUrlState();
  const query = useSuspenseInfiniteQuery(trpc.metrics.search.infiniteQueryOptions(metricSearchInput(datasetId), { getNextPageParam: nextCursor }));
  const items = useMemo(() => query.data.pages.flatMap((p) => p.items), [query.data]);
  const { runs, names } = useMemo(() => byRun(items), [items]);
  // `?metric=` repeated; present but naming nothing known (e.g. "-") means "none picked".
  const fromUrl = searchParams.has("metric") ? searchParams.getAll("metric").filter((n) => names.includes(n)) : defaultSelection(names);
  const [selected, setSelected] = useShownValue(fromUrl, (v) => v.join("\n"));

  if (names.length === 0) {
    return (
      <EmptyState icon={<ChartIcon />} title="No metrics on this dataset yet">
        Metrics appear here once runs on this dataset record scores or metrics (for example <code className="font-mono text-xs">accuracy.mean</code>
        ). Each run becomes a point, in the order the runs were created.
      </EmptyState>
    );
  }

  const toggle = (name: string) => {
    const next = selected.includes(name) ? selected.filter((n) => n !== name) : [...selected, name];
    setSelected(next);
    // An empty selection is written as "-", so the default selection does not come back.
    set({ metric: next.length ? next : ["-"] });
  };

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
          <div className="flex flex-col gap-1">
            <CardTitle>Metrics across runs</CardTitle>
            <CardDescription>One point per run, oldest first; a dashed line marks where the runs move to a newer dataset version.</CardDescription>
          </div>
          <fieldset className="flex max-w-full flex-wrap gap-1.5">
            <legend className="sr-only">Metrics shown in the chart</legend>
            {names.map((name) => {
              const on = selected.includes(name);
              const color = SERIES_COLORS[selected.indexOf(name) % SERIES_COLORS.length];
              return (
                <label
                  key={name}
                  className={cn(
                    "flex cursor-pointer items-center gap-1.5 rounded-full border px-2.5 py-0.5 font-mono text-[11px] transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring",
                    on ? "border-input bg-card text-foreground" : "border-border text-muted-foreground hover:text-foreground",
                  )}
                >
                  <input type="checkbox" className="sr-only" checked={on} onChange={() => toggle(name)} />
                  <span aria-hidden="true" className="size-2 rounded-full" style={{ background: on ? color : "var(--border)" }} />
                  {name}
                </label>
              );
            })}
          </fieldset>
        </CardHeader>
        <div className="px-2 pb-3">
          {selected.length ? (
            <MetricsChart runs={runs} metrics={selected} />
          ) : (
            <p className="px-2 py-10 text-center text-sm text-muted-foreground">Pick a metric above to chart it.</p>
          )}
        </div>
      </Card>

      <Card>
        <Table aria-label="Metrics by run">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-4">Run</TableHead>
              <TableHead>Version</TableHead>
              <TableHead>Created</TableHead>
              {names.map((name) => (
                <TableHead key={name} className="text-right font-mono last:pr-4">
                  {name}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...runs].reverse().map((run) => (
              <TableRow key={run.runId}>
                <TableCell className="max-w-64 truncate pl-4">
                  <Link href={runHref(project, run.runId)} className="font-medium text-foreground hover:underline hover:underline-offset-4">
                    {run.runName}
                  </Link>
                </TableCell>
                <TableCell>
                  {run.version !== null ? (
                    <Link href={datasetHref(project, datasetId, { version: run.version })} className="hover:underline hover:underline-offset-4">
                      v{run.version}
                    </Link>
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  <DateTime value={new Date(run.t)} />
                </TableCell>
                {names.map((name) => (
                  <TableCell key={name} className="text-right font-mono text-xs tabular-nums last:pr-4">
                    {run.values[name] === undefined ? <span className="text-muted-foreground">—</span> : formatMetric(run.values[name])}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <LoadMore query={query} shown={runs.length} noun={["run", "runs"]} />
      </Card>
    </div>
  );
}
