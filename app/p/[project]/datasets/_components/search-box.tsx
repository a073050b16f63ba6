"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { Spinner } from "../../../../_components/ui/button";
import { cn } from "../../../../_components/ui/cn";
import { inputClass } from "../../../../_components/ui/input";
import { SearchIcon } from "../../../../_components/icons";

/**
 * A text filter kept in the URL (`?q=` by default): typing updates the address after a short
 * pause, in a transition, so the current results stay on screen until the new ones are ready.
 * Params named in `reset` (e.g. a page cursor or a selected row) are dropped when the text changes.
 */
export function SearchBox({
  label,
  placeholder,
  name = "q",
  reset = [],
  className,
}: {
  label: string;
  placeholder?: string;
  name?: string;
  reset?: string[];
  className?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const current = searchParams.get(name) ?? "";
  const [text, setText] = useState(current);
  const [pending, startTransition] = useTransition();
  const id = useId();
  // The URL's text as last seen, and the text this box last wrote into the URL.
  const [seen, setSeen] = useState(current);
  const [pushed, setPushed] = useState<string | null>(null);

  // Back/forward or a link changed the URL (not our own typing): show its text.
  if (current !== seen) {
    setSeen(current);
    if (current !== pushed) setText(current);
  }

  useEffect(() => {
    if (text.trim() === current.trim()) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(searchParams.toString());
      if (text.trim()) next.set(name, text.trim());
      else next.delete(name);
      for (const key of reset) next.delete(key);
      const query = next.toString();
      setPushed(text.trim());
      startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
    }, 250);
    return () => clearTimeout(timer);
  }, [text, current, name, pathname, reset, router, searchParams]);

  return (
    <div className={cn("relative", className)} role="search">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" />
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setText(event.target.value)}
        className={cn(inputClass, "pr-8 pl-8")}
      />
      {pending && <Spinner className="absolute top-1/2 right-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" />}
    </div>
  );
}
