import {
  pageSchema,
  resultSchema,
  resultsDistributionInput,
  resultsDistributionOutput,
  resultsListInput,
  resultsRecordInput,
  resultsRecordOutput,
} from "@/lib/contracts";
import { listResults, recordResults } from "../services/results";
import { scoreDistribution } from "../services/score-distribution";
import { createRouter, projectProcedure } from "../trpc/init";

export const resultsRouter = createRouter({
  record: projectProcedure
    .input(resultsRecordInput)
    .output(resultsRecordOutput)
    .mutation(({ ctx, input }) => recordResults(ctx.db, ctx.project.id, input)),
  list: projectProcedure
    .input(resultsListInput)
    .output(pageSchema(resultSchema))
    .query(({ ctx, input }) => listResults(ctx.db, ctx.project.id, input)),
  /** Per-score histograms (numbers) and pass/fail counts (booleans) of a run, for charts. */
  distribution: projectProcedure
    .input(resultsDistributionInput)
    .output(resultsDistributionOutput)
    .query(({ ctx, input }) => scoreDistribution(ctx.db, ctx.project.id, input)),
});
