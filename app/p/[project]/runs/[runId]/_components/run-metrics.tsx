"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Metric } from "@/lib/contracts";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../../../_components/ui/card";
import { Loading, Skeleton } from "../../../../../_components/ui/skeleton";
import { useTRPC } from "../../../../../_trpc/client";
import { formatMetric } from "../../_lib/format";
import { datasetHref } from "../../_lib/links";

/**
 * The run's metrics, one table per dataset (then the run-wide ones). Computed aggregates are
 * grouped by score: `exact.mean`, `exact.pass_rate` and `exact.count` read as one row.
 */
export function RunMetrics({ project, runId }: { project: string; runId: string }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.metrics.byRun.queryOptions({ runId }));
  return (
    <section aria-labelledby="metrics-heading" className="flex flex-col gap-3">
      <h2 id="metrics-heading" className="text-base font-semibold">
        Metrics by dataset
      </h2>
      {data.groups.length === 0 ? (
        <p className="rounded-lg border border-dashed border-input px-4 py-6 text-center text-sm text-muted-foreground">
          No metrics yet. Score aggregates (mean, pass rate, count) are computed per dataset when the run completes; the SDK can also
          record its own with <code className="font-mono text-xs">metrics.record</code>.
        </p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {data.groups.map((group) => (
            <Card key={group.datasetId ?? "run-wide"} aria-label={group.datasetId ? `Metrics on ${group.datasetName ?? group.datasetId}` : "Run-wide metrics"}>
              <CardHeader className="pb-2">
                <CardTitle>
                  {group.datasetId ? (
                    <Link href={datasetHref(project, group.datasetId)} className="hover:underline hover:underline-offset-4">
                      {group.datasetName ?? group.datasetId}
                    </Link>
                  ) : (
                    "Run-wide"
                  )}
                </CardTitle>
                <CardDescription>{group.datasetId ? "Metrics of this run on this dataset" : "Metrics recorded without a dataset"}</CardDescription>
              </CardHeader>
              <MetricRows metrics={group.metrics} />
            </Card>
          ))}
        </div>
      )}
    </section>
  );
}

const AGGREGATES = ["mean", "pass_rate", "count"] as const;

function MetricRows({ metrics }: { metrics: Metric[] }) {
  // Computed `<score>.<aggregate>` metrics fold into one row per score; the rest stay one per row.
  const byScore = new Map<string, Partial<Record<(typeof AGGREGATES)[number], Metric>>>();
  const others: Metric[] = [];
  for (const metric of metrics) {
    const match = /^(.*)\.(mean|pass_rate|count)$/.exec(metric.name);
    if (metric.source === "computed" && match) {
      const row = byScore.get(match[1]) ?? {};
      row[match[2] as (typeof AGGREGATES)[number]] = metric;
      byScore.set(match[1], row);
    } else {
      others.push(metric);
    }
  }
  return (
    <div className="overflow-x-auto px-4 pb-3">
      <table className="w-full text-sm">
        {byScore.size > 0 && (
          <>
            <thead>
              <tr className="border-b border-border text-xs text-muted-foreground">
                <th scope="col" className="py-1.5 text-left font-medium">
                  Score
                </th>
                <th scope="col" className="py-1.5 text-right font-medium">
                  Mean
                </th>
                <th scope="col" className="py-1.5 text-right font-medium">
                  Pass rate
                </th>
                <th scope="col" className="py-1.5 text-right font-medium">
                  Count
                </th>
              </tr>
            </thead>
            <tbody>
              {[...byScore.entries()].map(([score, row]) => (
                <tr key={score} className="border-b border-border/60 last:border-0">
                  <th scope="row" className="py-1.5 text-left font-medium">
                    {score}
                  </th>
                  {AGGREGATES.map((aggregate) => {
                    const metric = row[aggregate];
                    return (
                      <td key={aggregate} className="py-1.5 text-right tabular-nums" title={metric?.name}>
                        {metric ? formatMetric(metric.name, metric.value) : <span className="text-muted-foreground">—</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </>
        )}
        {others.length > 0 && (
          <tbody>
            {byScore.size > 0 && (
              <tr>
                <th scope="rowgroup" colSpan={4} className="pt-3 pb-1 text-left text-xs font-medium text-muted-foreground">
                  Recorded
                </th>
              </tr>
            )}
            {others.map((metric) => (
              <tr key={metric.id} className="border-b border-border/60 last:border-0">
                <th scope="row" className="py-1.5 text-left font-medium">
                  {metric.name}
                  {metric.source === "computed" && <span className="ml-1.5 text-xs font-normal text-muted-foreground">computed</span>}
                </th>
                <td colSpan={3} className="py-1.5 text-right tabular-nums">
                  {formatMetric(metric.name, metric.value)}
                </td>
              </tr>
            ))}
          </tbody>
        )}
      </table>
    </div>
  );
}

export function RunMetricsSkeleton() {
  return (
    <Loading label="Loading metrics…" className="flex flex-col gap-3">
      <Skeleton className="h-5 w-40" />
      <div className="grid gap-4 md:grid-cols-2">
        <Skeleton className="h-36 rounded-lg" />
      </div>
    </Loading>
  );
}
