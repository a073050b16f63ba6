import { RUN_STATUS_VALUES, type RunStatusValue } from "@/lib/contracts";

/**
 * The runs, run and compare pages keep their state in the URL. These parsers turn search params
 * into API inputs; the server page (prefetch) and the client components (queries) call the same
 * parser, so both build the same query key. Unknown or malformed values are ignored.
 */
export type ParamGetter = (key: string) => string | null | undefined;

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export function paramsFromRecord(record: SearchParamsRecord): ParamGetter {
  return (key) => {
    const value = record[key];
    return Array.isArray(value) ? value[0] : value;
  };
}

export function paramsFromSearch(search: URLSearchParams): ParamGetter {
  return (key) => search.get(key);
}

function text(get: ParamGetter, key: string): string | null {
  const value = get(key)?.trim();
  return value ? value.slice(0, 200) : null;
}

function finite(get: ParamGetter, key: string): number | null {
  const value = get(key);
  if (value == null || value.trim() === "") return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** A comma-separated list of ids, without duplicates or blanks. */
export function idList(get: ParamGetter, key: string, max = 20): string[] {
  const ids = (get(key) ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  return [...new Set(ids)].slice(0, max);
}

export const PAGE_SIZE = 50;
export const MAX_COMPARED = 5;

// ---- Runs list: ?dataset=<id>&status=<status>&q=<name>&selected=a,b

export interface RunsFilter {
  datasetId: string | null;
  status: RunStatusValue | null;
  name: string | null;
}

export function runsFilter(get: ParamGetter): RunsFilter {
  const status = get("status");
  return {
    datasetId: text(get, "dataset"),
    status: (RUN_STATUS_VALUES as readonly string[]).includes(status ?? "") ? (status as RunStatusValue) : null,
    name: text(get, "q"),
  };
}

/** The `runs.list` input (without cursor) for a filter. */
export function runsListInput(filter: RunsFilter) {
  return {
    includeDatapointIds: false,
    limit: PAGE_SIZE,
    ...(filter.datasetId ? { datasetId: filter.datasetId } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.name ? { name: filter.name } : {}),
  };
}

/** The compare page's run picker: newest runs, optionally by name. */
export function pickerInput(name: string | null) {
  return runsListInput({ datasetId: null, status: null, name });
}

// ---- Run results: ?score=<name>&min=<n>&max=<n>&errors=1

export interface ResultsFilter {
  scoreName: string | null;
  minValue: number | null;
  maxValue: number | null;
  errorsOnly: boolean;
}

export function resultsFilter(get: ParamGetter): ResultsFilter {
  const scoreName = text(get, "score");
  return {
    scoreName,
    minValue: scoreName ? finite(get, "min") : null,
    maxValue: scoreName ? finite(get, "max") : null,
    errorsOnly: get("errors") === "1",
  };
}

export function resultsListInput(runId: string, filter: ResultsFilter) {
  return {
    runId,
    limit: PAGE_SIZE,
    ...(filter.scoreName ? { scoreName: filter.scoreName } : {}),
    ...(filter.minValue != null ? { minValue: filter.minValue } : {}),
    ...(filter.maxValue != null ? { maxValue: filter.maxValue } : {}),
    ...(filter.errorsOnly ? { hasError: true } : {}),
  };
}

// ---- Compare: ?runs=a,b,c&baseline=a&only=regressions|improvements&score=<name>&q=<text>

export type CompareOnly = "regressions" | "improvements" | null;

export interface CompareState {
  runIds: string[];
  baselineRunId: string | null;
  only: CompareOnly;
  score: string | null;
  text: string | null;
}

export function compareState(get: ParamGetter): CompareState {
  const runIds = idList(get, "runs");
  const baseline = text(get, "baseline");
  const only = get("only");
  return {
    runIds,
    baselineRunId: baseline && runIds.includes(baseline) ? baseline : null,
    only: only === "regressions" || only === "improvements" ? only : null,
    score: text(get, "score"),
    text: text(get, "q"),
  };
}

/** 2 to 5 distinct runs: the compare view can be shown; otherwise the picker. */
export function canCompare(state: CompareState): boolean {
  return state.runIds.length >= 2 && state.runIds.length <= MAX_COMPARED;
}

export function compareSummaryInput(state: CompareState) {
  return { runIds: state.runIds, ...(state.baselineRunId ? { baselineRunId: state.baselineRunId } : {}) };
}

export function compareRunsInput(state: CompareState) {
  const filter = {
    ...(state.only === "regressions" ? { regressionsOnly: true } : {}),
    ...(state.only === "improvements" ? { improvementsOnly: true } : {}),
    ...(state.score ? { score: state.score } : {}),
    ...(state.text ? { text: state.text } : {}),
  };
  return {
    runIds: state.runIds,
    limit: PAGE_SIZE,
    ...(state.baselineRunId ? { baselineRunId: state.baselineRunId } : {}),
    ...(Object.keys(filter).length ? { filter } : {}),
  };
}
