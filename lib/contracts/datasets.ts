import { z } from "zod";
import { descriptionSchema, idSchema, jsonObjectSchema, nameSchema, pageInputShape } from "./common";

/** Picks a dataset by exactly one of its name (in the project) or its id. */
export const datasetSelectorShape = {
  datasetName: nameSchema.optional(),
  datasetId: idSchema.optional(),
};
/** Exactly one of the two is set (the input schemas refine it). */
export type DatasetSelector = { datasetName?: string; datasetId?: string };

export const exactlyOneDataset = {
  check: (v: { datasetName?: string; datasetId?: string }) => (v.datasetName === undefined) !== (v.datasetId === undefined),
  message: "give exactly one of datasetName or datasetId",
};

export const datasetSelectorInput = z
  .strictObject(datasetSelectorShape)
  .refine(exactlyOneDataset.check, { message: exactlyOneDataset.message });

/** A dataset's own parameters: a free JSON object, inherited by forks. */
export const paramsSchema = jsonObjectSchema;

export const datasetSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  description: z.string(),
  params: jsonObjectSchema,
  /** Examples at the latest version (0 when there is none). */
  exampleCount: z.number().int(),
  latestVersion: z.number().int().nullable(),
  latestVersionId: z.string().nullable(),
  /** The later of the dataset's own update and its latest version. */
  lastChangeAt: z.date(),
  /** Runs that reference the dataset. */
  runCount: z.number().int(),
  forkedFrom: z
    .object({
      datasetId: z.string(),
      versionId: z.string().nullable(),
      /** Null once the source dataset (or version) is gone. */
      datasetName: z.string().nullable(),
      versionNumber: z.number().int().nullable(),
    })
    .nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Dataset = z.infer<typeof datasetSchema>;

export const datasetCreateInput = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.default(""),
  params: paramsSchema.default({}),
});

export const datasetListInput = z.strictObject({
  /** Case-insensitive substring of the name. */
  search: z.string().trim().max(200).optional(),
  ...pageInputShape,
});

export const datasetPageSchema = z.object({ items: z.array(datasetSchema), nextCursor: z.string().nullable() });

/** Changes only the fields given; `params` replaces the whole object. */
export const datasetUpdateInput = z.strictObject({
  datasetId: idSchema,
  description: descriptionSchema.optional(),
  params: paramsSchema.optional(),
});

export const datasetDeleteInput = z.strictObject({
  datasetId: idSchema,
  /** Delete even while runs reference the dataset (those runs are deleted with it). */
  force: z.boolean().default(false),
});

/**
 * Fork the selected dataset at `version` (default: its latest) into a new dataset `name`.
 * `params` are inherited from the source; only the keys given here override. No defaults on
 * purpose: a default value would silently override an inherited one.
 */
export const datasetForkInput = z
  .strictObject({
    ...datasetSelectorShape,
    version: z.number().int().positive().optional(),
    name: nameSchema,
    description: descriptionSchema.optional(),
    params: paramsSchema.optional(),
    message: z.string().max(10_000).optional(),
  })
  .refine(exactlyOneDataset.check, { message: exactlyOneDataset.message });
