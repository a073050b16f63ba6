import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { examples } from "./examples";
import { runs } from "./runs";

/** One result per (run, datapoint). */
export const results = pgTable(
  "results",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    exampleId: uuid("example_id")
      .notNull()
      .references(() => examples.id, { onDelete: "cascade" }),
    // Keyset key for paging a run's results in recording order.
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    output: jsonb("output").$type<unknown>(),
    error: text("error"),
    latencyMs: doublePrecision("latency_ms"),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    totalTokens: integer("total_tokens"),
    cost: doublePrecision("cost"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.exampleId] }),
    index("results_run_seq_idx").on(t.runId, t.seq),
    // Deleting examples (a dataset, a project) cascades here; without it each example scans results.
    index("results_example_idx").on(t.exampleId),
    check("results_latency_nonnegative", sql`${t.latencyMs} IS NULL OR ${t.latencyMs} >= 0`),
  ],
);

/** An evaluator's score of one result. Booleans are stored as 0/1 with kind = 'boolean'. */
export const scores = pgTable(
  "scores",
  {
    runId: uuid("run_id").notNull(),
    exampleId: uuid("example_id").notNull(),
    name: text("name").notNull(),
    kind: text("kind").$type<"number" | "boolean">().notNull(),
    value: doublePrecision("value").notNull(),
    label: text("label"),
    explanation: text("explanation"),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.exampleId, t.name] }),
    foreignKey({ columns: [t.runId, t.exampleId], foreignColumns: [results.runId, results.exampleId], name: "scores_result_fk" }).onDelete(
      "cascade",
    ),
    index("scores_run_name_value_idx").on(t.runId, t.name, t.value),
    check("scores_kind_check", sql`${t.kind} IN ('number', 'boolean')`),
  ],
);
