import { index, jsonb, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { runs } from "./runs";

/** Per score name: examples where the run scored higher, lower or the same as the baseline. */
export type ScoreComparisonCounts = Array<{ name: string; improved: number; regressed: number; unchanged: number; compared: number }>;

/**
 * The compare summary's score counts of a run against a baseline, kept once both runs are
 * finished: their scores can no longer change (results are recorded only while a run is pending
 * or running), and counting them means joining every score pair of the two runs.
 */
export const scoreComparisons = pgTable(
  "score_comparisons",
  {
    baselineRunId: uuid("baseline_run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    counts: jsonb("counts").$type<ScoreComparisonCounts>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.baselineRunId, t.runId] }), index("score_comparisons_run_idx").on(t.runId)],
);
