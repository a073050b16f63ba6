import type { RestOperation } from "../operation";

export const compareOperations: RestOperation[] = [
  {
    id: "compare.runs",
    method: "GET",
    path: "/api/v1/compare/runs",
    procedure: "compare.runs",
    summary: "Compare runs example by example",
    description:
      "2 to 5 runs (`run_ids`, repeated), one row per example with each run's output and scores and their delta to the baseline (default: the first run). Filters go in `filter[...]`, e.g. `filter[regressions_only]=true`.",
    tags: ["Compare"],
  },
  {
    id: "compare.summary",
    method: "GET",
    path: "/api/v1/compare/summary",
    procedure: "compare.summary",
    summary: "Summarize a comparison",
    description: "Per metric, each run's value and its delta to the baseline; per score, the examples that improved, regressed or stayed.",
    tags: ["Compare"],
  },
];
