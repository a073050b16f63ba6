"use client";

import { useState } from "react";
import { LongString } from "../../../../_components/json-view";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../../_components/ui/card";
import { cn } from "../../../../_components/ui/cn";
import { diffConfigurations, type Config } from "../_lib/config-diff";

function Value({ present, value }: { present: boolean; value: unknown }) {
  if (!present) return <span className="text-muted-foreground italic">not set</span>;
  return (
    <span className="font-mono text-xs [overflow-wrap:anywhere]">
      {typeof value === "string" ? <LongString text={value} max={120} /> : JSON.stringify(value)}
    </span>
  );
}

/**
 * The runs' `configuration` objects side by side, key by key: keys whose values differ come
 * first and are highlighted; keys every run shares are folded away behind a toggle.
 */
export function ConfigDiff({ runs }: { runs: Array<{ id: string; name: string; configuration: Config }> }) {
  const [showSame, setShowSame] = useState(false);
  const rows = diffConfigurations(runs.map((r) => r.configuration));
  const differing = rows.filter((r) => r.differs);
  const same = rows.filter((r) => !r.differs);

  return (
    <Card aria-labelledby="config-heading">
      <CardHeader>
        <CardTitle id="config-heading">Configuration</CardTitle>
        <CardDescription>
          {rows.length === 0
            ? "None of these runs recorded a configuration."
            : differing.length === 0
              ? `All ${rows.length} keys are the same in every run.`
              : `${differing.length} of ${rows.length} ${rows.length === 1 ? "key differs" : "keys differ"} between the runs.`}
        </CardDescription>
      </CardHeader>
      {rows.length > 0 && (
        <div className="overflow-x-auto px-4 pb-4">
          <table className="w-full table-fixed text-sm">
            <colgroup>
              <col className="w-48" />
              {runs.map((run) => (
                <col key={run.id} />
              ))}
            </colgroup>
            <thead>
              <tr className="border-b border-border text-xs text-muted-foreground">
                <th scope="col" className="py-1.5 pr-3 text-left font-medium">
                  Key
                </th>
                {runs.map((run) => (
                  <th key={run.id} scope="col" className="truncate px-2 py-1.5 text-left font-medium">
                    {run.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {differing.map((row) => (
                <tr key={row.path} className="border-b border-border/60 bg-warning-soft/60" data-differs="true">
                  <th scope="row" className="py-1.5 pr-3 text-left align-top font-mono text-xs font-medium break-all">
                    <span className="mr-1 text-warning" aria-hidden="true">
                      ≠
                    </span>
                    {row.path}
                    <span className="sr-only"> (differs)</span>
                  </th>
                  {row.values.map((v, i) => (
                    <td key={runs[i].id} className="px-2 py-1.5 align-top">
                      <Value {...v} />
                    </td>
                  ))}
                </tr>
              ))}
              {same.length > 0 && (
                <tr>
                  <td colSpan={runs.length + 1} className="pt-2">
                    <button
                      type="button"
                      aria-expanded={showSame}
                      onClick={() => setShowSame(!showSame)}
                      className="inline-flex items-center gap-1 rounded px-1 text-xs text-muted-foreground hover:bg-hover hover:text-foreground"
                    >
                      <svg viewBox="0 0 16 16" className={cn("size-3 transition-transform", showSame && "rotate-90")} fill="none" aria-hidden="true">
                        <path d="M6 4l4 4-4 4" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
                      </svg>
                      {showSame ? "Hide" : "Show"} {same.length} identical {same.length === 1 ? "key" : "keys"}
                    </button>
                  </td>
                </tr>
              )}
              {showSame &&
                same.map((row) => (
                  <tr key={row.path} className="border-b border-border/60 text-muted-foreground">
                    <th scope="row" className="py-1.5 pr-3 text-left align-top font-mono text-xs font-normal break-all">
                      {row.path}
                    </th>
                    <td colSpan={runs.length} className="px-2 py-1.5 align-top">
                      <Value {...row.values[0]} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
