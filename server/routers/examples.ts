import { exampleDetailSchema, exampleGetInput, exampleListInput, examplePageSchema } from "@/lib/contracts";
import { getExample, listExamples } from "../services/examples";
import { createRouter, projectProcedure } from "../trpc/init";

export const examplesRouter = createRouter({
  list: projectProcedure
    .input(exampleListInput)
    .output(examplePageSchema)
    .query(({ ctx, input }) => listExamples(ctx.db, ctx.project, input)),
  get: projectProcedure
    .input(exampleGetInput)
    .output(exampleDetailSchema)
    .query(({ ctx, input }) => getExample(ctx.db, ctx.project, input)),
});
