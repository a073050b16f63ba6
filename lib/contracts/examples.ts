import { z } from "zod";
import { idSchema, jsonObjectSchema, pageInputShape } from "./common";

/** A caller's key for an example: a non-empty string (integers arrive as their decimal text). */
export const sourceIdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(1000, "must be at most 1000 characters")
  .refine((s) => !s.includes("\u0000"), "must not contain U+0000")
  .refine((s) => !/[\uD800-\uDFFF]/u.test(s), "must not contain a lone surrogate");

export const exampleContentSchema = z.object({
  input: jsonObjectSchema,
  output: jsonObjectSchema,
  metadata: jsonObjectSchema,
});
export type ExampleContent = z.infer<typeof exampleContentSchema>;

export const REVISION_KIND_VALUES = ["CREATE", "PATCH", "DELETE"] as const;

/** An example as it is at one version. */
export const exampleSchema = exampleContentSchema.extend({
  id: z.string(),
  datasetId: z.string(),
  sourceId: z.string().nullable(),
  ordinal: z.number().int(),
  /** The version whose revision this content comes from (it is in force at the version read). */
  revisedAt: z.number().int(),
  kind: z.enum(["CREATE", "PATCH"]),
  hash: z.string(),
  createdAt: z.date(),
});
export type Example = z.infer<typeof exampleSchema>;

/** Examples at `version` (default: the latest), in insertion order. */
export const exampleListInput = z.strictObject({
  datasetId: idSchema,
  version: z.number().int().positive().optional(),
  /** Case-insensitive text searched in the source id, input, output and metadata. */
  search: z.string().trim().max(500).optional(),
  ...pageInputShape,
});

export const examplePageSchema = z.object({
  /** The version read; null when the dataset has no version yet. */
  version: z.number().int().nullable(),
  items: z.array(exampleSchema),
  nextCursor: z.string().nullable(),
});

export const exampleGetInput = z
  .strictObject({ datasetId: idSchema, exampleId: idSchema.optional(), sourceId: sourceIdSchema.optional() })
  .refine((v) => (v.exampleId === undefined) !== (v.sourceId === undefined), { message: "give exactly one of exampleId or sourceId" });

export const revisionSchema = exampleContentSchema.extend({
  kind: z.enum(REVISION_KIND_VALUES),
  /** First version this revision is in force at. */
  validFrom: z.number().int(),
  /** The version that superseded it (null: still in force). */
  validTo: z.number().int().nullable(),
  hash: z.string(),
});
export type Revision = z.infer<typeof revisionSchema>;

export const exampleDetailSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  sourceId: z.string().nullable(),
  ordinal: z.number().int(),
  createdAt: z.date(),
  /** Newest first. */
  history: z.array(revisionSchema),
});
export type ExampleDetail = z.infer<typeof exampleDetailSchema>;
