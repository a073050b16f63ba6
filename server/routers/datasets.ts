import {
  datasetCreateInput,
  datasetDeleteInput,
  datasetForkInput,
  datasetListInput,
  datasetPageSchema,
  datasetSchema,
  datasetSelectorInput,
  datasetUpdateInput,
  deletedSchema,
  upsertAbortResult,
  upsertBeginInput,
  upsertBeginResult,
  upsertCommitResult,
  upsertManifestInput,
  upsertManifestResult,
  upsertPayloadInput,
  upsertPayloadResult,
  upsertSessionInput,
} from "@/lib/contracts";
import { createDataset, deleteDataset, getDataset, listDatasets, updateDataset } from "../services/datasets";
import { forkDataset } from "../services/fork";
import { abortUpsert, addManifest, addPayload, beginUpsert } from "../services/upsert";
import { commitUpsert } from "../services/upsert-commit";
import { createRouter, projectProcedure } from "../trpc/init";

export const datasetsRouter = createRouter({
  list: projectProcedure
    .input(datasetListInput)
    .output(datasetPageSchema)
    .query(({ ctx, input }) => listDatasets(ctx.db, ctx.project, input)),
  get: projectProcedure
    .input(datasetSelectorInput)
    .output(datasetSchema)
    .query(({ ctx, input }) => getDataset(ctx.db, ctx.project, input)),
  create: projectProcedure
    .input(datasetCreateInput)
    .output(datasetSchema)
    .mutation(({ ctx, input }) => createDataset(ctx.db, ctx.project, input)),
  update: projectProcedure
    .input(datasetUpdateInput)
    .output(datasetSchema)
    .mutation(({ ctx, input }) => updateDataset(ctx.db, ctx.project, input)),
  delete: projectProcedure
    .input(datasetDeleteInput)
    .output(deletedSchema)
    .mutation(({ ctx, input }) => deleteDataset(ctx.db, ctx.project, input)),
  fork: projectProcedure
    .input(datasetForkInput)
    .output(datasetSchema)
    .mutation(({ ctx, input }) => forkDataset(ctx.db, ctx.project, input)),

  // The upsert (sync) protocol; lib/sync.ts drives it from the SDK and the browser.
  upsertBegin: projectProcedure
    .input(upsertBeginInput)
    .output(upsertBeginResult)
    .mutation(({ ctx, input }) => beginUpsert(ctx.db, ctx.project, input)),
  upsertManifest: projectProcedure
    .input(upsertManifestInput)
    .output(upsertManifestResult)
    .mutation(({ ctx, input }) => addManifest(ctx.db, ctx.project, input)),
  upsertPayload: projectProcedure
    .input(upsertPayloadInput)
    .output(upsertPayloadResult)
    .mutation(({ ctx, input }) => addPayload(ctx.db, ctx.project, input)),
  upsertCommit: projectProcedure
    .input(upsertSessionInput)
    .output(upsertCommitResult)
    .mutation(({ ctx, input }) => commitUpsert(ctx.db, ctx.project, input.sessionId)),
  upsertAbort: projectProcedure
    .input(upsertSessionInput)
    .output(upsertAbortResult)
    .mutation(({ ctx, input }) => abortUpsert(ctx.db, ctx.project, input.sessionId)),
});
