CREATE TABLE "example_contents" (
	"dataset_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"input" jsonb NOT NULL,
	"output" jsonb NOT NULL,
	"metadata" jsonb NOT NULL,
	CONSTRAINT "example_contents_dataset_id_hash_pk" PRIMARY KEY("dataset_id","hash")
);
--> statement-breakpoint
-- Existing content moves out of the revisions, once per (dataset, hash).
INSERT INTO "example_contents" ("dataset_id", "hash", "input", "output", "metadata")
SELECT DISTINCT ON ("dataset_id", "hash") "dataset_id", "hash", "input", "output", "metadata"
FROM "example_revisions" WHERE "kind" <> 'DELETE'
ORDER BY "dataset_id", "hash";
--> statement-breakpoint
-- Uploads in progress staged their payloads in upsert_entries: they are dropped (the client's
-- commit answers NOT_FOUND for the session and the SDK plans again).
DELETE FROM "upsert_sessions";
--> statement-breakpoint
-- A dataset's contents go with it: the statement trigger of 0005 (no per-row foreign key check
-- on inserts: see db/schema/examples.ts).
ALTER TABLE "example_revisions" DROP COLUMN "input";--> statement-breakpoint
ALTER TABLE "example_revisions" DROP COLUMN "output";--> statement-breakpoint
ALTER TABLE "example_revisions" DROP COLUMN "metadata";--> statement-breakpoint
ALTER TABLE "upsert_entries" DROP COLUMN "input";--> statement-breakpoint
ALTER TABLE "upsert_entries" DROP COLUMN "output";--> statement-breakpoint
ALTER TABLE "upsert_entries" DROP COLUMN "metadata";
