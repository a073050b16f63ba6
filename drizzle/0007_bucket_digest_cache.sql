CREATE TABLE "dataset_bucket_digests" (
	"dataset_id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"digests" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dataset_bucket_digests" ADD CONSTRAINT "dataset_bucket_digests_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- 1 MB of random hex digits: stored uncompressed (compression would save little and cost every read).
ALTER TABLE "dataset_bucket_digests" ALTER COLUMN "digests" SET STORAGE EXTERNAL;
