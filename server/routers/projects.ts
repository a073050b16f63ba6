import {
  deletedSchema,
  projectCreateInput,
  projectDeleteInput,
  projectRefInput,
  projectRenameInput,
  projectSchema,
} from "@/lib/contracts";
import { z } from "zod";
import { notFound } from "../errors";
import { forbidApiKey, requireOwner, roleIn } from "../services/access";
import { createProject, deleteProject, getProject, listProjects, renameProject } from "../services/projects";
import type { Principal } from "../services/principals";
import type { Db } from "@/db";
import { createRouter, signedInProcedure } from "../trpc/init";

/** The project with its caller's role; one the caller has no role in is NOT_FOUND, like a missing one. */
async function accessById(db: Db, principal: Principal, ref: { id?: string; name?: string }) {
  const project = await getProject(db, ref);
  const role = await roleIn(db, principal, project.id);
  if (!role) throw notFound("project", (ref.id ?? ref.name)!);
  return { project, role };
}

// Projects are the scope itself, so these procedures do not resolve a project from the header:
// they check the caller's role in the project they name.
export const projectsRouter = createRouter({
  list: signedInProcedure.output(z.array(projectSchema)).query(({ ctx }) => {
    const p = ctx.principal;
    return listProjects(ctx.database.db, p.kind === "user" ? { userId: p.userId } : p.kind === "apiKey" ? { projectId: p.projectId } : undefined);
  }),
  get: signedInProcedure
    .input(projectRefInput)
    .output(projectSchema)
    .query(async ({ ctx, input }) => (await accessById(ctx.database.db, ctx.principal, input)).project),
  create: signedInProcedure
    .input(projectCreateInput)
    .output(projectSchema)
    .mutation(({ ctx, input }) => {
      const p = ctx.principal;
      forbidApiKey(p);
      return createProject(ctx.database.db, input.name, p.kind === "user" ? p.userId : undefined);
    }),
  rename: signedInProcedure
    .input(projectRenameInput)
    .output(projectSchema)
    .mutation(async ({ ctx, input }) => {
      requireOwner(ctx.principal, await accessById(ctx.database.db, ctx.principal, { id: input.id }));
      return renameProject(ctx.database.db, input.id, input.name);
    }),
  delete: signedInProcedure
    .input(projectDeleteInput)
    .output(deletedSchema)
    .mutation(async ({ ctx, input }) => {
      requireOwner(ctx.principal, await accessById(ctx.database.db, ctx.principal, { id: input.id }));
      return deleteProject(ctx.database.db, input.id);
    }),
});
