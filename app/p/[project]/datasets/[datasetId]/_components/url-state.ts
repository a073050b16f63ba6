"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useState, useTransition } from "react";

/** New values of search params: null removes one, an array repeats it (`?metric=a&metric=b`). */
export type Changes = Record<string, string | number | readonly string[] | null | undefined>;

/**
 * Reads and writes the page's search params: `set({ version: 3, example: null })` replaces the URL
 * (null removes a param) in a transition, so the current view stays until the next one is ready.
 */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  const hrefWith = useCallback(
    (changes: Changes) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(changes)) {
        next.delete(key);
        if (Array.isArray(value)) for (const item of value) next.append(key, item);
        else if (value !== null && value !== undefined && value !== "") next.set(key, String(value));
      }
      const query = next.toString();
      return query ? `${pathname}?${query}` : pathname;
    },
    [pathname, searchParams],
  );

  const set = useCallback(
    (changes: Changes, { push = false }: { push?: boolean } = {}) => {
      const href = hrefWith(changes);
      startTransition(() => (push ? router.push(href, { scroll: false }) : router.replace(href, { scroll: false })));
    },
    [hrefWith, router],
  );

  return { searchParams, set, hrefWith, pending };
}

/**
 * A control's value that follows `value` (from the URL) but shows a new choice at once, while the
 * URL update that confirms it is still in its transition. `key` turns the value into a string.
 */
export function useShownValue<T>(value: T, key: (v: T) => string = String): [T, (next: T) => void] {
  const [shown, setShown] = useState(value);
  const [seen, setSeen] = useState(key(value));
  if (key(value) !== seen) {
    setSeen(key(value));
    setShown(value);
  }
  return [shown, setShown];
}
