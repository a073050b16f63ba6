CREATE TABLE "score_comparisons" (
	"baseline_run_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"counts" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "score_comparisons_baseline_run_id_run_id_pk" PRIMARY KEY("baseline_run_id","run_id")
);
--> statement-breakpoint
ALTER TABLE "score_comparisons" ADD CONSTRAINT "score_comparisons_baseline_run_id_runs_id_fk" FOREIGN KEY ("baseline_run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_comparisons" ADD CONSTRAINT "score_comparisons_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "score_comparisons_run_idx" ON "score_comparisons" USING btree ("run_id");