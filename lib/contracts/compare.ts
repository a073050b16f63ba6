import { z } from "zod";
import { idSchema, jsonObjectSchema, pageDirectionSchema } from "./common";
import { scoreNameSchema, scoreValueSchema } from "./results";
import { runStatusSchema } from "./runs";

const runIdsSchema = z
  .array(idSchema)
  .min(2, "compare at least 2 runs")
  .max(5, "compare at most 5 runs")
  .refine((ids) => new Set(ids).size === ids.length, { message: "runIds must be distinct" });

function baselineAmongRuns(value: { runIds: string[]; baselineRunId?: string | null }, ctx: z.RefinementCtx) {
  if (value.baselineRunId != null && !value.runIds.includes(value.baselineRunId)) {
    ctx.addIssue({ code: "custom", path: ["baselineRunId"], message: "the baseline must be one of runIds" });
  }
}

export const compareFilterSchema = z
  .strictObject({
    /** Rows where some run scores lower than the baseline (higher is better). */
    regressionsOnly: z.boolean().nullish(),
    /** Rows where some run scores higher than the baseline. */
    improvementsOnly: z.boolean().nullish(),
    /** Rows where some run has this score; narrows regressions/improvements to it. */
    score: scoreNameSchema.nullish(),
    /** Case-insensitive text in the input, expected output or any run's output. */
    text: z.string().trim().min(1).max(500).nullish(),
  })
  .refine((f) => !(f.regressionsOnly && f.improvementsOnly), { message: "choose regressionsOnly or improvementsOnly, not both" });

export const compareRunsInput = z
  .strictObject({
    runIds: runIdsSchema,
    /** Defaults to the first of runIds. */
    baselineRunId: idSchema.nullish(),
    filter: compareFilterSchema.nullish(),
    cursor: z.string().max(500).nullish(),
    limit: z.number().int().min(1).max(200).default(50),
    direction: pageDirectionSchema,
  })
  .superRefine(baselineAmongRuns);
export type CompareRunsInput = z.infer<typeof compareRunsInput>;

export const compareScoreSchema = z.object({
  name: z.string(),
  value: scoreValueSchema,
  label: z.string().nullable(),
  explanation: z.string().nullable(),
  /** This value minus the baseline's (booleans as 1/0); null in the baseline's own cell and when either side lacks the score. */
  delta: z.number().nullable(),
});

export const compareCellSchema = z.object({
  runId: z.string(),
  /** The run covered this example (it is among the run's datapoints). */
  present: z.boolean(),
  hasResult: z.boolean(),
  output: z.unknown(),
  error: z.string().nullable(),
  latencyMs: z.number().nullable(),
  scores: z.array(compareScoreSchema),
});

export const compareRowSchema = z.object({
  exampleId: z.string(),
  sourceId: z.string().nullable(),
  datasetId: z.string(),
  /** The newest version among the runs that saw the example; input/expectedOutput come from it. */
  versionNumber: z.number().int().nullable(),
  input: z.unknown(),
  expectedOutput: z.unknown(),
  /** The runs (in runIds order) that covered the example. */
  presentIn: z.array(z.string()),
  /** One cell per run, in runIds order. */
  runs: z.array(compareCellSchema),
});
export type CompareRow = z.infer<typeof compareRowSchema>;

export const compareRunsOutput = z.object({
  runIds: z.array(z.string()),
  baselineRunId: z.string(),
  /** The runs in runIds order, named: enough for the columns without waiting for the summary. */
  runs: z.array(z.object({ id: z.string(), name: z.string() })),
  items: z.array(compareRowSchema),
  nextCursor: z.string().nullable(),
});
export type CompareRunsOutput = z.infer<typeof compareRunsOutput>;

export const compareSummaryInput = z
  .strictObject({ runIds: runIdsSchema, baselineRunId: idSchema.nullish() })
  .superRefine(baselineAmongRuns);
export type CompareSummaryInput = z.infer<typeof compareSummaryInput>;

export const compareSummaryOutput = z.object({
  baselineRunId: z.string(),
  runs: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: runStatusSchema,
      datasetId: z.string().nullable(),
      datasetName: z.string().nullable(),
      datasetVersionId: z.string().nullable(),
      datasetVersionNumber: z.number().int().nullable(),
      externalDatasetId: z.string().nullable(),
      datapointCount: z.number().int(),
      configuration: jsonObjectSchema,
      createdAt: z.date(),
    }),
  ),
  /** Per metric identity (name, dataset): each run's value and its delta to the baseline's. */
  metrics: z.array(
    z.object({
      name: z.string(),
      datasetId: z.string().nullable(),
      datasetName: z.string().nullable(),
      /** delta: value minus the baseline's; null for the baseline itself and when either value is missing. */
      values: z.array(z.object({ runId: z.string(), value: z.number().nullable(), delta: z.number().nullable() })),
    }),
  ),
  /** Per score name and non-baseline run: rows scored by both, by direction (higher is better). */
  scores: z.array(
    z.object({
      name: z.string(),
      runs: z.array(
        z.object({
          runId: z.string(),
          improved: z.number().int(),
          regressed: z.number().int(),
          unchanged: z.number().int(),
          compared: z.number().int(),
        }),
      ),
    }),
  ),
});
export type CompareSummary = z.infer<typeof compareSummaryOutput>;
