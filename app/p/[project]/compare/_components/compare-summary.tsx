"use client";

import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { CompareSummary as Summary } from "@/lib/contracts";
import { Badge } from "../../../../_components/ui/badge";
import { Button } from "../../../../_components/ui/button";
import { Card } from "../../../../_components/ui/card";
import { cn } from "../../../../_components/ui/cn";
import { Loading, Skeleton } from "../../../../_components/ui/skeleton";
import { useTRPC } from "../../../../_trpc/client";
import { RunDataset } from "../../runs/_components/run-dataset";
import { RunStatusBadge } from "../../runs/_components/run-status-badge";
import { formatMetric } from "../../runs/_lib/format";
import { runHref } from "../../runs/_lib/links";
import { compareSummaryInput, type CompareState } from "../../runs/_lib/search-params";
import { ConfigDiff } from "./config-diff";
import { Delta } from "./delta";

/** The query behind the summary. */
export function useCompareSummary(state: CompareState): Summary {
  const trpc = useTRPC();
  return useSuspenseQuery(trpc.compare.summary.queryOptions(compareSummaryInput(state))).data;
}

/** The score names, once the summary has answered: the row filters do not wait for it. */
export function useCompareScoreNames(state: CompareState): string[] {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.compare.summary.queryOptions(compareSummaryInput(state)));
  return data?.scores.map((score) => score.name) ?? [];
}

/**
 * The summary strip: one column per run (the baseline marked, any other made baseline in one
 * click), then each metric per run with its delta to the baseline, then per score how many rows
 * improved, regressed or stayed the same against the baseline.
 */
export function CompareSummary({
  project,
  state,
  onBaseline,
  onFilter,
}: {
  project: string;
  state: CompareState;
  onBaseline: (runId: string) => void;
  onFilter: (filter: { only: "regressions" | "improvements"; score: string }) => void;
}) {
  const summary = useCompareSummary(state);
  const { runs, baselineRunId } = summary;
  const groups = groupMetrics(summary.metrics);
  const columns = runs.length + 1;
  const versions = new Set(runs.map((r) => `${r.datasetId}:${r.datasetVersionNumber}`));
  const datasets = new Set(runs.map((r) => r.datasetId ?? r.externalDatasetId));

  return (
    <div className="flex flex-col gap-4">
      {(datasets.size > 1 || versions.size > 1) && (
        <p className="rounded-md border border-info/25 bg-info-soft px-3 py-2 text-xs text-info" role="note">
          {datasets.size > 1
            ? "These runs ran on different datasets: rows line up by example, so examples of one dataset only appear in the runs that used it."
            : "These runs used different versions of the dataset: an example kept across versions is one row, shown as it is at the newest version among the runs that saw it."}
        </p>
      )}
      <Card>
        <div className="overflow-x-auto">
          <table className="w-full table-fixed border-collapse text-sm" aria-label="Summary">
            <colgroup>
              <col className="w-52" />
              {runs.map((run) => (
                <col key={run.id} />
              ))}
            </colgroup>
            <thead>
              <tr className="border-b border-border">
                <th scope="col" className="px-4 py-3 text-left align-bottom text-xs font-medium text-muted-foreground">
                  Run
                </th>
                {runs.map((run) => {
                  const baseline = run.id === baselineRunId;
                  return (
                    <th key={run.id} scope="col" className={cn("px-3 py-3 text-left align-top font-normal", baseline && "bg-hover/60")}>
                      <div className="flex flex-col items-start gap-1.5">
                        <Link href={runHref(project, run.id)} className="max-w-full truncate font-semibold text-foreground hover:underline hover:underline-offset-4">
                          {run.name}
                        </Link>
                        <div className="flex flex-wrap items-center gap-1.5">
                          <RunStatusBadge status={run.status} />
                          {baseline ? (
                            <Badge tone="info">Baseline</Badge>
                          ) : (
                            <Button variant="secondary" size="sm" className="h-5 px-1.5 text-[11px]" aria-label={`Make ${run.name} the baseline`} onClick={() => onBaseline(run.id)}>
                              Make baseline
                            </Button>
                          )}
                        </div>
                      </div>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              <tr className="border-b border-border/60">
                <th scope="row" className="px-4 py-2 text-left text-xs font-medium text-muted-foreground">
                  Dataset · version
                </th>
                {runs.map((run) => (
                  <td key={run.id} className={cn("px-3 py-2", run.id === baselineRunId && "bg-hover/60")}>
                    <RunDataset project={project} run={run} />
                  </td>
                ))}
              </tr>
              <tr className="border-b border-border">
                <th scope="row" className="px-4 py-2 text-left text-xs font-medium text-muted-foreground">
                  Datapoints
                </th>
                {runs.map((run) => (
                  <td key={run.id} className={cn("px-3 py-2 tabular-nums", run.id === baselineRunId && "bg-hover/60")}>
                    {run.datapointCount.toLocaleString("en-US")}
                  </td>
                ))}
              </tr>
            </tbody>
            {groups.length === 0 ? (
              <tbody>
                <tr className="border-b border-border">
                  <td colSpan={columns} className="px-4 py-3 text-sm text-muted-foreground">
                    No metrics on these runs yet: score aggregates are computed when a run completes.
                  </td>
                </tr>
              </tbody>
            ) : (
              groups.map((group) => (
                <tbody key={group.key} aria-label={`Metrics ${group.title}`}>
                  <tr>
                    <th scope="colgroup" colSpan={columns} className="px-4 pt-3 pb-1 text-left text-xs font-semibold text-muted-foreground">
                      Metrics · {group.title}
                    </th>
                  </tr>
                  {group.metrics.map((metric) => (
                    <tr key={metric.name} className="border-b border-border/60 last:border-border" data-metric={metric.name}>
                      <th scope="row" className="truncate px-4 py-1.5 text-left font-medium" title={metric.name}>
                        {metric.name}
                      </th>
                      {metric.values.map((v) => (
                        <td key={v.runId} className={cn("px-3 py-1.5", v.runId === baselineRunId && "bg-hover/60")}>
                          <span className="flex flex-wrap items-baseline gap-x-2">
                            <span className="tabular-nums">{v.value == null ? <span className="text-muted-foreground">—</span> : formatMetric(metric.name, v.value)}</span>
                            <Delta name={metric.name} delta={v.delta} />
                          </span>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              ))
            )}
            {summary.scores.length > 0 && (
              <tbody aria-label="Rows by score">
                <tr>
                  <th scope="colgroup" colSpan={columns} className="px-4 pt-3 pb-1 text-left text-xs font-semibold text-muted-foreground">
                    Rows against the baseline
                  </th>
                </tr>
                {summary.scores.map((score) => (
                  <tr key={score.name} className="border-b border-border/60 last:border-0" data-score={score.name}>
                    <th scope="row" className="truncate px-4 py-1.5 text-left font-medium" title={score.name}>
                      {score.name}
                    </th>
                    {runs.map((run) => {
                      if (run.id === baselineRunId) {
                        return (
                          <td key={run.id} className="bg-hover/60 px-3 py-1.5 text-xs text-muted-foreground">
                            baseline
                          </td>
                        );
                      }
                      const counts = score.runs.find((r) => r.runId === run.id);
                      return (
                        <td key={run.id} className="px-3 py-1.5">
                          {counts && counts.compared > 0 ? (
                            <ScoreCounts name={score.name} runName={run.name} counts={counts} onFilter={onFilter} />
                          ) : (
                            <span className="text-xs text-muted-foreground">no rows scored by both</span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            )}
          </table>
        </div>
      </Card>
      <ConfigDiff runs={runs} />
    </div>
  );
}

function ScoreCounts({
  name,
  runName,
  counts,
  onFilter,
}: {
  name: string;
  runName: string;
  counts: { improved: number; regressed: number; unchanged: number; compared: number };
  onFilter: (filter: { only: "regressions" | "improvements"; score: string }) => void;
}) {
  const link = "rounded px-1 -mx-1 hover:bg-hover disabled:pointer-events-none disabled:opacity-60";
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs tabular-nums">
      <button
        type="button"
        className={cn(link, "text-success")}
        disabled={counts.improved === 0}
        aria-label={`${runName}: ${counts.improved} rows improved on ${name}. Show improvements`}
        onClick={() => onFilter({ only: "improvements", score: name })}
      >
        ▲ {counts.improved} improved
      </button>
      <button
        type="button"
        className={cn(link, "text-danger")}
        disabled={counts.regressed === 0}
        aria-label={`${runName}: ${counts.regressed} rows regressed on ${name}. Show regressions`}
        onClick={() => onFilter({ only: "regressions", score: name })}
      >
        ▼ {counts.regressed} regressed
      </button>
      <span className="text-muted-foreground">= {counts.unchanged} same</span>
    </span>
  );
}

interface MetricGroup {
  key: string;
  title: string;
  metrics: Summary["metrics"];
}

function groupMetrics(metrics: Summary["metrics"]): MetricGroup[] {
  const groups: MetricGroup[] = [];
  for (const metric of metrics) {
    const key = metric.datasetId ?? "run-wide";
    let group = groups.find((g) => g.key === key);
    if (!group) groups.push((group = { key, title: metric.datasetId ? (metric.datasetName ?? metric.datasetId) : "run-wide", metrics: [] }));
    group.metrics.push(metric);
  }
  return groups;
}

export function CompareSummarySkeleton() {
  return (
    <Loading label="Loading summary…">
      <div className="rounded-lg border border-border bg-card p-4">
        <div className="grid grid-cols-4 gap-4">
          {Array.from({ length: 12 }, (_, i) => (
            <Skeleton key={i} className={cn("h-4", i % 4 === 0 ? "w-32" : "w-24")} />
          ))}
        </div>
      </div>
    </Loading>
  );
}

