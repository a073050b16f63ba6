import { sql } from "drizzle-orm";
import { check, doublePrecision, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { datasets } from "./datasets";
import { runs } from "./runs";

export const METRIC_SOURCES = ["computed", "recorded"] as const;

/** A metric is identified by (run, name, dataset); a null dataset means run-wide. */
export const metrics = pgTable(
  "metrics",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    datasetId: uuid("dataset_id").references(() => datasets.id, { onDelete: "cascade" }),
    value: doublePrecision("value").notNull(),
    source: text("source").$type<(typeof METRIC_SOURCES)[number]>().notNull().default("recorded"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("metrics_identity_unique").on(t.runId, t.name, t.datasetId).nullsNotDistinct(),
    index("metrics_dataset_name_idx").on(t.datasetId, t.name),
    check("metrics_source_check", sql`${t.source} IN ('computed', 'recorded')`),
  ],
);
