import { projectHref } from "../../../../_lib/paths";

/** Links between the runs, compare and dataset pages. Run ids are uuids: safe in a URL as they are. */
export function runHref(project: string, runId: string): string {
  return `${projectHref(project, "runs")}/${encodeURIComponent(runId)}`;
}

/** The compare page for these runs; commas stay readable (`?runs=a,b,c`). */
export function compareHref(project: string, runIds: readonly string[], baseline?: string | null): string {
  const query = [runIds.length ? `runs=${runIds.map(encodeURIComponent).join(",")}` : null, baseline ? `baseline=${encodeURIComponent(baseline)}` : null]
    .filter(Boolean)
    .join("&");
  return query ? `${projectHref(project, "compare")}?${query}` : projectHref(project, "compare");
}

/** A dataset's page, at a version when one is given. */
export function datasetHref(project: string, datasetId: string, version?: number | null): string {
  const base = `${projectHref(project, "datasets")}/${encodeURIComponent(datasetId)}`;
  return version == null ? base : `${base}?version=${version}`;
}

/** Serialises search params, keeping commas readable in lists of ids. */
export function queryString(params: URLSearchParams): string {
  const text = params.toString().replace(/%2C/gi, ",");
  return text ? `?${text}` : "";
}
