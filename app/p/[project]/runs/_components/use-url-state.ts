"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useOptimistic, useRef, useTransition } from "react";
import { queryString } from "../_lib/links";

/**
 * The page's state lives in its search params. `update({ key: value })` replaces the URL (null or
 * "" removes a key) inside a transition, without a history entry:
 * - `search` is the URL the data on screen belongs to: queries read it, so the current results
 *   stay (marked `pending`) until the next ones are ready;
 * - `controls` already holds the requested URL: inputs, checkboxes and selects read it, so they
 *   answer at once.
 */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [controls, setControls] = useOptimistic<URLSearchParams, URLSearchParams>(new URLSearchParams(search.toString()), (_, next) => next);
  // The URL asked for but not committed yet: two quick changes (min, then max) build on each other.
  const requested = useRef<string | null>(null);
  useEffect(() => {
    if (!pending) requested.current = null;
  }, [pending]);

  const update = useCallback(
    (changes: Record<string, string | null | undefined>, options: { push?: boolean } = {}) => {
      const next = new URLSearchParams(requested.current ?? search.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value == null || value === "") next.delete(key);
        else next.set(key, value);
      }
      requested.current = next.toString();
      const href = `${pathname}${queryString(next)}`;
      startTransition(() => {
        setControls(next);
        if (options.push) router.push(href, { scroll: false });
        else router.replace(href, { scroll: false });
      });
    },
    [pathname, router, search, setControls],
  );

  return { search, controls, update, pending };
}
