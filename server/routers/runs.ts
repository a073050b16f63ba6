import {
  deletedSchema,
  pageSchema,
  runCreateInput,
  runIdInput,
  runListInput,
  runListItemSchema,
  runSchema,
  runUpdateInput,
} from "@/lib/contracts";
import { createRun, deleteRun, getRun, listRuns, updateRun } from "../services/runs";
import { createRouter, projectProcedure } from "../trpc/init";

export const runsRouter = createRouter({
  list: projectProcedure
    .input(runListInput)
    .output(pageSchema(runListItemSchema))
    .query(({ ctx, input }) => listRuns(ctx.db, ctx.project.id, input)),
  get: projectProcedure
    .input(runIdInput)
    .output(runSchema)
    .query(({ ctx, input }) => getRun(ctx.db, ctx.project.id, input.id)),
  create: projectProcedure
    .input(runCreateInput)
    .output(runSchema)
    .mutation(({ ctx, input }) => createRun(ctx.db, ctx.project.id, input)),
  update: projectProcedure
    .input(runUpdateInput)
    .output(runSchema)
    .mutation(({ ctx, input }) => updateRun(ctx.db, ctx.project.id, input)),
  delete: projectProcedure
    .input(runIdInput)
    .output(deletedSchema)
    .mutation(({ ctx, input }) => deleteRun(ctx.db, ctx.project.id, input.id)),
});
