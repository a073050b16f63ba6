import { z } from "zod";
import { apiKeyCreatedSchema, apiKeyCreateInput, apiKeyRevokeInput, apiKeySchema } from "@/lib/contracts";
import { createApiKey, listApiKeys, revokeApiKey } from "../services/api-keys";
import { createRouter, ownerProcedure } from "../trpc/init";

/** The project's API keys, managed by its owners (signed in; a key cannot make keys). */
export const apiKeysRouter = createRouter({
  list: ownerProcedure.output(z.array(apiKeySchema)).query(({ ctx }) => listApiKeys(ctx.db, ctx.project)),
  create: ownerProcedure
    .input(apiKeyCreateInput)
    .output(apiKeyCreatedSchema)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.project, input, ctx.principal.kind === "user" ? ctx.principal.userId : null)),
  revoke: ownerProcedure
    .input(apiKeyRevokeInput)
    .output(apiKeySchema)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.project, input.id)),
});
