"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import { formatMetric } from "./metric-format";

export interface RunPoint {
  runId: string;
  runName: string;
  status: string;
  /** Run creation time, ms since the epoch. */
  t: number;
  version: number | null;
  values: Record<string, number>;
}

/** Distinct in both themes; the legend and the tooltip name each series, colour is never the only cue. */
export const SERIES_COLORS = ["#3b82f6", "#10b981", "#f59e0b", "#ec4899", "#8b5cf6", "#06b6d4", "#ef4444", "#84cc16"];

const day = new Intl.DateTimeFormat("en", { month: "short", day: "numeric" });
const full = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/**
 * One point per run, in the order the runs were created (evenly spaced, so a burst of runs in one
 * afternoon stays readable next to a run a week later); the axis labels give each run's time.
 */
export function MetricsChart({ runs, metrics }: { runs: RunPoint[]; metrics: string[] }) {
  const data = runs.map((run, i) => ({ ...run, i, ...Object.fromEntries(metrics.map((m) => [`m:${m}`, run.values[m] ?? null])) }));
  // A mark where the pinned version changes from one run to the next.
  const marks = data.filter((run, i) => run.version !== null && (i === 0 || data[i - 1].version !== run.version));
  const sameDay = runs.length > 0 && new Date(runs[0].t).toDateString() === new Date(runs[runs.length - 1].t).toDateString();
  const tick = (i: number) => {
    const run = runs[i];
    if (!run) return "";
    return sameDay ? new Date(run.t).toLocaleTimeString("en", { hour: "2-digit", minute: "2-digit" }) : day.format(run.t);
  };

  return (
    <div
      className="h-72 w-full text-xs [&_.recharts-cartesian-axis-line]:stroke-border [&_.recharts-cartesian-axis-tick-line]:stroke-border [&_.recharts-cartesian-grid_line]:stroke-border [&_.recharts-text]:fill-muted-foreground"
      role="img"
      aria-label={`Chart of ${metrics.join(", ")} across ${runs.length} runs`}
    >
      <LineChart responsive data={data} margin={{ top: 18, right: 24, bottom: 4, left: 4 }} style={{ width: "100%", height: "100%" }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="i"
          type="number"
          domain={[-0.25, Math.max(runs.length - 0.75, 0.25)]}
          ticks={data.map((d) => d.i)}
          tickFormatter={tick}
          tickMargin={6}
          minTickGap={24}
          allowDecimals={false}
        />
        <YAxis tickFormatter={(v: number) => formatMetric(v)} width={56} tickMargin={4} />
        {marks.map((run) => (
          <ReferenceLine
            key={`${run.version}-${run.i}`}
            x={run.i - (run.i === 0 ? 0 : 0.5)}
            strokeDasharray="4 4"
            className="[&_line]:stroke-muted-foreground/50"
            label={{ value: `v${run.version}`, position: "insideTopRight", fontSize: 11 }}
          />
        ))}
        <Tooltip content={(props) => <ChartTooltip {...props} />} />
        <Legend verticalAlign="bottom" height={24} iconType="plainline" formatter={(value: string) => <span className="font-mono text-[11px] text-foreground">{value}</span>} />
        {metrics.map((metric, i) => (
          <Line
            key={metric}
            name={metric}
            dataKey={`m:${metric}`}
            type="linear"
            stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
            strokeWidth={2}
            dot={{ r: 3, strokeWidth: 0, fill: SERIES_COLORS[i % SERIES_COLORS.length] }}
            activeDot={{ r: 5 }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </div>
  );
}

function ChartTooltip({ active, payload }: TooltipContentProps<ValueType, NameType>) {
  const point = payload?.[0]?.payload as (RunPoint & Record<string, unknown>) | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-border bg-card px-3 py-2 text-xs shadow-card">
      <div className="font-medium text-foreground">{point.runName}</div>
      <div className="mb-1.5 text-muted-foreground">
        {full.format(point.t)}
        {point.version !== null && ` · v${point.version}`}
      </div>
      <ul className="flex flex-col gap-0.5">
        {payload.map((entry) => (
          <li key={String(entry.dataKey)} className="flex items-center gap-2">
            <span aria-hidden="true" className="size-2 rounded-full" style={{ background: entry.color }} />
            <span className="font-mono text-muted-foreground">{entry.name}</span>
            <span className="ml-auto pl-3 font-mono text-foreground tabular-nums">{typeof entry.value === "number" ? formatMetric(entry.value) : "—"}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
