import {
  deletedSchema,
  projectCreateInput,
  projectDeleteInput,
  projectRefInput,
  projectRenameInput,
  projectSchema,
} from "@/lib/contracts";
import { z } from "zod";
import { createProject, deleteProject, getProject, listProjects, renameProject } from "../services/projects";
import { createRouter, publicProcedure } from "../trpc/init";

// Projects are the scope itself, so these procedures do not resolve a project from the header.
export const projectsRouter = createRouter({
  list: publicProcedure.output(z.array(projectSchema)).query(({ ctx }) => listProjects(ctx.database.db)),
  get: publicProcedure
    .input(projectRefInput)
    .output(projectSchema)
    .query(({ ctx, input }) => getProject(ctx.database.db, input)),
  create: publicProcedure
    .input(projectCreateInput)
    .output(projectSchema)
    .mutation(({ ctx, input }) => createProject(ctx.database.db, input.name)),
  rename: publicProcedure
    .input(projectRenameInput)
    .output(projectSchema)
    .mutation(({ ctx, input }) => renameProject(ctx.database.db, input.id, input.name)),
  delete: publicProcedure
    .input(projectDeleteInput)
    .output(deletedSchema)
    .mutation(({ ctx, input }) => deleteProject(ctx.database.db, input.id)),
});
