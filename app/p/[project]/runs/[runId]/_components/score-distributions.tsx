"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import type { ScoreDistribution } from "@/lib/contracts";
import { Card } from "../../../../../_components/ui/card";
import { cn } from "../../../../../_components/ui/cn";
import { Loading, Skeleton } from "../../../../../_components/ui/skeleton";
import { useTRPC } from "../../../../../_trpc/client";
import { formatLatency, formatNumber, plural } from "../../_lib/format";
import type { ResultsFilter } from "../../_lib/search-params";

/** A bucket edge, short: 0.30000000000000004 -> 0.3. */
export function edge(value: number): number {
  return Number(value.toPrecision(4));
}

type OnPick = (filter: { scoreName: string; minValue: number; maxValue: number } | { errorsOnly: true }) => void;

/**
 * One small chart per score: a histogram for numbers, a pass / fail bar for booleans. Every bar is
 * a button that filters the results table below to its range.
 */
export function ScoreDistributions({ runId, filter, onPick }: { runId: string; filter: ResultsFilter; onPick: OnPick }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.results.distribution.queryOptions({ runId }));
  return (
    <section aria-labelledby="distributions-heading" className="flex flex-col gap-3">
      <h2 id="distributions-heading" className="text-base font-semibold">
        Score distributions
      </h2>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
        <Card className="flex flex-col gap-2 p-3.5">
          <h3 className="text-sm font-medium">Results</h3>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-muted-foreground">Recorded</dt>
            <dd className="text-right tabular-nums">{data.results.toLocaleString("en-US")}</dd>
            <dt className="text-muted-foreground">Errors</dt>
            <dd className="text-right tabular-nums">
              {data.errors > 0 ? (
                <button
                  type="button"
                  className="text-danger underline-offset-4 hover:underline"
                  onClick={() => onPick({ errorsOnly: true })}
                  aria-label={`Show only the ${plural(data.errors, "result")} with an error`}
                >
                  {data.errors.toLocaleString("en-US")}
                </button>
              ) : (
                "0"
              )}
            </dd>
            <dt className="text-muted-foreground">Latency p50</dt>
            <dd className="text-right tabular-nums">{formatLatency(data.latencyP50)}</dd>
            <dt className="text-muted-foreground">Latency p95</dt>
            <dd className="text-right tabular-nums">{formatLatency(data.latencyP95)}</dd>
          </dl>
        </Card>
        {data.scores.map((score) => (
          <Card key={score.name} className="flex flex-col gap-2 p-3.5">
            <div className="flex items-baseline justify-between gap-2">
              <h3 className="truncate text-sm font-medium" title={score.name}>
                {score.name}
              </h3>
              <span className="shrink-0 text-xs text-muted-foreground tabular-nums">
                {score.kind === "boolean" ? `${((score.passed! / Math.max(1, score.count)) * 100).toFixed(1)}% pass` : `mean ${formatNumber(score.mean)}`} · n{" "}
                {score.count.toLocaleString("en-US")}
              </span>
            </div>
            {score.kind === "boolean" ? <PassFail score={score} filter={filter} onPick={onPick} /> : <Histogram score={score} filter={filter} onPick={onPick} />}
          </Card>
        ))}
      </div>
      {data.scores.length === 0 && (
        <p className="text-sm text-muted-foreground">No scores recorded yet: evaluators attach scores to each result (a number, or a boolean pass / fail).</p>
      )}
    </section>
  );
}

function isPicked(filter: ResultsFilter, name: string, lo: number, hi: number): boolean {
  return filter.scoreName === name && filter.minValue === lo && filter.maxValue === hi;
}

function Histogram({ score, filter, onPick }: { score: ScoreDistribution; filter: ResultsFilter; onPick: OnPick }) {
  const peak = Math.max(1, ...score.buckets.map((b) => b.count));
  const first = score.buckets[0];
  const last = score.buckets.at(-1);
  return (
    <div>
      <ul aria-label={`Distribution of ${score.name}`} className="flex h-20 items-end gap-px border-b border-border">
        {score.buckets.map((bucket) => {
          const lo = edge(bucket.lo);
          const hi = edge(bucket.hi);
          const picked = isPicked(filter, score.name, lo, hi);
          const label = `${score.name} ${lo === hi ? `= ${lo}` : `${lo} to ${hi}`}: ${plural(bucket.count, "result")}`;
          return (
            <li key={bucket.lo} className="flex h-full min-w-0 flex-1">
              <button
                type="button"
                aria-label={`${label}. Show these results`}
                aria-pressed={picked}
                title={label}
                disabled={bucket.count === 0}
                onClick={() => onPick({ scoreName: score.name, minValue: lo, maxValue: hi })}
                className="group flex h-full w-full items-end rounded-t-sm focus-visible:outline-offset-0 disabled:cursor-default"
              >
                <span
                  className={cn(
                    "block w-full rounded-t-sm transition-colors",
                    picked ? "bg-accent" : "bg-foreground/25 group-hover:bg-foreground/45",
                  )}
                  style={{ height: bucket.count === 0 ? 0 : `${Math.max(4, (bucket.count / peak) * 100)}%` }}
                />
              </button>
            </li>
          );
        })}
      </ul>
      {first && last && (
        <div className="mt-1 flex justify-between text-[11px] text-muted-foreground tabular-nums" aria-hidden="true">
          <span>{edge(first.lo)}</span>
          <span>{edge(last.hi)}</span>
        </div>
      )}
    </div>
  );
}

function PassFail({ score, filter, onPick }: { score: ScoreDistribution; filter: ResultsFilter; onPick: OnPick }) {
  const passed = score.passed ?? 0;
  const failed = score.failed ?? 0;
  const total = Math.max(1, passed + failed);
  const parts = [
    { key: "pass", label: "pass", count: passed, value: 1, className: "bg-success" },
    { key: "fail", label: "fail", count: failed, value: 0, className: "bg-danger" },
  ];
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex h-3 overflow-hidden rounded-full bg-muted" aria-hidden="true">
        {parts.map((part) => (
          <span key={part.key} className={cn("h-full", part.className)} style={{ width: `${(part.count / total) * 100}%` }} />
        ))}
      </div>
      <div className="flex gap-2">
        {parts.map((part) => {
          const picked = isPicked(filter, score.name, part.value, part.value);
          return (
            <button
              key={part.key}
              type="button"
              aria-pressed={picked}
              disabled={part.count === 0}
              aria-label={`${score.name} ${part.label}: ${plural(part.count, "result")}. Show these results`}
              onClick={() => onPick({ scoreName: score.name, minValue: part.value, maxValue: part.value })}
              className={cn(
                "inline-flex items-center gap-1.5 rounded px-1.5 py-0.5 text-xs tabular-nums hover:bg-hover disabled:opacity-50",
                picked && "bg-hover ring-1 ring-accent",
              )}
            >
              <span aria-hidden="true" className={cn("size-2 rounded-full", part.className)} />
              {part.label} {part.count.toLocaleString("en-US")}
            </button>
          );
        })}
      </div>
    </div>
  );
}

export function ScoreDistributionsSkeleton() {
  return (
    <Loading label="Loading score distributions…" className="flex flex-col gap-3">
      <Skeleton className="h-5 w-44" />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-32 rounded-lg" />
        ))}
      </div>
    </Loading>
  );
}
