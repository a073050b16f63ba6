import type { RunStatusValue } from "@/lib/contracts";
import { Badge, type BadgeTone } from "../../../../_components/ui/badge";

const tones: Record<RunStatusValue, BadgeTone> = {
  pending: "neutral",
  running: "info",
  completed: "success",
  failed: "danger",
  cancelled: "warning",
};

export function RunStatusBadge({ status }: { status: RunStatusValue }) {
  return (
    <Badge tone={tones[status]}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {status}
    </Badge>
  );
}
