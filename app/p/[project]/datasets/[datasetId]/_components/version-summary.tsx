import type { VersionSummary } from "@/lib/contracts";
import { cn } from "../../../../../_components/ui/cn";

const fmt = new Intl.NumberFormat("en-US");

/** "+12 added · ~3 updated · −2 deleted": the words carry the meaning, colour only helps. */
export function SummaryCounts({ summary, className, unchanged = false }: { summary: VersionSummary; className?: string; unchanged?: boolean }) {
  return (
    <span className={cn("inline-flex flex-wrap items-center gap-x-3 gap-y-1 text-xs tabular-nums", className)}>
      <span className={summary.added ? "text-success" : "text-muted-foreground"}>+{fmt.format(summary.added)} added</span>
      <span className={summary.updated ? "text-info" : "text-muted-foreground"}>~{fmt.format(summary.updated)} updated</span>
      <span className={summary.deleted ? "text-danger" : "text-muted-foreground"}>−{fmt.format(summary.deleted)} deleted</span>
      {unchanged && <span className="text-muted-foreground">{fmt.format(summary.unchanged)} unchanged</span>}
    </span>
  );
}
