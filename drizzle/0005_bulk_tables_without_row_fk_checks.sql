ALTER TABLE "example_revisions" DROP CONSTRAINT "example_revisions_example_id_examples_id_fk";
--> statement-breakpoint
ALTER TABLE "examples" DROP CONSTRAINT "examples_dataset_id_datasets_id_fk";
--> statement-breakpoint
ALTER TABLE "upsert_entries" DROP CONSTRAINT "upsert_entries_session_id_upsert_sessions_id_fk";
--> statement-breakpoint
-- What the dropped foreign keys cascaded, once per statement: a dataset's examples, revisions and
-- contents go with it (the examples' own dependents, results and scores, still cascade from them).
CREATE FUNCTION "datasets_drop_examples"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "example_revisions" r USING "gone" g WHERE r."dataset_id" = g."id";
  DELETE FROM "example_contents" c USING "gone" g WHERE c."dataset_id" = g."id";
  DELETE FROM "examples" x USING "gone" g WHERE x."dataset_id" = g."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "datasets_drop_examples" AFTER DELETE ON "datasets"
REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "datasets_drop_examples"();
--> statement-breakpoint
CREATE FUNCTION "upsert_sessions_drop_entries"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "upsert_entries" e USING "gone" g WHERE e."session_id" = g."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "upsert_sessions_drop_entries" AFTER DELETE ON "upsert_sessions"
REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "upsert_sessions_drop_entries"();
