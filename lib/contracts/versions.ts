import { z } from "zod";
import { idSchema, pageInputShape } from "./common";
import { exampleContentSchema } from "./examples";

export const versionNumberSchema = z.number().int().positive();

export const versionSummarySchema = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

export const versionSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  number: z.number().int(),
  message: z.string(),
  parentId: z.string().nullable(),
  summary: versionSummarySchema,
  exampleCount: z.number().int(),
  createdAt: z.date(),
});
export type Version = z.infer<typeof versionSchema>;

/** Newest first. */
export const versionListInput = z.strictObject({ datasetId: idSchema, ...pageInputShape });
export const versionPageSchema = z.object({ items: z.array(versionSchema), nextCursor: z.string().nullable() });

export const versionGetInput = z.strictObject({ datasetId: idSchema, version: versionNumberSchema });

/** Changes from version `from` to version `to` (0 = the empty dataset before version 1). */
export const versionDiffInput = z.strictObject({
  datasetId: idSchema,
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  ...pageInputShape,
});

export const DIFF_CHANGES = ["added", "updated", "deleted"] as const;
export const diffEntrySchema = z.object({
  exampleId: z.string(),
  sourceId: z.string().nullable(),
  change: z.enum(DIFF_CHANGES),
  /** Content at `from` (null when added). */
  before: exampleContentSchema.nullable(),
  /** Content at `to` (null when deleted). */
  after: exampleContentSchema.nullable(),
});
export type DiffEntry = z.infer<typeof diffEntrySchema>;

export const versionDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** Totals over the whole diff; given on the first page only (cursor absent). */
  counts: z.object({ added: z.number().int(), updated: z.number().int(), deleted: z.number().int() }).nullable(),
  items: z.array(diffEntrySchema),
  nextCursor: z.string().nullable(),
});

/** One page of the JSONL export of a version (default: the latest). */
export const versionExportInput = z.strictObject({
  datasetId: idSchema,
  version: versionNumberSchema.optional(),
  cursor: pageInputShape.cursor,
  limit: z.number().int().min(1).max(5000).default(1000),
});

export const versionExportPageSchema = z.object({
  version: z.number().int(),
  /** JSONL lines `{id, input, output, metadata}`, without their trailing newline. */
  lines: z.array(z.string()),
  nextCursor: z.string().nullable(),
});
