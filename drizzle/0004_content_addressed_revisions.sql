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
-- A dataset's contents go with it (no per-row foreign key check on inserts: see db/schema/examples.ts).
CREATE FUNCTION "example_contents_drop_with_datasets"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "example_contents" c USING "gone" g WHERE c."dataset_id" = g."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "datasets_drop_example_contents" AFTER DELETE ON "datasets"
REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "example_contents_drop_with_datasets"();
--> statement-breakpoint
ALTER TABLE "example_revisions" DROP COLUMN "input";--> statement-breakpoint
ALTER TABLE "example_revisions" DROP COLUMN "output";--> statement-breakpoint
ALTER TABLE "example_revisions" DROP COLUMN "metadata";--> statement-breakpoint
ALTER TABLE "upsert_entries" DROP COLUMN "input";--> statement-breakpoint
ALTER TABLE "upsert_entries" DROP COLUMN "output";--> statement-breakpoint
ALTER TABLE "upsert_entries" DROP COLUMN "metadata";
