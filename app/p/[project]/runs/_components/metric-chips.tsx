import { formatMetric } from "../_lib/format";

/**
 * A run's headline metrics, inline: `exact.pass_rate 50.0%`. The mean of a boolean score is its
 * pass rate again, so it is left out when the pass rate is there.
 */
export function MetricChips({ metrics }: { metrics: Array<{ name: string; value: number }> }) {
  const names = new Set(metrics.map((m) => m.name));
  const shown = metrics.filter((m) => !(m.name.endsWith(".mean") && names.has(`${m.name.slice(0, -".mean".length)}.pass_rate`)));
  if (shown.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-0.5">
      {shown.map((metric) => (
        <li key={metric.name} className="text-xs whitespace-nowrap">
          <span className="text-muted-foreground">{metric.name}</span>{" "}
          <span className="font-medium text-foreground tabular-nums">{formatMetric(metric.name, metric.value)}</span>
        </li>
      ))}
    </ul>
  );
}
