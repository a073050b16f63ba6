import { z } from "zod";
import { idSchema, pageDirectionSchema } from "./common";

export const METRIC_SOURCE_VALUES = ["computed", "recorded"] as const;
export const MAX_METRICS_PER_CALL = 1_000;

/**
 * Names of the metrics computed from scores, per dataset: `<score>.mean`, `<score>.count`,
 * and `<score>.pass_rate` for scores that are all booleans (share of true).
 */
export const COMPUTED_METRIC_SUFFIXES = [".mean", ".count", ".pass_rate"] as const;

export const metricNameSchema = z.string().trim().min(1, "must not be empty").max(200);

export const metricInput = z.strictObject({
  name: metricNameSchema,
  value: z.number(),
  /** The dataset the metric is about; absent or null = run-wide. */
  datasetId: idSchema.nullish(),
});

export const metricsRecordInput = z.strictObject({
  runId: idSchema,
  metrics: z.array(metricInput).min(1).max(MAX_METRICS_PER_CALL),
});
export type MetricsRecordInput = z.infer<typeof metricsRecordInput>;

export const metricSchema = z.object({
  id: z.string(),
  runId: z.string(),
  name: z.string(),
  datasetId: z.string().nullable(),
  value: z.number(),
  source: z.enum(METRIC_SOURCE_VALUES),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Metric = z.infer<typeof metricSchema>;

export const metricsRunInput = z.strictObject({ runId: idSchema });

export const metricsByRunOutput = z.object({
  runId: z.string(),
  /** One group per dataset, then the run-wide group (datasetId null) when it has metrics. */
  groups: z.array(
    z.object({
      datasetId: z.string().nullable(),
      datasetName: z.string().nullable(),
      metrics: z.array(metricSchema),
    }),
  ),
});
export type MetricsByRun = z.infer<typeof metricsByRunOutput>;

export const metricsSearchInput = z.strictObject({
  datasetId: idSchema,
  name: metricNameSchema.nullish(),
  cursor: z.string().max(500).nullish(),
  direction: pageDirectionSchema,
  /** Larger than other pages: a trend chart wants many points at once. */
  limit: z.number().int().min(1).max(1_000).default(500),
});
export type MetricsSearchInput = z.infer<typeof metricsSearchInput>;

export const metricSearchItemSchema = metricSchema.extend({
  runName: z.string(),
  runStatus: z.string(),
  runCreatedAt: z.date(),
  /** The version the run was pinned to, when the run ran on this dataset. */
  datasetVersionId: z.string().nullable(),
  datasetVersionNumber: z.number().int().nullable(),
});
export type MetricSearchItem = z.infer<typeof metricSearchItemSchema>;
