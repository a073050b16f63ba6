import type { Score } from "@/lib/contracts";
import { cn } from "../../../../_components/ui/cn";
import { formatNumber } from "../_lib/format";

/** One score: booleans say pass / fail in words (the colour only repeats it), numbers their value. */
export function ScoreChip({ score, className }: { score: Pick<Score, "name" | "value" | "label" | "explanation">; className?: string }) {
  const boolean = typeof score.value === "boolean";
  const title = [score.label, score.explanation].filter(Boolean).join(" — ") || undefined;
  return (
    <span
      title={title}
      className={cn(
        "inline-flex h-5 max-w-full items-center gap-1 rounded border px-1.5 text-[11px] leading-none whitespace-nowrap",
        boolean
          ? score.value
            ? "border-success/25 bg-success-soft text-success"
            : "border-danger/25 bg-danger-soft text-danger"
          : "border-border bg-muted text-foreground",
        className,
      )}
    >
      <span className={cn("truncate", !boolean && "text-muted-foreground")}>{score.name}</span>
      <span className="font-medium tabular-nums">
        {boolean ? (score.value ? "✓ pass" : "✗ fail") : formatNumber(score.value as number)}
      </span>
    </span>
  );
}
