import { cn } from "../../../../_components/ui/cn";
import { formatDelta, judge, metricDirection, type Direction } from "../../runs/_lib/format";

const tones = {
  better: "text-success",
  worse: "text-danger",
  same: "text-muted-foreground",
  neutral: "text-muted-foreground",
} as const;

const words = { better: "better than baseline", worse: "worse than baseline", same: "same as baseline", neutral: "change from baseline" } as const;

/**
 * A difference to the baseline: an arrow, the signed number, and a colour that only repeats
 * them (▲ up, ▼ down, = unchanged). Screen readers also hear "better" / "worse".
 */
export function Delta({
  name,
  delta,
  direction = metricDirection(name),
  boolean = false,
  className,
}: {
  name: string;
  delta: number | null;
  direction?: Direction;
  boolean?: boolean;
  className?: string;
}) {
  if (delta === null) return null;
  const verdict = judge(delta, direction);
  const arrow = delta > 0 ? "▲" : delta < 0 ? "▼" : "=";
  const text = boolean ? (delta > 0 ? "now passes" : delta < 0 ? "now fails" : "same") : delta === 0 ? "0" : formatDelta(name, delta);
  return (
    <span className={cn("inline-flex items-center gap-0.5 text-xs font-medium whitespace-nowrap tabular-nums", tones[verdict], className)}>
      <span aria-hidden="true">{arrow}</span>
      {text}
      <span className="sr-only"> ({words[verdict]})</span>
    </span>
  );
}
