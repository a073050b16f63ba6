import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

/**
 * A datapoint's stable identity inside a dataset; its content lives in revisions.
 * The bulk tables of a dataset (examples, example_revisions, example_contents) have no per-row
 * foreign keys: a check per row cost about a third of a 100k-example import. Their writers lock
 * the dataset row instead (the commit FOR UPDATE, an upload FOR KEY SHARE: what a foreign key check
 * does, once per statement instead of once per row), and a statement trigger on datasets
 * (migration 0005) deletes a dataset's rows of all three with it.
 */
export const examples = pgTable(
  "examples",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    datasetId: uuid("dataset_id").notNull(),
    sourceId: text("source_id"),
    // Content hash of the example at the dataset's latest version; null when it is deleted there.
    // The upsert compares manifests with it (and digests versions from it) without reading the
    // wide revisions; every write of revisions keeps it in step.
    latestHash: text("latest_hash"),
    // The entry digest of (source id, latest_hash) for bucketed manifests (lib/manifest-buckets.ts),
    // as a bigint; null with latest_hash. Kept by every writer of latest_hash.
    latestDigest: bigint("latest_digest", { mode: "bigint" }),
    // Insertion order: the stable key for keyset pagination (file order, not uuid order).
    ordinal: bigint("ordinal", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("examples_dataset_source_id_unique").on(t.datasetId, t.sourceId),
    index("examples_dataset_ordinal_idx").on(t.datasetId, t.ordinal),
  ],
);

export const REVISION_KINDS = ["CREATE", "PATCH", "DELETE"] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

/**
 * What an example looks like from version `validFrom` until (not including) `validTo`: its kind
 * and content hash; the content itself is in exampleContents under (datasetId, hash).
 * `validTo` is bookkeeping set once, when a later version supersedes the revision; it lets
 * "examples at version N" be an index range check instead of a max() per example.
 */
export const exampleRevisions = pgTable(
  "example_revisions",
  {
    // No foreign keys (see examples): the dataset's trigger deletes revisions with it.
    exampleId: uuid("example_id").notNull(),
    // The example's dataset, copied for the indexes below.
    datasetId: uuid("dataset_id").notNull(),
    validFrom: integer("valid_from").notNull(),
    validTo: integer("valid_to"),
    kind: text("kind").$type<RevisionKind>().notNull(),
    // contentHash of {input, output, metadata}; '' for a DELETE (no content).
    hash: text("hash").notNull(),
  },
  (t) => [
    unique("example_revisions_example_valid_from_unique").on(t.exampleId, t.validFrom),
    index("example_revisions_dataset_valid_from_idx").on(t.datasetId, t.validFrom),
    check("example_revisions_kind_check", sql`${t.kind} IN ('CREATE', 'PATCH', 'DELETE')`),
    check("example_revisions_valid_range", sql`${t.validTo} IS NULL OR ${t.validTo} > ${t.validFrom}`),
  ],
);

/**
 * Example content, content-addressed per dataset: written once, when an upsert's payload arrives
 * (before its commit), and shared by every revision of the dataset with that hash. The commit then
 * writes only narrow revision rows, so a first import writes each payload once, and content that
 * comes back (a revert, two examples alike) is stored once.
 * No foreign key (see examples): the dataset's trigger deletes them with it, and content an
 * abandoned upsert left behind is dropped with its session (server/services/upsert-cleanup.ts).
 */
export const exampleContents = pgTable(
  "example_contents",
  {
    datasetId: uuid("dataset_id").notNull(),
    hash: text("hash").notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    output: jsonb("output").$type<Record<string, unknown>>().notNull(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.hash] })],
);
