import { sql } from "drizzle-orm";
import { check, integer, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { datasets } from "./datasets";

/** An immutable version of a dataset: numbered 1, 2, 3 per dataset. */
export const datasetVersions = pgTable(
  "dataset_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    message: text("message").notNull().default(""),
    parentId: uuid("parent_id").references((): AnyPgColumn => datasetVersions.id, { onDelete: "set null" }),
    added: integer("added").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    deleted: integer("deleted").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    exampleCount: integer("example_count").notNull().default(0),
    // lib/manifest-digest.ts over the version's (source id, content hash) pairs; a sync whose
    // manifest has the latest version's digest is a no-op. Null: unknown (never matches).
    manifestDigest: text("manifest_digest"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("dataset_versions_dataset_number_unique").on(t.datasetId, t.number),
    check("dataset_versions_number_positive", sql`${t.number} > 0`),
    check(
      "dataset_versions_counts_nonnegative",
      sql`${t.added} >= 0 AND ${t.updated} >= 0 AND ${t.deleted} >= 0 AND ${t.unchanged} >= 0 AND ${t.exampleCount} >= 0`,
    ),
  ],
);

/**
 * A cache for bucketed manifests (lib/manifest-buckets.ts): the 65,536 bucket digests of a
 * dataset's examples as of version `version` (the latest when it was filled), concatenated. Filled
 * after a commit of a large dataset (in the background on PostgreSQL) or when first compared;
 * a row of an older version than the latest is stale and is filled again. `digests` is '' when
 * some example has no entry digest (see fillBucketDigests); `buckets_digest` is then null.
 */
export const datasetBucketDigests = pgTable("dataset_bucket_digests", {
  datasetId: uuid("dataset_id")
    .primaryKey()
    .references(() => datasets.id, { onDelete: "cascade" }),
  version: integer("version").notNull(),
  digests: text("digests").notNull(),
  // Their buckets digest (lib/manifest-buckets.ts), what a no-op begin compares: without it, the
  // begin read the 1 MB of digests and hashed them. Null in rows filled before it existed.
  bucketsDigest: text("buckets_digest"),
});
