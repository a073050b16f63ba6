import { extendTailwindMerge } from "tailwind-merge";

type ClassValue = string | false | null | undefined | 0;

// Our theme adds a `shadow-card` size; everything else is stock Tailwind.
const merge = extendTailwindMerge({ extend: { theme: { shadow: ["card"] } } });

/** Joins class names, skipping falsy ones; a later class wins over an earlier conflicting one. */
export function cn(...classes: ClassValue[]): string {
  return merge(classes.filter(Boolean).join(" "));
}
