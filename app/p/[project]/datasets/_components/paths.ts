import { projectHref } from "../../../../_lib/paths";

// URLs of the dataset pages: every tab, version, filter and diff selection lives in the URL.

export type DatasetTab = "examples" | "versions" | "runs" | "metrics";
export const DATASET_TABS: readonly DatasetTab[] = ["examples", "versions", "runs", "metrics"];

type Query = Record<string, string | number | null | undefined>;

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function datasetsHref(project: string, query?: { q?: string }): string {
  return withQuery(projectHref(project, "datasets"), query);
}

export function datasetHref(
  project: string,
  datasetId: string,
  query: { tab?: DatasetTab; version?: number | null; q?: string | null; example?: string | null; created?: number | null } = {},
): string {
  const { tab, ...rest } = query;
  return withQuery(`${projectHref(project, "datasets")}/${encodeURIComponent(datasetId)}`, {
    tab: tab === "examples" ? undefined : tab,
    ...rest,
  });
}

export function uploadHref(project: string, datasetId?: string): string {
  return withQuery(`${projectHref(project, "datasets")}/upload`, { dataset: datasetId });
}

export function diffHref(project: string, datasetId: string, from: number, to: number): string {
  return withQuery(`${projectHref(project, "datasets")}/${encodeURIComponent(datasetId)}/diff`, { from, to });
}

/** The streaming JSONL download of a version (route handler; the project travels as ?project=). */
export function exportHref(project: string, datasetId: string, version: number | "latest"): string {
  return withQuery(`/api/datasets/${encodeURIComponent(datasetId)}/versions/${version}/export`, { project });
}

export function runHref(project: string, runId: string): string {
  return `${projectHref(project, "runs")}/${encodeURIComponent(runId)}`;
}

/** A search param as one string (the first when repeated). */
export function param(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A positive integer search param (a version number), or undefined when absent or malformed. */
export function positiveIntParam(value: string | string[] | undefined): number | undefined {
  const text = param(value);
  if (!text || !/^[1-9]\d{0,8}$/.test(text)) return undefined;
  return Number(text);
}

/** A non-negative integer search param (a diff bound: 0 = before version 1). */
export function versionBoundParam(value: string | string[] | undefined): number | undefined {
  const text = param(value);
  if (!text || !/^(0|[1-9]\d{0,8})$/.test(text)) return undefined;
  return Number(text);
}
