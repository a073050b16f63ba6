CREATE TABLE "upsert_payload_entries" (
	"session_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"source_ids" text[] NOT NULL,
	"hashes" text[] NOT NULL,
	CONSTRAINT "upsert_payload_entries_session_id_position_pk" PRIMARY KEY("session_id","position")
);
--> statement-breakpoint
ALTER TABLE "upsert_sessions" ADD COLUMN "payload_manifest_size" integer;--> statement-breakpoint
ALTER TABLE "upsert_payload_entries" ADD CONSTRAINT "upsert_payload_entries_session_id_upsert_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."upsert_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Written once and read once, by the commit: compressing them would cost more than it saves.
ALTER TABLE "upsert_payload_entries" ALTER COLUMN "source_ids" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "upsert_payload_entries" ALTER COLUMN "hashes" SET STORAGE EXTERNAL;
