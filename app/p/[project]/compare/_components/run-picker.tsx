"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Suspense, useState } from "react";
import { DateTime } from "../../../../_components/date-time";
import { CompareIcon, RunIcon, SearchOffIcon } from "../../../../_components/icons";
import { Button, ButtonLink } from "../../../../_components/ui/button";
import { cn } from "../../../../_components/ui/cn";
import { EmptyState } from "../../../../_components/ui/empty-state";
import { Loading, SkeletonRows } from "../../../../_components/ui/skeleton";
import { useTRPC } from "../../../../_trpc/client";
import { projectHref } from "../../../../_lib/paths";
import { MetricChips } from "../../runs/_components/metric-chips";
import { QueryBoundary } from "../../runs/_components/query-boundary";
import { RunDataset } from "../../runs/_components/run-dataset";
import { RunStatusBadge } from "../../runs/_components/run-status-badge";
import { SdkHint } from "../../runs/_components/sdk-hint";
import { SearchInput } from "../../runs/_components/search-input";
import { compareHref } from "../../runs/_lib/links";
import { MAX_COMPARED, pickerInput } from "../../runs/_lib/search-params";

/**
 * Choose 2–5 runs to compare. The choice is kept here until "Compare" puts it in the URL
 * (`?runs=`), so picking a third run does not jump to the comparison after the second.
 */
export function RunPicker({
  project,
  initial,
  onDone,
  className,
}: {
  project: string;
  initial: string[];
  /** In a dialog: called after navigating. */
  onDone?: () => void;
  className?: string;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>(initial.slice(0, MAX_COMPARED));
  const [name, setName] = useState("");
  const ready = selected.length >= 2;

  return (
    <div className={cn("flex flex-col gap-3", className)}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <SearchInput label="Find runs" placeholder="Name contains…" className="w-64" value={name} onChange={setName} />
        <div className="flex items-center gap-2">
          <span className="text-xs text-muted-foreground" aria-live="polite">
            {selected.length} of 2–{MAX_COMPARED} selected
          </span>
          <Button
            disabled={!ready}
            onClick={() => {
              router.push(compareHref(project, selected));
              onDone?.();
            }}
          >
            <CompareIcon />
            {ready ? `Compare ${selected.length} runs` : "Compare"}
          </Button>
        </div>
      </div>
      <QueryBoundary title="Runs could not be loaded" resetKey={name}>
        <Suspense fallback={<PickerSkeleton />}>
          <PickerList project={project} name={name || null} selected={selected} onChange={setSelected} />
        </Suspense>
      </QueryBoundary>
    </div>
  );
}

function PickerList({
  project,
  name,
  selected,
  onChange,
}: {
  project: string;
  name: string | null;
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  const trpc = useTRPC();
  const query = useSuspenseInfiniteQuery(trpc.runs.list.infiniteQueryOptions(pickerInput(name), { getNextPageParam: (page) => page.nextCursor }));
  const runs = query.data.pages.flatMap((page) => page.items);

  if (runs.length === 0) {
    return name ? (
      <EmptyState icon={<SearchOffIcon />} title={`No run name contains '${name}'`}>
        Try a shorter part of the name.
      </EmptyState>
    ) : (
      <EmptyState icon={<RunIcon />} title="No runs yet">
        Compare needs runs. Run an experiment with the SDK: <code className="font-mono text-xs">runExperiment(...)</code> records one against
        an exact dataset version; run it twice (say, with two prompts) and compare them here.
        <SdkHint />
      </EmptyState>
    );
  }
  if (runs.length === 1 && !query.hasNextPage) {
    return (
      <EmptyState
        icon={<CompareIcon />}
        title="Only one run so far"
        action={
          <ButtonLink href={projectHref(project, "runs")} variant="secondary">
            Go to runs
          </ButtonLink>
        }
      >
        Compare puts two to five runs side by side. Record another run on the same dataset — with a different model, prompt or
        parameters — and come back.
      </EmptyState>
    );
  }

  const full = selected.length >= MAX_COMPARED;
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-card">
      <ul aria-label="Runs to compare" className="min-w-[44rem] divide-y divide-border">
        {runs.map((run) => {
          const checked = selected.includes(run.id);
          const id = `pick-${run.id}`;
          return (
            <li
              key={run.id}
              className={cn(
                "grid grid-cols-[auto_minmax(10rem,2fr)_7rem_minmax(8rem,1fr)_minmax(10rem,2fr)] items-center gap-x-4 px-4 py-2",
                checked && "bg-hover/70",
              )}
            >
              <input
                id={id}
                type="checkbox"
                className="size-4 cursor-pointer accent-[var(--accent)] disabled:cursor-not-allowed"
                checked={checked}
                disabled={!checked && full}
                title={!checked && full ? `Compare takes at most ${MAX_COMPARED} runs` : undefined}
                onChange={(e) => onChange(e.target.checked ? [...selected, run.id] : selected.filter((s) => s !== run.id))}
              />
              <label htmlFor={id} className="flex min-w-0 cursor-pointer flex-col">
                <span className="truncate font-medium">{run.name}</span>
                <span className="text-xs text-muted-foreground">
                  <DateTime value={run.createdAt} />
                </span>
              </label>
              <span>
                <RunStatusBadge status={run.status} />
              </span>
              <span className="min-w-0 text-sm">
                <RunDataset project={project} run={run} />
              </span>
              <MetricChips metrics={run.headlineMetrics} />
            </li>
          );
        })}
      </ul>
      {query.hasNextPage && (
        <div className="border-t border-border px-4 py-2.5">
          <Button variant="secondary" size="sm" pending={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            Load more runs
          </Button>
        </div>
      )}
    </div>
  );
}

function PickerSkeleton() {
  return (
    <Loading label="Loading runs…">
      <div className="rounded-lg border border-border bg-card">
        <SkeletonRows rows={5} />
      </div>
    </Loading>
  );
}
