CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"forked_from_dataset_id" uuid,
	"forked_from_version_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "datasets_project_name_unique" UNIQUE("project_id","name")
);
--> statement-breakpoint
CREATE TABLE "dataset_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"parent_id" uuid,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"example_count" integer DEFAULT 0 NOT NULL,
	"manifest_digest" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dataset_versions_dataset_number_unique" UNIQUE("dataset_id","number"),
	CONSTRAINT "dataset_versions_number_positive" CHECK ("dataset_versions"."number" > 0),
	CONSTRAINT "dataset_versions_counts_nonnegative" CHECK ("dataset_versions"."added" >= 0 AND "dataset_versions"."updated" >= 0 AND "dataset_versions"."deleted" >= 0 AND "dataset_versions"."unchanged" >= 0 AND "dataset_versions"."example_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "example_revisions" (
	"example_id" uuid NOT NULL,
	"dataset_id" uuid NOT NULL,
	"valid_from" integer NOT NULL,
	"valid_to" integer,
	"kind" text NOT NULL,
	"input" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"output" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "example_revisions_example_valid_from_unique" UNIQUE("example_id","valid_from"),
	CONSTRAINT "example_revisions_kind_check" CHECK ("example_revisions"."kind" IN ('CREATE', 'PATCH', 'DELETE')),
	CONSTRAINT "example_revisions_valid_range" CHECK ("example_revisions"."valid_to" IS NULL OR "example_revisions"."valid_to" > "example_revisions"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "examples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"source_id" text,
	"latest_hash" text,
	"ordinal" bigint GENERATED ALWAYS AS IDENTITY (sequence name "examples_ordinal_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "examples_dataset_source_id_unique" UNIQUE("dataset_id","source_id")
);
--> statement-breakpoint
CREATE TABLE "upsert_entries" (
	"session_id" uuid NOT NULL,
	"source_id" text NOT NULL,
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "upsert_entries_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"hash" text NOT NULL,
	"example_id" uuid NOT NULL,
	"new_example" boolean NOT NULL,
	"kind" text NOT NULL,
	"input" jsonb,
	"output" jsonb,
	"metadata" jsonb,
	CONSTRAINT "upsert_entries_session_id_source_id_pk" PRIMARY KEY("session_id","source_id"),
	CONSTRAINT "upsert_entries_kind_check" CHECK ("upsert_entries"."kind" IN ('CREATE', 'PATCH'))
);
--> statement-breakpoint
CREATE TABLE "upsert_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"base_version" integer NOT NULL,
	"mode" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"touched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "upsert_sessions_mode_check" CHECK ("upsert_sessions"."mode" IN ('mirror', 'merge'))
);
--> statement-breakpoint
CREATE TABLE "upsert_unchanged" (
	"session_id" uuid NOT NULL,
	"chunk" bigint GENERATED ALWAYS AS IDENTITY (sequence name "upsert_unchanged_chunk_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"source_ids" text[] NOT NULL,
	CONSTRAINT "upsert_unchanged_session_id_chunk_pk" PRIMARY KEY("session_id","chunk")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"dataset_id" uuid,
	"dataset_version_id" uuid,
	"external_dataset_id" text,
	"datapoint_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"event_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"configuration" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	CONSTRAINT "runs_status_check" CHECK ("runs"."status" IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "runs_one_dataset_kind" CHECK ("runs"."dataset_id" IS NULL OR "runs"."external_dataset_id" IS NULL),
	CONSTRAINT "runs_version_needs_dataset" CHECK ("runs"."dataset_version_id" IS NULL OR "runs"."dataset_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "results" (
	"run_id" uuid NOT NULL,
	"example_id" uuid NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "results_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"output" jsonb,
	"error" text,
	"latency_ms" double precision,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"total_tokens" integer,
	"cost" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "results_run_id_example_id_pk" PRIMARY KEY("run_id","example_id"),
	CONSTRAINT "results_latency_nonnegative" CHECK ("results"."latency_ms" IS NULL OR "results"."latency_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"run_id" uuid NOT NULL,
	"example_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"value" double precision NOT NULL,
	"label" text,
	"explanation" text,
	CONSTRAINT "scores_run_id_example_id_name_pk" PRIMARY KEY("run_id","example_id","name"),
	CONSTRAINT "scores_kind_check" CHECK ("scores"."kind" IN ('number', 'boolean'))
);
--> statement-breakpoint
CREATE TABLE "metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"name" text NOT NULL,
	"dataset_id" uuid,
	"value" double precision NOT NULL,
	"source" text DEFAULT 'recorded' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metrics_identity_unique" UNIQUE NULLS NOT DISTINCT("run_id","name","dataset_id"),
	CONSTRAINT "metrics_source_check" CHECK ("metrics"."source" IN ('computed', 'recorded'))
);
--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_parent_id_dataset_versions_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."dataset_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "example_revisions" ADD CONSTRAINT "example_revisions_example_id_examples_id_fk" FOREIGN KEY ("example_id") REFERENCES "public"."examples"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "example_revisions" ADD CONSTRAINT "example_revisions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "examples" ADD CONSTRAINT "examples_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upsert_entries" ADD CONSTRAINT "upsert_entries_session_id_upsert_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."upsert_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upsert_sessions" ADD CONSTRAINT "upsert_sessions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upsert_unchanged" ADD CONSTRAINT "upsert_unchanged_session_id_upsert_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."upsert_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_example_id_examples_id_fk" FOREIGN KEY ("example_id") REFERENCES "public"."examples"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_result_fk" FOREIGN KEY ("run_id","example_id") REFERENCES "public"."results"("run_id","example_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics" ADD CONSTRAINT "metrics_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics" ADD CONSTRAINT "metrics_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "datasets_project_created_idx" ON "datasets" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "example_revisions_current_idx" ON "example_revisions" USING btree ("dataset_id") WHERE "example_revisions"."valid_to" IS NULL;--> statement-breakpoint
CREATE INDEX "example_revisions_dataset_valid_from_idx" ON "example_revisions" USING btree ("dataset_id","valid_from");--> statement-breakpoint
CREATE INDEX "examples_dataset_ordinal_idx" ON "examples" USING btree ("dataset_id","ordinal");--> statement-breakpoint
CREATE INDEX "upsert_sessions_touched_idx" ON "upsert_sessions" USING btree ("touched_at");--> statement-breakpoint
CREATE INDEX "runs_project_created_idx" ON "runs" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "runs_dataset_created_idx" ON "runs" USING btree ("dataset_id","created_at");--> statement-breakpoint
CREATE INDEX "results_run_seq_idx" ON "results" USING btree ("run_id","seq");--> statement-breakpoint
CREATE INDEX "results_example_idx" ON "results" USING btree ("example_id");--> statement-breakpoint
CREATE INDEX "scores_run_name_value_idx" ON "scores" USING btree ("run_id","name","value");--> statement-breakpoint
CREATE INDEX "metrics_dataset_name_idx" ON "metrics" USING btree ("dataset_id","name");