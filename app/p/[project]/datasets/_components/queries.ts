// Inputs of the dataset pages' queries, shared by the server prefetch and the client components:
// both must build the very same input for the query keys to match.

export const DATASETS_PAGE = 50;
export const EXAMPLES_PAGE = 50;
export const VERSIONS_PAGE = 50;
export const RUNS_PAGE = 50;
export const DIFF_PAGE = 50;
export const METRICS_PAGE = 1000;

export const datasetListInput = (q: string) => ({ search: q || undefined, limit: DATASETS_PAGE });

export const exampleListInput = (datasetId: string, version: number | undefined, q: string) => ({
  datasetId,
  version,
  search: q || undefined,
  limit: EXAMPLES_PAGE,
});

export const versionListInput = (datasetId: string) => ({ datasetId, limit: VERSIONS_PAGE });

/** The version pickers list every version: pages of the largest size. */
export const allVersionsInput = (datasetId: string) => ({ datasetId, limit: 200 });

export const runListInput = (datasetId: string) => ({ datasetId, includeDatapointIds: false, limit: RUNS_PAGE });

export const metricSearchInput = (datasetId: string) => ({ datasetId, limit: METRICS_PAGE });

export const diffInput = (datasetId: string, from: number, to: number) => ({ datasetId, from, to, limit: DIFF_PAGE });

export const nextCursor = (page: { nextCursor: string | null }) => page.nextCursor ?? undefined;
