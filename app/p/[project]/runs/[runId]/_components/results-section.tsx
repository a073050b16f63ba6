"use client";

import { useQuery, useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { Fragment, Suspense, useId, useState } from "react";
import type { Result } from "@/lib/contracts";
import { JsonPreview, JsonView } from "../../../../../_components/json-view";
import { SearchOffIcon } from "../../../../../_components/icons";
import { Button } from "../../../../../_components/ui/button";
import { Card } from "../../../../../_components/ui/card";
import { cn } from "../../../../../_components/ui/cn";
import { EmptyState } from "../../../../../_components/ui/empty-state";
import { Select } from "../../../../../_components/ui/input";
import { Label } from "../../../../../_components/ui/label";
import { Loading, SkeletonRows } from "../../../../../_components/ui/skeleton";
import { useTRPC } from "../../../../../_trpc/client";
import { QueryBoundary } from "../../_components/query-boundary";
import { ScoreChip } from "../../_components/score-chip";
import { SearchInput } from "../../_components/search-input";
import { useUrlState } from "../../_components/use-url-state";
import { formatLatency, formatNumber, plural } from "../../_lib/format";
import { paramsFromSearch, resultsFilter, resultsListInput, type ResultsFilter } from "../../_lib/search-params";
import { ScoreDistributions, ScoreDistributionsSkeleton } from "./score-distributions";

/**
 * The run's score distributions and its results table, which share the URL filter
 * (`?score=&min=&max=&errors=1`): a click on a bar of a chart filters the table to it.
 */
export function ResultsSection({ runId }: { runId: string }) {
  const { search, controls, update, pending } = useUrlState();
  // The table follows the committed URL; charts and filter controls answer at once.
  const filter = resultsFilter(paramsFromSearch(search));
  const shown = resultsFilter(paramsFromSearch(controls));
  const filtered = Boolean(filter.scoreName || filter.errorsOnly);
  const clear = () => update({ score: null, min: null, max: null, errors: null });

  return (
    <>
      <QueryBoundary title="Score distributions could not be loaded">
        <Suspense fallback={<ScoreDistributionsSkeleton />}>
          <ScoreDistributions
            runId={runId}
            filter={shown}
            onPick={(pick) => {
              update(
                "errorsOnly" in pick
                  ? { errors: "1", score: null, min: null, max: null }
                  : { score: pick.scoreName, min: String(pick.minValue), max: String(pick.maxValue), errors: null },
              );
              document.getElementById("results-heading")?.scrollIntoView({ behavior: "smooth", block: "start" });
            }}
          />
        </Suspense>
      </QueryBoundary>

      <section aria-labelledby="results-heading" className="flex flex-col gap-3">
        <h2 id="results-heading" className="scroll-mt-4 text-base font-semibold">
          Results
        </h2>
        <ResultsFilters runId={runId} filter={shown} update={update} clear={clear} />
        <QueryBoundary title="Results could not be loaded" resetKey={JSON.stringify(filter)}>
          <Suspense fallback={<ResultsTableSkeleton />}>
            <div className={cn("transition-opacity", pending && "opacity-60")} aria-busy={pending || undefined}>
              <ResultsTable runId={runId} filter={filter} filtered={filtered} clear={clear} />
            </div>
          </Suspense>
        </QueryBoundary>
      </section>
    </>
  );
}

function ResultsFilters({
  runId,
  filter,
  update,
  clear,
}: {
  runId: string;
  filter: ResultsFilter;
  update: (changes: Record<string, string | null>) => void;
  clear: () => void;
}) {
  const trpc = useTRPC();
  const scoreId = useId();
  const errorsId = useId();
  // The score names come from the distribution (already loaded above); no need to wait for it here.
  const distribution = useQuery(trpc.results.distribution.queryOptions({ runId }));
  const names = distribution.data?.scores.map((s) => s.name) ?? [];
  if (filter.scoreName && !names.includes(filter.scoreName)) names.push(filter.scoreName);

  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="flex w-48 flex-col gap-1.5">
        <Label htmlFor={scoreId}>Score</Label>
        <Select
          id={scoreId}
          value={filter.scoreName ?? ""}
          onChange={(e) => update({ score: e.target.value || null, min: null, max: null })}
        >
          <option value="">Any score</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
      </div>
      <SearchInput
        type="number"
        label="Min value"
        className="w-28"
        disabled={!filter.scoreName}
        value={filter.minValue == null ? "" : String(filter.minValue)}
        onChange={(min) => update({ min })}
      />
      <SearchInput
        type="number"
        label="Max value"
        className="w-28"
        disabled={!filter.scoreName}
        value={filter.maxValue == null ? "" : String(filter.maxValue)}
        onChange={(max) => update({ max })}
      />
      <label htmlFor={errorsId} className="flex h-8 cursor-pointer items-center gap-2 text-sm select-none">
        <input
          id={errorsId}
          type="checkbox"
          className="size-4 cursor-pointer accent-[var(--accent)]"
          checked={filter.errorsOnly}
          onChange={(e) => update({ errors: e.target.checked ? "1" : null })}
        />
        Errors only
      </label>
      {(filter.scoreName || filter.errorsOnly) && (
        <Button variant="ghost" onClick={clear}>
          Clear filters
        </Button>
      )}
      <p className="ml-auto self-center text-xs text-muted-foreground">In a value range, pass = 1 and fail = 0.</p>
    </div>
  );
}

function ResultsTable({ runId, filter, filtered, clear }: { runId: string; filter: ResultsFilter; filtered: boolean; clear: () => void }) {
  const trpc = useTRPC();
  const query = useSuspenseInfiniteQuery(
    trpc.results.list.infiniteQueryOptions(resultsListInput(runId, filter), { getNextPageParam: (page) => page.nextCursor }),
  );
  const results = query.data.pages.flatMap((page) => page.items);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  if (results.length === 0) {
    return filtered ? (
      <EmptyState
        icon={<SearchOffIcon />}
        title="No results match these filters"
        action={
          <Button variant="secondary" onClick={clear}>
            Clear filters
          </Button>
        }
      >
        Widen the value range, pick another score, or show results with and without errors.
      </EmptyState>
    ) : (
      <EmptyState title="No results recorded yet">
        Results arrive as the run records them (<code className="font-mono text-xs">results.record</code>, in batches of up to 1,000). A
        running experiment fills this table as it goes.
      </EmptyState>
    );
  }

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Card>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[900px] table-fixed border-collapse text-sm" aria-label="Results">
          <colgroup>
            <col className="w-9" />
            <col className="w-20" />
            <col />
            <col />
            <col />
            <col className="w-48" />
            <col className="w-20" />
            <col className="w-32" />
          </colgroup>
          <thead>
            <tr className="border-b border-border text-xs text-muted-foreground">
              <th scope="col" className="h-9 pl-2">
                <span className="sr-only">Details</span>
              </th>
              <th scope="col" className="px-2 text-left font-medium">
                Example
              </th>
              <th scope="col" className="px-2 text-left font-medium">
                Input
              </th>
              <th scope="col" className="px-2 text-left font-medium">
                Output
              </th>
              <th scope="col" className="px-2 text-left font-medium">
                Expected
              </th>
              <th scope="col" className="px-2 text-left font-medium">
                Scores
              </th>
              <th scope="col" className="px-2 text-right font-medium">
                Latency
              </th>
              <th scope="col" className="px-2 pr-4 text-left font-medium">
                Error
              </th>
            </tr>
          </thead>
          <tbody>
            {results.map((result) => {
              const expanded = open.has(result.datapointId);
              const label = result.sourceId ?? result.datapointId.slice(0, 8);
              return (
                <Fragment key={result.datapointId}>
                  <tr className={cn("border-b border-border align-top hover:bg-hover/60", expanded && "bg-hover/40")}>
                    <td className="py-2 pl-2">
                      <button
                        type="button"
                        onClick={() => toggle(result.datapointId)}
                        aria-expanded={expanded}
                        aria-label={`${expanded ? "Hide" : "Show"} details of ${label}`}
                        className="flex size-6 items-center justify-center rounded text-muted-foreground hover:bg-hover hover:text-foreground"
                      >
                        <svg viewBox="0 0 16 16" className={cn("size-3.5 transition-transform", expanded && "rotate-90")} fill="none" aria-hidden="true">
                          <path d="M6 4l4 4-4 4" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
                        </svg>
                      </button>
                    </td>
                    <td className="truncate px-2 py-2.5 font-mono text-xs leading-5" title={result.sourceId ?? result.datapointId}>
                      {label}
                    </td>
                    <td className="px-2 py-2.5">
                      <JsonPreview value={result.input} className="line-clamp-2 whitespace-normal [overflow-wrap:anywhere]" />
                    </td>
                    <td className="px-2 py-2.5">
                      <JsonPreview value={result.output} className="line-clamp-2 whitespace-normal [overflow-wrap:anywhere]" />
                    </td>
                    <td className="px-2 py-2.5">
                      <JsonPreview value={result.expectedOutput} className="line-clamp-2 whitespace-normal text-muted-foreground [overflow-wrap:anywhere]" />
                    </td>
                    <td className="px-2 py-2">
                      <div className="flex flex-wrap gap-1">
                        {result.scores.length ? result.scores.map((score) => <ScoreChip key={score.name} score={score} />) : <span className="text-muted-foreground">—</span>}
                      </div>
                    </td>
                    <td className="px-2 py-2.5 text-right whitespace-nowrap tabular-nums">{formatLatency(result.latencyMs)}</td>
                    <td className="truncate px-2 py-2.5 pr-4 text-xs leading-5 text-danger" title={result.error ?? undefined}>
                      {result.error ?? <span className="text-muted-foreground">—</span>}
                    </td>
                  </tr>
                  {expanded && (
                    <tr className="border-b border-border bg-hover/20">
                      <td />
                      <td colSpan={7} className="px-2 pt-2 pb-4 pr-4">
                        <ResultDetails result={result} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="flex items-center justify-between border-t border-border px-4 py-2.5 text-xs text-muted-foreground">
        <span>
          {plural(results.length, "result")}
          {query.hasNextPage ? " shown" : ""}, in recording order
        </span>
        {query.hasNextPage && (
          <Button variant="secondary" size="sm" pending={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            Load more results
          </Button>
        )}
      </div>
    </Card>
  );
}

function ResultDetails({ result }: { result: Result }) {
  const usage = [
    result.promptTokens != null && `prompt ${result.promptTokens.toLocaleString("en-US")}`,
    result.completionTokens != null && `completion ${result.completionTokens.toLocaleString("en-US")}`,
    result.totalTokens != null && `total ${result.totalTokens.toLocaleString("en-US")}`,
  ].filter(Boolean);
  return (
    <div className="flex flex-col gap-3">
      <div className="grid gap-4 md:grid-cols-3">
        {(
          [
            ["Input", result.input],
            ["Output", result.output],
            ["Expected", result.expectedOutput],
          ] as const
        ).map(([title, value]) => (
          <div key={title} className="min-w-0">
            <h4 className="mb-1 text-xs font-medium text-muted-foreground">{title}</h4>
            <div className="max-h-80 overflow-auto rounded-md border border-border bg-card p-2">
              <JsonView value={value} />
            </div>
          </div>
        ))}
      </div>
      {result.error && (
        <div>
          <h4 className="mb-1 text-xs font-medium text-muted-foreground">Error</h4>
          <pre className="max-h-48 overflow-auto rounded-md border border-danger/30 bg-danger-soft p-2 font-mono text-xs whitespace-pre-wrap text-danger">
            {result.error}
          </pre>
        </div>
      )}
      {result.scores.some((s) => s.label || s.explanation) && (
        <div>
          <h4 className="mb-1 text-xs font-medium text-muted-foreground">Score notes</h4>
          <ul className="flex flex-col gap-1 text-xs">
            {result.scores
              .filter((s) => s.label || s.explanation)
              .map((s) => (
                <li key={s.name}>
                  <span className="font-medium">{s.name}</span>
                  {s.label && <span className="ml-1.5 rounded bg-muted px-1">{s.label}</span>}
                  {s.explanation && <span className="ml-1.5 text-muted-foreground">{s.explanation}</span>}
                </li>
              ))}
          </ul>
        </div>
      )}
      <p className="text-xs text-muted-foreground">
        Datapoint <span className="font-mono">{result.datapointId}</span>
        {usage.length > 0 && <> · tokens {usage.join(", ")}</>}
        {result.cost != null && <> · cost {formatNumber(result.cost)}</>}
      </p>
    </div>
  );
}

export function ResultsTableSkeleton() {
  return (
    <Loading label="Loading results…">
      <div className="rounded-lg border border-border bg-card">
        <div className="h-9 border-b border-border" />
        <SkeletonRows rows={8} />
      </div>
    </Loading>
  );
}
