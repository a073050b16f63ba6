import { compareRunsInput, compareRunsOutput, compareSummaryInput, compareSummaryOutput } from "@/lib/contracts";
import { compareRuns, compareSummary } from "../services/compare";
import { createRouter, projectProcedure } from "../trpc/init";

export const compareRouter = createRouter({
  runs: projectProcedure
    .input(compareRunsInput)
    .output(compareRunsOutput)
    .query(({ ctx, input }) => compareRuns(ctx.db, ctx.project.id, input)),
  summary: projectProcedure
    .input(compareSummaryInput)
    .output(compareSummaryOutput)
    .query(({ ctx, input }) => compareSummary(ctx.db, ctx.project.id, input)),
});
