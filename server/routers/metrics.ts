import { z } from "zod";
import {
  metricSchema,
  metricSearchItemSchema,
  metricsByRunOutput,
  metricsRecordInput,
  metricsRunInput,
  metricsSearchInput,
  pageSchema,
} from "@/lib/contracts";
import { metricsByRun, recomputeMetrics, recordMetrics, searchMetrics } from "../services/metrics";
import { createRouter, projectProcedure } from "../trpc/init";

export const metricsRouter = createRouter({
  record: projectProcedure
    .input(metricsRecordInput)
    .output(z.array(metricSchema))
    .mutation(({ ctx, input }) => recordMetrics(ctx.db, ctx.project.id, input)),
  recompute: projectProcedure
    .input(metricsRunInput)
    .output(z.array(metricSchema))
    .mutation(({ ctx, input }) => recomputeMetrics(ctx.db, ctx.project.id, input.runId)),
  search: projectProcedure
    .input(metricsSearchInput)
    .output(pageSchema(metricSearchItemSchema))
    .query(({ ctx, input }) => searchMetrics(ctx.db, ctx.project.id, input)),
  byRun: projectProcedure
    .input(metricsRunInput)
    .output(metricsByRunOutput)
    .query(({ ctx, input }) => metricsByRun(ctx.db, ctx.project.id, input.runId)),
});
