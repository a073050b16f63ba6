import { describe, expect, it } from "vitest";
import {
  canCompare,
  compareRunsInput,
  compareState,
  compareSummaryInput,
  paramsFromRecord,
  paramsFromSearch,
  resultsFilter,
  resultsListInput,
  runsFilter,
  runsListInput,
} from "./search-params";

const search = (query: string) => paramsFromSearch(new URLSearchParams(query));

describe("URL state -> API inputs", () => {
  it("builds the same runs.list input from the server's record and the browser's URLSearchParams", () => {
    const fromServer = runsListInput(runsFilter(paramsFromRecord({ dataset: "d1", status: "completed", q: [" gpt ", "x"] })));
    const fromBrowser = runsListInput(runsFilter(search("dataset=d1&status=completed&q=%20gpt%20")));
    expect(fromServer).toEqual({ includeDatapointIds: false, limit: 50, datasetId: "d1", status: "completed", name: "gpt" });
    expect(fromBrowser).toEqual(fromServer);
    // Unknown statuses and blanks are dropped rather than sent.
    expect(runsListInput(runsFilter(search("status=exploded&q=%20&dataset=")))).toEqual({ includeDatapointIds: false, limit: 50 });
  });

  it("keeps a score range only with a score, and only finite numbers", () => {
    expect(resultsListInput("r", resultsFilter(search("score=f1&min=0.5&max=abc&errors=1")))).toEqual({
      runId: "r",
      limit: 50,
      scoreName: "f1",
      minValue: 0.5,
      hasError: true,
    });
    expect(resultsListInput("r", resultsFilter(search("min=0&max=1")))).toEqual({ runId: "r", limit: 50 });
    expect(resultsFilter(search("score=exact&min=0&max=0"))).toEqual({ scoreName: "exact", minValue: 0, maxValue: 0, errorsOnly: false });
  });

  it("reads compare state: distinct runs, a baseline among them, one of the two directions", () => {
    const state = compareState(search("runs=a,b,a,,c&baseline=b&only=regressions&score=f1&q=refund"));
    expect(state).toEqual({ runIds: ["a", "b", "c"], baselineRunId: "b", only: "regressions", score: "f1", text: "refund" });
    expect(canCompare(state)).toBe(true);
    expect(compareSummaryInput(state)).toEqual({ runIds: ["a", "b", "c"], baselineRunId: "b" });
    expect(compareRunsInput(state)).toEqual({
      runIds: ["a", "b", "c"],
      limit: 50,
      baselineRunId: "b",
      filter: { regressionsOnly: true, score: "f1", text: "refund" },
    });

    const plain = compareState(search("runs=a,b&baseline=z&only=sideways"));
    expect(plain).toMatchObject({ baselineRunId: null, only: null });
    expect(compareRunsInput(plain)).toEqual({ runIds: ["a", "b"], limit: 50 });
    expect(canCompare(compareState(search("runs=a")))).toBe(false);
    expect(canCompare(compareState(search("runs=a,b,c,d,e,f")))).toBe(false);
  });
});
