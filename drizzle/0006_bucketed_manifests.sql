ALTER TABLE "examples" ADD COLUMN "latest_digest" bigint;--> statement-breakpoint
ALTER TABLE "upsert_sessions" ADD COLUMN "bucket_digits" smallint;--> statement-breakpoint
ALTER TABLE "upsert_sessions" ADD COLUMN "touched_buckets" integer[];--> statement-breakpoint
-- Entry digests of the examples already there (lib/manifest-buckets.ts; the same expression as
-- server/services/manifest-buckets.ts).
UPDATE "examples" SET "latest_digest" =
  ('x' || left(encode(sha256(convert_to(octet_length("source_id")::text || ':' || "source_id" || "latest_hash", 'UTF8')), 'hex'), 16))::bit(64)::bigint
WHERE "latest_hash" IS NOT NULL;
