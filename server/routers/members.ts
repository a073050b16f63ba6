import { z } from "zod";
import { deletedSchema, memberAddInput, memberRemoveInput, memberSchema, memberUpdateInput } from "@/lib/contracts";
import { addMember, listMembers, removeMember, updateMember } from "../services/members";
import { createRouter, ownerProcedure, projectProcedure } from "../trpc/init";

/** Accounts with a role in the project (of the header). Everyone in it sees them; owners change them. */
export const membersRouter = createRouter({
  list: projectProcedure.output(z.array(memberSchema)).query(({ ctx }) => listMembers(ctx.db, ctx.project)),
  add: ownerProcedure
    .input(memberAddInput)
    .output(memberSchema)
    .mutation(({ ctx, input }) => addMember(ctx.db, ctx.project, input)),
  update: ownerProcedure
    .input(memberUpdateInput)
    .output(memberSchema)
    .mutation(({ ctx, input }) => updateMember(ctx.db, ctx.project, input.userId, input.role)),
  remove: ownerProcedure
    .input(memberRemoveInput)
    .output(deletedSchema)
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.project, input.userId)),
});
