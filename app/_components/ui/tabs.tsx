import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";

export interface TabItem {
  /** Where the tab leads: tabs are links, so the selected tab lives in the URL. */
  href: string;
  label: ReactNode;
  /** Shown after the label, e.g. a count. */
  meta?: ReactNode;
}

/** URL-driven tabs: `active` is the href of the current tab (the page knows it from its URL). */
export function Tabs({ items, active, label, className }: { items: TabItem[]; active: string; label: string; className?: string }) {
  return (
    <nav aria-label={label} className={cn("border-b border-border", className)}>
      <ul className="-mb-px flex gap-4 overflow-x-auto">
        {items.map((item) => {
          const current = item.href === active;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "inline-flex h-9 items-center gap-1.5 border-b-2 px-0.5 text-sm whitespace-nowrap transition-colors",
                  current
                    ? "border-foreground font-medium text-foreground"
                    : "border-transparent text-muted-foreground hover:border-border hover:text-foreground",
                )}
              >
                {item.label}
                {item.meta !== undefined && <span className="text-xs text-muted-foreground tabular-nums">{item.meta}</span>}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
