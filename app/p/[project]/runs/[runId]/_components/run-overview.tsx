import type { ReactNode } from "react";
import { DateTime } from "../../../../../_components/date-time";
import { JsonView } from "../../../../../_components/json-view";
import { Card, CardContent, CardHeader, CardTitle } from "../../../../../_components/ui/card";
import { RunDataset } from "../../_components/run-dataset";
import type { RunHeader } from "../_lib/load-run";

function duration(from: Date, to: Date): string {
  const seconds = Math.max(0, (to.getTime() - from.getTime()) / 1000);
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-sm text-foreground">{children}</dd>
    </div>
  );
}

/** Where the run ran (dataset, exact version), when, on how many datapoints; its configuration and metadata. */
export function RunOverview({ project, run }: { project: string; run: RunHeader }) {
  const empty = (value: Record<string, unknown>) => Object.keys(value).length === 0;
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <Card aria-labelledby="run-facts">
        <CardHeader>
          <CardTitle id="run-facts">Run</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-3">
            <Fact label="Dataset · version">
              <RunDataset project={project} run={run} />
            </Fact>
            <Fact label="Datapoints">
              <span className="tabular-nums">{run.datapointCount.toLocaleString("en-US")}</span>
            </Fact>
            <Fact label="Created">
              <DateTime value={run.createdAt} />
            </Fact>
            <Fact label="Started">{run.startedAt ? <DateTime value={run.startedAt} /> : <span className="text-muted-foreground">not yet</span>}</Fact>
            <Fact label="Ended">
              {run.endedAt ? <DateTime value={run.endedAt} /> : <span className="text-muted-foreground">{run.status === "running" ? "still running" : "—"}</span>}
            </Fact>
            <Fact label="Duration">
              {run.startedAt && run.endedAt ? (
                <span className="tabular-nums">{duration(run.startedAt, run.endedAt)}</span>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </Fact>
          </dl>
          <p className="mt-3 text-[11px] text-muted-foreground">
            <span className="font-mono">id {run.id}</span>
            {run.eventIds.length > 0 && <> · {run.eventIds.length.toLocaleString("en-US")} linked events</>}
          </p>
        </CardContent>
      </Card>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
        <Card aria-labelledby="run-configuration">
          <CardHeader>
            <CardTitle id="run-configuration">Configuration</CardTitle>
          </CardHeader>
          <CardContent className="max-h-72 overflow-auto">
            {empty(run.configuration) ? <p className="text-xs text-muted-foreground">No configuration recorded.</p> : <JsonView value={run.configuration} bare />}
          </CardContent>
        </Card>
        <Card aria-labelledby="run-metadata">
          <CardHeader>
            <CardTitle id="run-metadata">Metadata</CardTitle>
          </CardHeader>
          <CardContent className="max-h-72 overflow-auto">
            {empty(run.metadata) ? <p className="text-xs text-muted-foreground">No metadata.</p> : <JsonView value={run.metadata} bare />}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
