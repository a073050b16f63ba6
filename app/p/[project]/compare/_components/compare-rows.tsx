"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { Fragment, useId, useState } from "react";
import type { CompareRow } from "@/lib/contracts";
import { JsonPreview, JsonView } from "../../../../_components/json-view";
import { SearchOffIcon } from "../../../../_components/icons";
import { Button } from "../../../../_components/ui/button";
import { Card } from "../../../../_components/ui/card";
import { cn } from "../../../../_components/ui/cn";
import { EmptyState } from "../../../../_components/ui/empty-state";
import { Select } from "../../../../_components/ui/input";
import { Label } from "../../../../_components/ui/label";
import { Loading, SkeletonRows } from "../../../../_components/ui/skeleton";
import { useTRPC } from "../../../../_trpc/client";
import { ScoreChip } from "../../runs/_components/score-chip";
import { SearchInput } from "../../runs/_components/search-input";
import { formatLatency, plural } from "../../runs/_lib/format";
import { compareRunsInput, type CompareOnly, type CompareState } from "../../runs/_lib/search-params";
import { Delta } from "./delta";

type Update = (changes: Record<string, string | null>) => void;

/** Row filters, all in the URL: regressions / improvements only, one score, text. */
export function CompareFilters({ state, scoreNames, update }: { state: CompareState; scoreNames: string[]; update: Update }) {
  const scoreId = useId();
  const names = state.score && !scoreNames.includes(state.score) ? [...scoreNames, state.score] : scoreNames;
  const options: Array<{ value: CompareOnly; label: string }> = [
    { value: null, label: "All rows" },
    { value: "regressions", label: "Regressions only" },
    { value: "improvements", label: "Improvements only" },
  ];
  const filtered = Boolean(state.only || state.score || state.text);
  return (
    <div className="flex flex-wrap items-end gap-3">
      <fieldset className="flex flex-col gap-1.5">
        <legend className="mb-1.5 text-xs font-medium">Show</legend>
        <div className="inline-flex h-8 rounded-md border border-input bg-card p-0.5 shadow-xs">
          {options.map((option) => {
            const checked = state.only === option.value;
            return (
              <label
                key={option.label}
                className={cn(
                  "relative flex items-center rounded px-2.5 text-xs font-medium whitespace-nowrap transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring",
                  checked ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:bg-hover hover:text-foreground",
                )}
              >
                {/* Invisible but covering its label: clicks, keyboard and screen readers reach the real radio. */}
                <input
                  type="radio"
                  name="compare-only"
                  className="absolute inset-0 cursor-pointer appearance-none rounded opacity-0"
                  checked={checked}
                  onChange={() => update({ only: option.value })}
                />
                {option.label}
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="flex w-48 flex-col gap-1.5">
        <Label htmlFor={scoreId}>Score</Label>
        <Select id={scoreId} value={state.score ?? ""} onChange={(e) => update({ score: e.target.value || null })}>
          <option value="">Any score</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
      </div>
      <SearchInput
        label="Text"
        placeholder="In input, expected or outputs…"
        className="w-72"
        value={state.text ?? ""}
        onChange={(q) => update({ q })}
      />
      {filtered && (
        <Button variant="ghost" onClick={() => update({ only: null, score: null, q: null })}>
          Clear filters
        </Button>
      )}
    </div>
  );
}

/**
 * The examples side by side: input and expected output once, then each run's output, scores
 * (with the delta to the baseline) and latency. Rows a run did not cover say so.
 */
export function CompareRows({ state, filtered, onClear }: { state: CompareState; filtered: boolean; onClear: () => void }) {
  const trpc = useTRPC();
  const query = useSuspenseInfiniteQuery(
    trpc.compare.runs.infiniteQueryOptions(compareRunsInput(state), { getNextPageParam: (page) => page.nextCursor }),
  );
  const rows = query.data.pages.flatMap((page) => page.items);
  const { baselineRunId, runs } = query.data.pages[0];
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  if (rows.length === 0) {
    return filtered ? (
      <EmptyState
        icon={<SearchOffIcon />}
        title={state.only === "regressions" ? "No regressions" : state.only === "improvements" ? "No improvements" : "No rows match these filters"}
        action={
          <Button variant="secondary" onClick={onClear}>
            Clear filters
          </Button>
        }
      >
        {state.only
          ? `No example scores ${state.only === "regressions" ? "lower" : "higher"} than the baseline${state.score ? ` on ${state.score}` : ""}${state.text ? " with this text" : ""}.`
          : "Try another score or a shorter text."}
      </EmptyState>
    ) : (
      <EmptyState title="No examples to line up">
        None of these runs covers an example of a Cairn dataset, so there is nothing to put side by side. Runs on external datasets can
        be compared by their metrics above.
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
        <table className="w-full table-fixed border-collapse text-sm" style={{ minWidth: 260 + runs.length * 190 }} aria-label="Rows">
          <colgroup>
            <col className="w-9" />
            <col className="w-[30%]" />
            {runs.map((run) => (
              <col key={run.id} />
            ))}
          </colgroup>
          <thead>
            <tr className="border-b border-border text-xs text-muted-foreground">
              <th scope="col" className="h-9 pl-2">
                <span className="sr-only">Details</span>
              </th>
              <th scope="col" className="px-2 text-left font-medium">
                Example · input / expected
              </th>
              {runs.map((run) => (
                <th key={run.id} scope="col" className={cn("truncate px-2 text-left font-medium", run.id === baselineRunId && "bg-hover/60")}>
                  {run.name}
                  {run.id === baselineRunId && <span className="ml-1.5 font-normal">(baseline)</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <Row key={row.exampleId} row={row} runs={runs} baselineRunId={baselineRunId} expanded={open.has(row.exampleId)} onToggle={() => toggle(row.exampleId)} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex items-center justify-between border-t border-border px-4 py-2.5 text-xs text-muted-foreground">
        <span>
          {plural(rows.length, "row")}
          {query.hasNextPage ? " shown" : ""}, in dataset order
        </span>
        {query.hasNextPage && (
          <Button variant="secondary" size="sm" pending={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            Load more rows
          </Button>
        )}
      </div>
    </Card>
  );
}

function Row({
  row,
  runs,
  baselineRunId,
  expanded,
  onToggle,
}: {
  row: CompareRow;
  runs: Array<{ id: string; name: string }>;
  baselineRunId: string;
  expanded: boolean;
  onToggle: () => void;
}) {
  const label = row.sourceId ?? row.exampleId.slice(0, 8);
  const missing = runs.filter((run) => !row.presentIn.includes(run.id));
  return (
    <Fragment>
      <tr className={cn("border-b border-border align-top hover:bg-hover/40", expanded && "bg-hover/30")} data-example={label}>
        <td className="py-2 pl-2">
          <button
            type="button"
            onClick={onToggle}
            aria-expanded={expanded}
            aria-label={`${expanded ? "Hide" : "Show"} details of ${label}`}
            className="flex size-6 items-center justify-center rounded text-muted-foreground hover:bg-hover hover:text-foreground"
          >
            <svg viewBox="0 0 16 16" className={cn("size-3.5 transition-transform", expanded && "rotate-90")} fill="none" aria-hidden="true">
              <path d="M6 4l4 4-4 4" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        </td>
        <td className="px-2 py-2">
          <div className="flex items-center gap-1.5 text-xs">
            <span className="truncate font-mono font-medium" title={row.sourceId ?? row.exampleId}>
              {label}
            </span>
            {row.versionNumber != null && <span className="shrink-0 rounded bg-muted px-1 font-mono text-[10px] text-muted-foreground">v{row.versionNumber}</span>}
            {missing.length > 0 && (
              <span className="shrink-0 rounded border border-warning/30 bg-warning-soft px-1 text-[10px] text-warning">not in every run</span>
            )}
          </div>
          <JsonPreview value={row.input} className="mt-1" />
          <div className="mt-0.5 flex gap-1 text-xs text-muted-foreground">
            <span className="shrink-0">expected</span>
            <JsonPreview value={row.expectedOutput} className="min-w-0 text-muted-foreground" />
          </div>
        </td>
        {row.runs.map((cell, k) => (
          <RunCell key={cell.runId} cell={cell} runName={runs[k]?.name ?? cell.runId} baseline={cell.runId === baselineRunId} />
        ))}
      </tr>
      {expanded && (
        <tr className="border-b border-border bg-hover/20">
          <td />
          <td className="px-2 pt-2 pb-4 align-top">
            <h4 className="mb-1 text-xs font-medium text-muted-foreground">Input</h4>
            <div className="max-h-80 overflow-auto rounded-md border border-border bg-card p-2">
              <JsonView value={row.input} />
            </div>
            <h4 className="mt-3 mb-1 text-xs font-medium text-muted-foreground">Expected</h4>
            <div className="max-h-60 overflow-auto rounded-md border border-border bg-card p-2">
              <JsonView value={row.expectedOutput} />
            </div>
          </td>
          {row.runs.map((cell) => (
            <td key={cell.runId} className="px-2 pt-2 pb-4 align-top">
              {cell.hasResult ? (
                <>
                  <h4 className="mb-1 text-xs font-medium text-muted-foreground">Output</h4>
                  <div className="max-h-80 overflow-auto rounded-md border border-border bg-card p-2">
                    <JsonView value={cell.output} />
                  </div>
                  {cell.error && <pre className="mt-2 font-mono text-xs whitespace-pre-wrap text-danger">{cell.error}</pre>}
                  {cell.scores.some((s) => s.explanation || s.label) && (
                    <ul className="mt-2 flex flex-col gap-0.5 text-xs text-muted-foreground">
                      {cell.scores
                        .filter((s) => s.explanation || s.label)
                        .map((s) => (
                          <li key={s.name}>
                            <span className="font-medium text-foreground">{s.name}</span> {s.label} {s.explanation}
                          </li>
                        ))}
                    </ul>
                  )}
                </>
              ) : null}
            </td>
          ))}
        </tr>
      )}
    </Fragment>
  );
}

function RunCell({ cell, runName, baseline }: { cell: CompareRow["runs"][number]; runName: string; baseline: boolean }) {
  const worse = cell.scores.some((s) => s.delta != null && s.delta < 0);
  const better = cell.scores.some((s) => s.delta != null && s.delta > 0);
  return (
    <td
      className={cn(
        "px-2 py-2",
        baseline && "bg-hover/60",
        !baseline && worse && "bg-danger-soft/50",
        !baseline && better && !worse && "bg-success-soft/50",
      )}
      data-run={runName}
      data-change={worse ? "regressed" : better ? "improved" : undefined}
    >
      {!cell.present ? (
        <span className="inline-flex rounded border border-dashed border-input px-1.5 py-0.5 text-xs text-muted-foreground italic">not in run {runName}</span>
      ) : !cell.hasResult ? (
        <span className="text-xs text-muted-foreground italic">no result recorded</span>
      ) : (
        <div className="flex flex-col gap-1">
          {cell.error ? (
            <span className="truncate text-xs text-danger" title={cell.error}>
              error: {cell.error}
            </span>
          ) : (
            <JsonPreview value={cell.output} />
          )}
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            {cell.scores.map((score) => (
              <span key={score.name} className="inline-flex items-center gap-1">
                <ScoreChip score={score} />
                {!baseline && <Delta name={score.name} delta={score.delta} direction="higher" boolean={typeof score.value === "boolean"} />}
              </span>
            ))}
            {cell.latencyMs != null && <span className="text-[11px] text-muted-foreground tabular-nums">{formatLatency(cell.latencyMs)}</span>}
          </div>
        </div>
      )}
    </td>
  );
}

export function CompareRowsSkeleton() {
  return (
    <Loading label="Loading rows…">
      <div className="rounded-lg border border-border bg-card">
        <div className="h-9 border-b border-border" />
        <SkeletonRows rows={8} />
      </div>
    </Loading>
  );
}
