/**
 * URLs are the app's state: the project is the first path segment under /p/, so every page is
 * shareable. Names are percent-encoded in the path and decoded here.
 */
export const SECTIONS = ["datasets", "runs", "compare"] as const;
export type Section = (typeof SECTIONS)[number];

export function projectHref(project: string, section: Section | string = "datasets"): string {
  return `/p/${encodeURIComponent(project)}/${section}`;
}

export const PROJECTS_HREF = "/projects";

/** The project named by a pathname like `/p/<project>/...`, decoded; null outside a project. */
export function projectFromPathname(pathname: string | null): string | null {
  const match = /^\/p\/([^/]+)/.exec(pathname ?? "");
  return match ? safeDecode(match[1]) : null;
}

/** The section of a project pathname (`/p/x/runs/123` -> `runs`); null when there is none. */
export function sectionFromPathname(pathname: string | null): string | null {
  const match = /^\/p\/[^/]+\/([^/?#]+)/.exec(pathname ?? "");
  return match ? match[1] : null;
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
