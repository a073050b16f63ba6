import {
  versionDiffInput,
  versionDiffSchema,
  versionExportInput,
  versionExportPageSchema,
  versionGetInput,
  versionListInput,
  versionPageSchema,
  versionSchema,
} from "@/lib/contracts";
import { diffVersions, exportVersionPage, getVersion, listVersions } from "../services/versions";
import { createRouter, projectProcedure } from "../trpc/init";

export const versionsRouter = createRouter({
  list: projectProcedure
    .input(versionListInput)
    .output(versionPageSchema)
    .query(({ ctx, input }) => listVersions(ctx.db, ctx.project, input)),
  get: projectProcedure
    .input(versionGetInput)
    .output(versionSchema)
    .query(({ ctx, input }) => getVersion(ctx.db, ctx.project, input)),
  diff: projectProcedure
    .input(versionDiffInput)
    .output(versionDiffSchema)
    .query(({ ctx, input }) => diffVersions(ctx.db, ctx.project, input)),
  /** A page of JSONL lines; the streaming download is GET /api/datasets/{id}/versions/{n}/export. */
  export: projectProcedure
    .input(versionExportInput)
    .output(versionExportPageSchema)
    .query(({ ctx, input }) => exportVersionPage(ctx.db, ctx.project, input)),
});
