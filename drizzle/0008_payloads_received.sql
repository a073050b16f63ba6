CREATE TABLE "upsert_received" (
	"session_id" uuid NOT NULL,
	"chunk" bigint GENERATED ALWAYS AS IDENTITY (sequence name "upsert_received_chunk_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"positions" bigint[] NOT NULL,
	CONSTRAINT "upsert_received_session_id_chunk_pk" PRIMARY KEY("session_id","chunk")
);
--> statement-breakpoint
ALTER TABLE "upsert_received" ADD CONSTRAINT "upsert_received_session_id_upsert_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."upsert_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Sessions open across this migration: what their payloads stored so far counts as received.
INSERT INTO "upsert_received" ("session_id", "positions")
SELECT u.session_id, array_agg(u.position ORDER BY u.position)
FROM "upsert_entries" u JOIN "upsert_sessions" s ON s.id = u.session_id
WHERE EXISTS (SELECT 1 FROM "example_contents" c WHERE c.dataset_id = s.dataset_id AND c.hash = u.hash)
GROUP BY u.session_id;
