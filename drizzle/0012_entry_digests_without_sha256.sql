-- Entry digests (lib/entry-digest.ts) are PostgreSQL's hashtextextended of the source id, seeded
-- with the content hash's first 16 hex digits, instead of a SHA-256 of both: a client makes them
-- without a second SHA-256 call per example. The same expression as server/services/manifest-buckets.ts;
-- a hash that is not hex (none is written so) gets no digest rather than failing the migration.
UPDATE "examples" SET "latest_digest" = CASE
    WHEN "latest_hash" ~ '^[0-9a-f]{16}' THEN hashtextextended("source_id" COLLATE "C", ('x' || left("latest_hash", 16))::bit(64)::bigint)
  END
WHERE "latest_hash" IS NOT NULL;--> statement-breakpoint
-- The cached bucket digests were made of the old entry digests: the next begin or bucketed
-- manifest of each dataset fills them again.
DELETE FROM "dataset_bucket_digests";
