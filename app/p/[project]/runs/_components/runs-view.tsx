"use client";

import { useSuspenseInfiniteQuery, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Suspense, useId } from "react";
import { RUN_STATUS_VALUES, type RunListItem } from "@/lib/contracts";
import { DateTime } from "../../../../_components/date-time";
import { CompareIcon, RunIcon, SearchOffIcon } from "../../../../_components/icons";
import { Button, ButtonLink } from "../../../../_components/ui/button";
import { Card } from "../../../../_components/ui/card";
import { cn } from "../../../../_components/ui/cn";
import { EmptyState } from "../../../../_components/ui/empty-state";
import { Select } from "../../../../_components/ui/input";
import { Label } from "../../../../_components/ui/label";
import { Loading, SkeletonRows } from "../../../../_components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../../../_components/ui/table";
import { useTRPC } from "../../../../_trpc/client";
import { plural } from "../_lib/format";
import { compareHref, runHref } from "../_lib/links";
import { idList, MAX_COMPARED, paramsFromSearch, runsFilter, runsListInput, type RunsFilter } from "../_lib/search-params";
import { MetricChips } from "./metric-chips";
import { RunDataset } from "./run-dataset";
import { QueryBoundary } from "./query-boundary";
import { RunStatusBadge } from "./run-status-badge";
import { SdkHint } from "./sdk-hint";
import { SearchInput } from "./search-input";
import { useUrlState } from "./use-url-state";

/** The runs list: filters and selection in the URL, a keyset-paged table, "Compare" for 2–5 runs. */
export function RunsView({ project }: { project: string }) {
  const { search, controls, update, pending } = useUrlState();
  // The table shows the committed URL's runs; the controls answer at once (see useUrlState).
  const filter = runsFilter(paramsFromSearch(search));
  const shown = runsFilter(paramsFromSearch(controls));
  const selected = idList(paramsFromSearch(controls), "selected", MAX_COMPARED);
  const filtered = Boolean(filter.datasetId || filter.status || filter.name);

  const setSelected = (ids: string[]) => update({ selected: ids.join(",") });

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <SearchInput label="Search runs" placeholder="Name contains…" className="w-64" value={shown.name ?? ""} onChange={(q) => update({ q })} />
        <DatasetFilter value={shown.datasetId} onChange={(dataset) => update({ dataset })} />
        <StatusFilter value={shown.status} onChange={(status) => update({ status })} />
        {(shown.datasetId || shown.status || shown.name) && (
          <Button variant="ghost" size="md" onClick={() => update({ q: null, dataset: null, status: null })}>
            Clear filters
          </Button>
        )}
      </div>
      <SelectionBar project={project} selected={selected} onClear={() => setSelected([])} />
      <QueryBoundary title="Runs could not be loaded" resetKey={JSON.stringify(filter)}>
        <Suspense fallback={<RunsTableSkeleton />}>
          <div className={cn("transition-opacity", pending && "opacity-60")} aria-busy={pending || undefined}>
            <RunsTable
              project={project}
              filter={filter}
              filtered={filtered}
              selected={selected}
              onSelectedChange={setSelected}
              onClearFilters={() => update({ q: null, dataset: null, status: null })}
            />
          </div>
        </Suspense>
      </QueryBoundary>
    </div>
  );
}

function DatasetFilter({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const trpc = useTRPC();
  const id = useId();
  const { data } = useSuspenseQuery(trpc.datasets.list.queryOptions({ limit: 200 }));
  const known = value === null || data.items.some((d) => d.id === value);
  return (
    <div className="flex w-56 flex-col gap-1.5">
      <Label htmlFor={id}>Dataset</Label>
      <Select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">All datasets</option>
        {!known && <option value={value}>Dataset {value}</option>}
        {data.items.map((dataset) => (
          <option key={dataset.id} value={dataset.id}>
            {dataset.name}
          </option>
        ))}
      </Select>
    </div>
  );
}

function StatusFilter({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const id = useId();
  return (
    <div className="flex w-40 flex-col gap-1.5">
      <Label htmlFor={id}>Status</Label>
      <Select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">Any status</option>
        {RUN_STATUS_VALUES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </Select>
    </div>
  );
}

function SelectionBar({ project, selected, onClear }: { project: string; selected: string[]; onClear: () => void }) {
  const ready = selected.length >= 2;
  return (
    <div className="-mb-1 flex min-h-8 items-center justify-end gap-2">
      <span className="text-xs text-muted-foreground" aria-live="polite">
        {selected.length === 0
          ? "Select 2–5 runs to compare"
          : `${selected.length} selected${selected.length < 2 ? " · select one more" : selected.length === MAX_COMPARED ? " · the most compare takes" : ""}`}
      </span>
      {selected.length > 0 && (
        <Button variant="ghost" onClick={onClear}>
          Clear selection
        </Button>
      )}
      {ready ? (
        <ButtonLink href={compareHref(project, selected)} variant="primary">
          <CompareIcon />
          Compare {selected.length} runs
        </ButtonLink>
      ) : (
        <Button disabled>
          <CompareIcon />
          Compare
        </Button>
      )}
    </div>
  );
}

function RunsTable({
  project,
  filter,
  filtered,
  selected,
  onSelectedChange,
  onClearFilters,
}: {
  project: string;
  filter: RunsFilter;
  filtered: boolean;
  selected: string[];
  onSelectedChange: (ids: string[]) => void;
  onClearFilters: () => void;
}) {
  const trpc = useTRPC();
  const query = useSuspenseInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(runsListInput(filter), { getNextPageParam: (page) => page.nextCursor }),
  );
  const runs = query.data.pages.flatMap((page) => page.items);

  if (runs.length === 0) {
    return filtered ? (
      <EmptyState
        icon={<SearchOffIcon />}
        title="No runs match these filters"
        action={
          <Button variant="secondary" onClick={onClearFilters}>
            Clear filters
          </Button>
        }
      >
        Try another dataset or status, or a shorter part of the name.
      </EmptyState>
    ) : (
      <EmptyState icon={<RunIcon />} title="No runs yet">
        Run an experiment with the SDK: <code className="font-mono text-xs">runExperiment(...)</code> records a run against an exact dataset
        version, with per-example results, scores and metrics.
        <SdkHint />
      </EmptyState>
    );
  }

  const toggle = (run: RunListItem, checked: boolean) =>
    onSelectedChange(checked ? [...selected, run.id].slice(0, MAX_COMPARED) : selected.filter((id) => id !== run.id));

  return (
    <Card>
      <Table aria-label="Runs">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="w-10 pl-4">
              <span className="sr-only">Select</span>
            </TableHead>
            <TableHead>Name</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Dataset</TableHead>
            <TableHead className="text-right">Datapoints</TableHead>
            <TableHead>Metrics</TableHead>
            <TableHead className="pr-4">Created</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.map((run) => {
            const checked = selected.includes(run.id);
            const full = !checked && selected.length >= MAX_COMPARED;
            return (
              <TableRow key={run.id} data-state={checked ? "selected" : undefined} className={cn(checked && "bg-hover/70")}>
                <TableCell className="pl-4">
                  <input
                    type="checkbox"
                    className="size-4 cursor-pointer accent-[var(--accent)] disabled:cursor-not-allowed"
                    aria-label={`Select run ${run.name}`}
                    checked={checked}
                    disabled={full}
                    title={full ? `Compare takes at most ${MAX_COMPARED} runs` : undefined}
                    onChange={(e) => toggle(run, e.target.checked)}
                  />
                </TableCell>
                <TableCell className="max-w-72 min-w-40">
                  <Link href={runHref(project, run.id)} className="block truncate font-medium text-foreground hover:underline hover:underline-offset-4">
                    {run.name}
                  </Link>
                  {run.description && <span className="block truncate text-xs text-muted-foreground">{run.description}</span>}
                </TableCell>
                <TableCell>
                  <RunStatusBadge status={run.status} />
                </TableCell>
                <TableCell className="max-w-64">
                  <RunDataset project={project} run={run} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{run.datapointCount.toLocaleString("en-US")}</TableCell>
                <TableCell className="min-w-48">
                  <MetricChips metrics={run.headlineMetrics} />
                </TableCell>
                <TableCell className="pr-4 whitespace-nowrap text-muted-foreground">
                  <DateTime value={run.createdAt} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <div className="flex items-center justify-between border-t border-border px-4 py-2.5 text-xs text-muted-foreground">
        <span>
          {plural(runs.length, "run")}
          {query.hasNextPage ? " shown" : ""}, newest first
        </span>
        {query.hasNextPage && (
          <Button variant="secondary" size="sm" pending={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            Load more runs
          </Button>
        )}
      </div>
    </Card>
  );
}

export function RunsTableSkeleton() {
  return (
    <Loading label="Loading runs…">
      <div className="rounded-lg border border-border bg-card">
        <div className="h-9 border-b border-border" />
        <SkeletonRows rows={6} />
      </div>
    </Loading>
  );
}
