"use client";

import { JsonView, LongString } from "../../../../_components/json-view";
import { cn } from "../../../../_components/ui/cn";
import { fieldChanges, type FieldChange } from "./field-diff";

type Content = { input: Record<string, unknown>; output: Record<string, unknown>; metadata: Record<string, unknown> };

const PARTS = ["input", "output", "metadata"] as const;

/** What changed in an example between two contents: per part, each key added, removed or changed (old -> new). */
export function ExampleDiff({ before, after, className }: { before: Content; after: Content; className?: string }) {
  const parts = PARTS.map((part) => ({ part, changes: fieldChanges(before[part], after[part]) })).filter((p) => p.changes.length > 0);
  if (parts.length === 0) return <p className="text-xs text-muted-foreground">Same content.</p>;
  return (
    <div className={cn("flex flex-col gap-3", className)}>
      {parts.map(({ part, changes }) => (
        <section key={part} aria-label={`${part} changes`}>
          <h4 className="mb-1 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">{part}</h4>
          <ul className="flex flex-col divide-y divide-border rounded-md border border-border">
            {changes.map((change) => (
              <ChangeRow key={`${change.change}:${change.path}`} change={change} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

const label: Record<FieldChange["change"], string> = { added: "added", removed: "removed", changed: "changed" };

function ChangeRow({ change }: { change: FieldChange }) {
  return (
    <li className="grid grid-cols-[minmax(8rem,14rem)_1fr] gap-3 px-3 py-2 text-xs">
      <div className="flex min-w-0 flex-col gap-1">
        <code className="truncate font-mono font-medium text-foreground" title={change.path}>
          {change.path}
        </code>
        <span
          className={cn(
            "w-fit rounded px-1.5 py-px text-[11px] font-medium",
            change.change === "added" && "bg-success-soft text-success",
            change.change === "removed" && "bg-danger-soft text-danger",
            change.change === "changed" && "bg-info-soft text-info",
          )}
        >
          {label[change.change]}
        </span>
      </div>
      <div className="flex min-w-0 flex-col gap-1">
        {change.change !== "added" && <Value value={change.before} tone="old" />}
        {change.change !== "removed" && <Value value={change.after} tone="new" />}
      </div>
    </li>
  );
}

function Value({ value, tone }: { value: unknown; tone: "old" | "new" }) {
  return (
    <div
      className={cn(
        "flex min-w-0 items-start gap-2 rounded px-2 py-1",
        tone === "old" ? "bg-danger-soft/60" : "bg-success-soft/60",
      )}
    >
      <span aria-hidden="true" className={cn("font-mono select-none", tone === "old" ? "text-danger" : "text-success")}>
        {tone === "old" ? "−" : "+"}
      </span>
      <span className="sr-only">{tone === "old" ? "Old value:" : "New value:"}</span>
      <div className="min-w-0 flex-1">
        {typeof value === "string" ? (
          <span className="font-mono text-xs">
            <LongString text={value} max={400} />
          </span>
        ) : (
          <JsonView value={value} collapseAt={1} />
        )}
      </div>
    </div>
  );
}

/** The three parts of an example, each readable on its own. */
export function ExampleContentView({ content, className }: { content: Content; className?: string }) {
  return (
    <div className={cn("grid gap-3 md:grid-cols-3", className)}>
      {PARTS.map((part) => (
        <section key={part} aria-label={part} className="min-w-0 rounded-md border border-border bg-background/40 p-2.5">
          <h4 className="mb-1 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">{part}</h4>
          <JsonView value={content[part]} bare collapseAt={2} />
        </section>
      ))}
    </div>
  );
}
