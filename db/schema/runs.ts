import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { datasets } from "./datasets";
import { projects } from "./projects";
import { datasetVersions } from "./versions";

export const RUN_STATUSES = ["pending", "running", "completed", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** An experiment run, pinned to the exact dataset version it ran on. */
export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    status: text("status").$type<RunStatus>().notNull().default("pending"),
    datasetId: uuid("dataset_id").references(() => datasets.id, { onDelete: "cascade" }),
    datasetVersionId: uuid("dataset_version_id").references(() => datasetVersions.id, { onDelete: "cascade" }),
    externalDatasetId: text("external_dataset_id"),
    datapointIds: uuid("datapoint_ids").array().notNull().default(sql`'{}'::uuid[]`),
    eventIds: text("event_ids").array().notNull().default(sql`'{}'::text[]`),
    configuration: jsonb("configuration").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    check("runs_status_check", sql`${t.status} IN ('pending', 'running', 'completed', 'failed', 'cancelled')`),
    check("runs_one_dataset_kind", sql`${t.datasetId} IS NULL OR ${t.externalDatasetId} IS NULL`),
    check("runs_version_needs_dataset", sql`${t.datasetVersionId} IS NULL OR ${t.datasetId} IS NOT NULL`),
    index("runs_project_created_idx").on(t.projectId, t.createdAt, t.id),
    index("runs_dataset_created_idx").on(t.datasetId, t.createdAt),
  ],
);
