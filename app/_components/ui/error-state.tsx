import type { ReactNode } from "react";
import { cn } from "./cn";

/** Says what went wrong, in the server's words, and offers the way out (retry, go back…). */
export function ErrorState({
  title = "Something went wrong",
  message,
  action,
  className,
}: {
  title?: ReactNode;
  message?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div role="alert" className={cn("flex flex-col items-start gap-2 rounded-lg border border-danger/30 bg-danger-soft px-4 py-4", className)}>
      <div className="flex items-center gap-2 text-sm font-semibold text-danger">
        <svg viewBox="0 0 16 16" className="size-4" fill="none" aria-hidden="true">
          <circle cx="8" cy="8" r="6.25" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 4.75v3.75" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          <circle cx="8" cy="11" r="0.9" fill="currentColor" />
        </svg>
        {title}
      </div>
      {message && <div className="text-sm break-words text-foreground">{message}</div>}
      {action && <div className="mt-1 flex flex-wrap gap-2">{action}</div>}
    </div>
  );
}

/** A one-line inline error under a form or inside a dialog. */
export function InlineError({ children, id, className }: { children: ReactNode; id?: string; className?: string }) {
  if (!children) return null;
  return (
    <p id={id} role="alert" className={cn("text-xs text-danger", className)}>
      {children}
    </p>
  );
}
