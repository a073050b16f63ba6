import { z } from "zod";
import { bucketDigitsOfLength } from "../manifest-buckets";
import { descriptionSchema, idSchema, jsonObjectSchema } from "./common";
import { datasetSelectorShape, exactlyOneDataset } from "./datasets";
import { sourceIdSchema } from "./examples";
import { versionSummarySchema } from "./versions";

export const contentHashSchema = z.string().regex(/^[0-9a-f]{64}$/, "must be a lowercase hex sha-256");

export const UPSERT_MODE_VALUES = ["mirror", "merge"] as const;
/** mirror: the dataset becomes exactly the manifest; merge: adds and updates only. */
export const upsertModeSchema = z.enum(UPSERT_MODE_VALUES);
export type UpsertMode = z.infer<typeof upsertModeSchema>;

/** Per-request bounds: every call of the protocol stays small, whatever the dataset's size. */
export const MANIFEST_CHUNK_MAX = 20_000;
export const PAYLOAD_CHUNK_MAX = 2_000;
/** Entries of one manifest (what a session's counts and positions are stored as: a 32-bit integer). */
export const MANIFEST_ENTRIES_MAX = 2 ** 31 - 1;
/** Canonical bytes of one payload call's examples. */
export const PAYLOAD_BYTES_MAX = 8 * 1024 * 1024;


export const upsertBeginInput = z
  .strictObject({
    ...datasetSelectorShape,
    mode: upsertModeSchema.default("mirror"),
    message: z.string().max(10_000).default(""),
    /** Used only when the dataset is created by this upsert. */
    description: descriptionSchema.optional(),
    /**
     * Digest of the whole manifest (lib/manifest-digest.ts) and its number of entries: when they
     * equal the latest version's, the answer is `noop: true` and no session is opened.
     */
    manifestDigest: contentHashSchema.optional(),
    /**
     * In place of `manifestDigest`, for a manifest of 20,000 entries or more: its buckets digest
     * (lib/manifest-buckets.ts), which needs no sort of the source ids. Same answer.
     */
    bucketsDigest: contentHashSchema.optional(),
    exampleCount: z.number().int().nonnegative().max(MANIFEST_ENTRIES_MAX).optional(),
    /**
     * If the dataset has no version yet (a first import: every entry is needed), send the
     * manifest with the payloads instead of in manifest calls: each example carries its `hash`,
     * each call its `position`, and the commit checks that the calls cover `exampleCount`
     * entries. The answer's `manifestWithPayloads` says whether the session took it.
     */
    manifestWithPayloads: z.boolean().optional(),
  })
  .refine(exactlyOneDataset.check, { message: exactlyOneDataset.message })
  .refine((input) => !input.manifestWithPayloads || input.exampleCount !== undefined, {
    message: "manifestWithPayloads needs exampleCount",
    path: ["exampleCount"],
  });
export type UpsertBeginInput = z.input<typeof upsertBeginInput>;

export const upsertBeginResult = z.object({
  /** The session for the next steps; empty when `noop` (no session was opened). */
  sessionId: z.string(),
  datasetId: z.string(),
  /** The latest version number the plan compares with (0: none yet). */
  baseVersion: z.number().int(),
  /** True when this call created the dataset. */
  created: z.boolean(),
  /** Examples at the base version (for a plan's mirror deletions: base - unchanged - changed). */
  baseExampleCount: z.number().int().optional(),
  /**
   * The manifest (or buckets) digest equals the latest version's: nothing to do. No session was opened;
   * `versionId` and `summary` answer as a no-op commit would (`baseVersion` is its number).
   */
  noop: z.boolean().optional(),
  versionId: z.string().nullable().optional(),
  summary: versionSummarySchema.optional(),
  /**
   * The session takes its manifest with the payloads (asked for, and the dataset has no version):
   * make no manifest call; send every example, with its `hash`, in calls with their `position`.
   */
  manifestWithPayloads: z.boolean().optional(),
});
export type UpsertBeginResult = z.infer<typeof upsertBeginResult>;

export const manifestEntrySchema = z.tuple([sourceIdSchema, contentHashSchema]);
export const upsertManifestInput = z.strictObject({
  sessionId: idSchema,
  entries: z.array(manifestEntrySchema).max(MANIFEST_CHUNK_MAX),
  /**
   * The whole manifest's bucket digests (lib/manifest-buckets.ts: 4,096 or 65,536 buckets of 16
   * hex digits), in the session's first manifest call. The answer's `touchedBuckets` names the
   * buckets that differ from the base version; the other buckets' examples are all there,
   * unchanged, so the manifest calls need only the entries whose hash falls in a touched bucket.
   */
  bucketDigests: z
    .string()
    .regex(/^[0-9a-f]*$/, "must be lowercase hex")
    .refine((digests) => bucketDigitsOfLength(digests.length) !== 0, "must be 4,096 or 65,536 digests of 16 hex digits")
    .optional(),
});
export type UpsertManifestInput = z.input<typeof upsertManifestInput>;

export const upsertManifestResult = z.object({
  /** Source ids of this chunk that are new or changed, in manifest order: send their payloads. */
  needed: z.array(z.string()),
  /** How many of `needed` exist at the base version with other content (updates); the rest are new. */
  changed: z.number().int().optional(),
  /**
   * With `bucketDigests`: the buckets that differ from the base version, ascending (absent without
   * a base version: then every entry is needed and all are sent).
   */
  touchedBuckets: z.array(z.number().int().nonnegative()).optional(),
});
export type UpsertManifestResult = z.infer<typeof upsertManifestResult>;

export const upsertPayloadExampleSchema = z.strictObject({
  sourceId: sourceIdSchema,
  input: jsonObjectSchema,
  output: jsonObjectSchema.nullish(),
  metadata: jsonObjectSchema.nullish(),
  /** Its manifest entry's hash: in a session that takes the manifest with the payloads, and only there. */
  hash: contentHashSchema.optional(),
});
export type UpsertPayloadExample = z.input<typeof upsertPayloadExampleSchema>;

export const upsertPayloadInput = z.strictObject({
  sessionId: idSchema,
  examples: z.array(upsertPayloadExampleSchema).min(1).max(PAYLOAD_CHUNK_MAX),
  /**
   * With the manifest in the payloads: the first example's place in the manifest (0-based); the
   * calls' examples are the manifest's entries from there, in order.
   */
  position: z.number().int().nonnegative().max(MANIFEST_ENTRIES_MAX).optional(),
});
export type UpsertPayloadInput = z.input<typeof upsertPayloadInput>;

export const upsertPayloadResult = z.object({ stored: z.number().int() });
export type UpsertPayloadResult = z.infer<typeof upsertPayloadResult>;

export const upsertSessionInput = z.strictObject({ sessionId: idSchema });
export type UpsertSessionInput = z.input<typeof upsertSessionInput>;

export const upsertCommitResult = z.object({
  datasetId: z.string(),
  /** The new version, or the latest one when nothing changed (null: the dataset has none). */
  versionId: z.string().nullable(),
  versionNumber: z.number().int(),
  summary: versionSummarySchema,
  /** Nothing changed: no version was created. */
  noop: z.boolean(),
});
export type UpsertCommitResult = z.infer<typeof upsertCommitResult>;

export const upsertAbortResult = z.object({ sessionId: z.string(), aborted: z.boolean() });
export type UpsertAbortResult = z.infer<typeof upsertAbortResult>;
