import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { datasets } from "./datasets";

export const UPSERT_MODES = ["mirror", "merge"] as const;

/** An upsert in progress: manifest and payloads are staged here until commit. */
export const upsertSessions = pgTable(
  "upsert_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    // Latest version number when the session began (0 = the dataset had none).
    baseVersion: integer("base_version").notNull(),
    mode: text("mode").$type<(typeof UPSERT_MODES)[number]>().notNull(),
    message: text("message").notNull().default(""),
    // A bucketed manifest (lib/manifest-buckets.ts): the bucket prefix's hex digits and the buckets
    // that differ from the base version; only their entries are sent. Null: the whole manifest.
    bucketDigits: smallint("bucket_digits"),
    touchedBuckets: integer("touched_buckets").array(),
    // A first import whose manifest comes with its payloads (upsertPayloadEntries): how many
    // entries the client will send. Null: the manifest comes in manifest calls (upsertEntries).
    payloadManifestSize: integer("payload_manifest_size"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    touchedAt: timestamp("touched_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("upsert_sessions_mode_check", sql`${t.mode} IN ('mirror', 'merge')`),
    index("upsert_sessions_touched_idx").on(t.touchedAt),
  ],
);

/**
 * A manifest entry of a session that the server needs (new, changed, or back after a deletion).
 * Its payload, when the client sends it, goes straight to example_contents under its hash.
 * Unchanged entries are not staged one by one: see upsertUnchanged.
 */
export const upsertEntries = pgTable(
  "upsert_entries",
  {
    // No foreign key: a check per staged row cost ~5 µs (100k-entry manifests). A statement
    // trigger on upsert_sessions (migration 0005) deletes a session's entries with it.
    sessionId: uuid("session_id").notNull(),
    sourceId: text("source_id").notNull(),
    // Manifest order, so new examples get their ordinals in file order.
    position: bigint("position", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    hash: text("hash").notNull(),
    // The example this entry revises, or the id its new example row will get.
    exampleId: uuid("example_id").notNull(),
    newExample: boolean("new_example").notNull(),
    // The revision the commit writes: CREATE (new, or back after a deletion) or PATCH.
    kind: text("kind").$type<"CREATE" | "PATCH">().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.sourceId] }), check("upsert_entries_kind_check", sql`${t.kind} IN ('CREATE', 'PATCH')`)],
);

/**
 * The staged entries (their positions) whose payloads a session has stored, one row per payload
 * call: the commit counts them instead of probing the contents for every needed entry. A payload
 * sent twice is counted once (distinct positions).
 */
export const upsertReceived = pgTable(
  "upsert_received",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => upsertSessions.id, { onDelete: "cascade" }),
    chunk: bigint("chunk", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    positions: bigint("positions", { mode: "number" }).array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.chunk] })],
);

/**
 * Source ids of the manifest entries found unchanged, one row per manifest call: all a mirror
 * commit needs to know which examples stay (and to find duplicate ids), without a row per entry.
 */
export const upsertUnchanged = pgTable(
  "upsert_unchanged",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => upsertSessions.id, { onDelete: "cascade" }),
    chunk: bigint("chunk", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    sourceIds: text("source_ids").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.chunk] })],
);

/**
 * The manifest of a first import, sent with the payloads (the dataset has no version: every entry
 * is needed, so no manifest call is made): one row per payload call, its entries in order from
 * `position` (the first one's place in the manifest). No row per entry: the commit reads them
 * once, and a duplicate source id across calls is found by the examples' unique key there.
 */
export const upsertPayloadEntries = pgTable(
  "upsert_payload_entries",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => upsertSessions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    sourceIds: text("source_ids").array().notNull(),
    hashes: text("hashes").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.position] })],
);
