"use client";

import { Suspense, useState, type ReactNode } from "react";
import { PageHeader } from "../../../../_components/page-header";
import { Button } from "../../../../_components/ui/button";
import { cn } from "../../../../_components/ui/cn";
import { Dialog } from "../../../../_components/ui/dialog";
import { QueryBoundary } from "../../runs/_components/query-boundary";
import { useUrlState } from "../../runs/_components/use-url-state";
import { canCompare, compareState, MAX_COMPARED, paramsFromSearch, type CompareState } from "../../runs/_lib/search-params";
import { CompareFilters, CompareRows, CompareRowsSkeleton } from "./compare-rows";
import { CompareSummary, CompareSummarySkeleton, useCompareScoreNames } from "./compare-summary";
import { RunPicker } from "./run-picker";

/** The compare page body: the picker until 2–5 runs are chosen, then summary, configuration and rows. */
export function CompareView({ project }: { project: string }) {
  const { search, controls, update, pending } = useUrlState();
  // Data follows the committed URL; the filter controls answer at once.
  const state = compareState(paramsFromSearch(search));
  const shown = compareState(paramsFromSearch(controls));
  const [picking, setPicking] = useState(false);

  const header = (actions?: ReactNode) => (
    <PageHeader className={actions ? undefined : "mb-2"} title="Compare" description="Two to five runs side by side on the same examples, against a baseline." actions={actions} />
  );

  if (!canCompare(state)) {
    return (
      <div className="flex flex-col gap-4">
        {header()}
        {state.runIds.length > MAX_COMPARED && (
          <p role="alert" className="rounded-md border border-warning/30 bg-warning-soft px-3 py-2 text-sm text-warning">
            Compare takes at most {MAX_COMPARED} runs; the link names {state.runIds.length}. Keep up to {MAX_COMPARED} below.
          </p>
        )}
        <p className="text-sm text-muted-foreground">
          {state.runIds.length === 1 ? "Pick at least one more run to compare with." : "Pick two to five runs to see them side by side, example by example."}
        </p>
        <RunPicker project={project} initial={state.runIds} />
      </div>
    );
  }

  const clear = () => update({ only: null, score: null, q: null });
  return (
    <div className="flex flex-col">
      {header(
        <Button variant="secondary" onClick={() => setPicking(true)}>
          Change runs
        </Button>,
      )}
      <Dialog open={picking} onOpenChange={setPicking} title="Choose runs to compare" className="max-w-4xl">
        <RunPicker project={project} initial={state.runIds} onDone={() => setPicking(false)} />
      </Dialog>
      {/* Summary and rows load side by side: the rows do not wait for the summary's counts. */}
      <QueryBoundary title="This comparison could not be loaded" resetKey={search.toString()}>
        <Suspense fallback={<CompareSummarySkeleton />}>
          <CompareSummary
            project={project}
            state={state}
            onBaseline={(baseline) => update({ baseline })}
            onFilter={({ only, score }) => {
              update({ only, score });
              document.getElementById("rows-heading")?.scrollIntoView({ behavior: "smooth", block: "start" });
            }}
          />
        </Suspense>
      </QueryBoundary>
      <RowsSection state={state} shown={shown} pending={pending} update={update} clear={clear} />
    </div>
  );
}

function RowsSection({
  state,
  shown,
  pending,
  update,
  clear,
}: {
  state: CompareState;
  shown: CompareState;
  pending: boolean;
  update: (changes: Record<string, string | null>) => void;
  clear: () => void;
}) {
  const scoreNames = useCompareScoreNames(state);
  const filtered = Boolean(state.only || state.score || state.text);
  return (
    <section aria-labelledby="rows-heading" className="mt-6 flex flex-col gap-3">
      <h2 id="rows-heading" className="scroll-mt-4 text-base font-semibold">
        Rows
      </h2>
      <CompareFilters state={shown} scoreNames={scoreNames} update={update} />
      <QueryBoundary title="Rows could not be loaded" resetKey={JSON.stringify(state)}>
        <Suspense fallback={<CompareRowsSkeleton />}>
          <div className={cn("transition-opacity", pending && "opacity-60")} aria-busy={pending || undefined}>
            <CompareRows state={state} filtered={filtered} onClear={clear} />
          </div>
        </Suspense>
      </QueryBoundary>
    </section>
  );
}
