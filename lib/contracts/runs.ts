import { z } from "zod";
import { descriptionSchema, idSchema, jsonObjectSchema, nameSchema, pageInputShape } from "./common";

export const RUN_STATUS_VALUES = ["pending", "running", "completed", "failed", "cancelled"] as const;
export const runStatusSchema = z.enum(RUN_STATUS_VALUES);
export type RunStatusValue = z.infer<typeof runStatusSchema>;

/** Allowed status changes; setting the current status again is a no-op. */
export const RUN_TRANSITIONS: Record<RunStatusValue, readonly RunStatusValue[]> = {
  pending: ["running", "cancelled"],
  running: ["completed", "failed", "cancelled"],
  completed: [],
  failed: [],
  cancelled: [],
};

/** A dataset kept outside Cairn, e.g. "EXT-42"; a `datasetId` with this prefix is read as one. */
export const EXTERNAL_DATASET_PREFIX = "EXT-";
export const MAX_DATAPOINTS_PER_RUN = 1_000_000;

const externalIdSchema = z.string().trim().min(1).max(500);

export const runCreateInput = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.nullish(),
  /** A Cairn dataset of the project; an id starting with `EXT-` is stored as `externalDatasetId`. */
  datasetId: idSchema.nullish(),
  /** Defaults to the dataset's latest version, which is then pinned. */
  datasetVersionId: idSchema.nullish(),
  externalDatasetId: externalIdSchema.nullish(),
  /** Defaults to every example at the version, in dataset order. */
  datapointIds: z.array(idSchema).max(MAX_DATAPOINTS_PER_RUN).nullish(),
  eventIds: z.array(externalIdSchema).max(MAX_DATAPOINTS_PER_RUN).nullish(),
  configuration: jsonObjectSchema.nullish(),
  metadata: jsonObjectSchema.nullish(),
  status: runStatusSchema.nullish(),
});
export type RunCreateInput = z.infer<typeof runCreateInput>;

const LINKAGE_FIELDS = ["datasetId", "datasetVersionId", "externalDatasetId", "datapointIds"] as const;

export const runUpdateInput = z
  .strictObject({
    id: idSchema,
    status: runStatusSchema.optional(),
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    /** Replaces the whole metadata object. */
    metadata: jsonObjectSchema.optional(),
    // Named here only to answer with a clear message instead of "unrecognized key".
    datasetId: z.unknown().optional(),
    datasetVersionId: z.unknown().optional(),
    externalDatasetId: z.unknown().optional(),
    datapointIds: z.unknown().optional(),
  })
  .superRefine((value, ctx) => {
    for (const field of LINKAGE_FIELDS) {
      if (value[field] !== undefined) {
        ctx.addIssue({ code: "custom", path: [field], message: "the dataset linkage cannot be changed after creation" });
      }
    }
  });
export type RunUpdateInput = z.infer<typeof runUpdateInput>;

export const runIdInput = z.strictObject({ id: idSchema });

export const runListInput = z.strictObject({
  datasetId: idSchema.nullish(),
  status: z.union([runStatusSchema, z.array(runStatusSchema).min(1)]).nullish(),
  /** Case-insensitive substring of the run name. */
  name: z.string().trim().max(200).nullish(),
  /** false: leave `datapointIds` out of each row (runs can cover 100k datapoints). */
  includeDatapointIds: z.boolean().default(true),
  ...pageInputShape,
});
export type RunListInput = z.infer<typeof runListInput>;

export const runSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  description: z.string(),
  status: runStatusSchema,
  datasetId: z.string().nullable(),
  datasetName: z.string().nullable(),
  datasetVersionId: z.string().nullable(),
  datasetVersionNumber: z.number().int().nullable(),
  externalDatasetId: z.string().nullable(),
  datapointIds: z.array(z.string()),
  datapointCount: z.number().int(),
  eventIds: z.array(z.string()),
  configuration: jsonObjectSchema,
  metadata: jsonObjectSchema,
  createdAt: z.date(),
  updatedAt: z.date(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
});
export type Run = z.infer<typeof runSchema>;

export const headlineMetricSchema = z.object({ name: z.string(), value: z.number(), datasetId: z.string().nullable() });

export const runListItemSchema = runSchema.extend({
  /** Absent when the list was asked with `includeDatapointIds: false`. */
  datapointIds: z.array(z.string()).optional(),
  /** Up to 3 metrics of the run's dataset (run-wide ones for runs without a dataset). */
  headlineMetrics: z.array(headlineMetricSchema),
});
export type RunListItem = z.infer<typeof runListItemSchema>;
