import { z } from "zod";
import { idSchema, pageInputShape } from "./common";

export const MAX_RESULTS_PER_CALL = 1_000;

export const scoreNameSchema = z.string().trim().min(1, "must not be empty").max(200);
/** A boolean score is stored as 1/0 and read back as a boolean. */
export const scoreValueSchema = z.union([z.number(), z.boolean()]);

/** Stored as a PostgreSQL integer. */
const tokenCountSchema = z.number().int().min(0).max(2_147_483_647);

export const scoreInput = z.strictObject({
  name: scoreNameSchema,
  value: scoreValueSchema,
  label: z.string().max(1_000).nullish(),
  explanation: z.string().max(20_000).nullish(),
});

export const resultInput = z
  .strictObject({
    datapointId: idSchema,
    /** Any JSON value the task produced. */
    output: z.unknown().optional(),
    error: z.string().max(100_000).nullish(),
    latencyMs: z.number().min(0).nullish(),
    promptTokens: tokenCountSchema.nullish(),
    completionTokens: tokenCountSchema.nullish(),
    totalTokens: tokenCountSchema.nullish(),
    cost: z.number().min(0).nullish(),
    scores: z.array(scoreInput).max(200).nullish(),
  })
  .superRefine((result, ctx) => {
    const seen = new Set<string>();
    result.scores?.forEach((score, index) => {
      if (seen.has(score.name)) ctx.addIssue({ code: "custom", path: ["scores", index, "name"], message: `duplicate score name '${score.name}'` });
      seen.add(score.name);
    });
  });
export type ResultInput = z.infer<typeof resultInput>;

export const resultsRecordInput = z.strictObject({
  runId: idSchema,
  results: z.array(resultInput).min(1).max(MAX_RESULTS_PER_CALL),
});
export type ResultsRecordInput = z.infer<typeof resultsRecordInput>;

export const resultsRecordOutput = z.object({
  runId: z.string(),
  /** Results written (created + updated). */
  recorded: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  scores: z.number().int(),
});
export type ResultsRecordOutput = z.infer<typeof resultsRecordOutput>;

export const resultsListInput = z
  .strictObject({
    runId: idSchema,
    /** Only results that have this score (within minValue..maxValue when given). */
    scoreName: scoreNameSchema.nullish(),
    minValue: z.number().nullish(),
    maxValue: z.number().nullish(),
    /** true: only results with an error; false: only results without. */
    hasError: z.boolean().nullish(),
    ...pageInputShape,
  })
  .superRefine((value, ctx) => {
    if ((value.minValue != null || value.maxValue != null) && value.scoreName == null) {
      ctx.addIssue({ code: "custom", path: ["scoreName"], message: "minValue/maxValue need a scoreName" });
    }
  });
export type ResultsListInput = z.infer<typeof resultsListInput>;

export const scoreSchema = z.object({
  name: z.string(),
  value: scoreValueSchema,
  label: z.string().nullable(),
  explanation: z.string().nullable(),
});
export type Score = z.infer<typeof scoreSchema>;

export const resultSchema = z.object({
  datapointId: z.string(),
  sourceId: z.string().nullable(),
  /** The example as the run saw it: its revision at the run's version. */
  input: z.unknown(),
  expectedOutput: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  latencyMs: z.number().nullable(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  totalTokens: z.number().int().nullable(),
  cost: z.number().nullable(),
  scores: z.array(scoreSchema),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Result = z.infer<typeof resultSchema>;

export const resultsDistributionInput = z.strictObject({
  runId: idSchema,
  /** Equal-width buckets per numeric score. */
  buckets: z.number().int().min(2).max(50).default(10),
});
export type ResultsDistributionInput = z.infer<typeof resultsDistributionInput>;

export const scoreDistributionSchema = z.object({
  name: z.string(),
  /** "boolean" when every value of the score is a boolean. */
  kind: z.enum(["number", "boolean"]),
  count: z.number().int(),
  mean: z.number(),
  min: z.number(),
  max: z.number(),
  /**
   * Numeric scores: equal-width buckets over [min, max] ([0, 1] when every value lies in it), the
   * last one closed; a single bucket when all values are equal. Empty for boolean scores.
   */
  buckets: z.array(z.object({ lo: z.number(), hi: z.number(), count: z.number().int() })),
  /** Boolean scores: how many were true / false (null for numeric scores). */
  passed: z.number().int().nullable(),
  failed: z.number().int().nullable(),
});
export type ScoreDistribution = z.infer<typeof scoreDistributionSchema>;

export const resultsDistributionOutput = z.object({
  runId: z.string(),
  results: z.number().int(),
  errors: z.number().int(),
  /** Latency percentiles over the results that report one (null when none does). */
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
  scores: z.array(scoreDistributionSchema),
});
export type ResultsDistribution = z.infer<typeof resultsDistributionOutput>;
