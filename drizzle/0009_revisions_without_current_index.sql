-- No query can use it: its predicate (valid_to IS NULL) appears only in the commit's closing of
-- revisions, which finds them by example id (example_revisions_example_valid_from_unique). It cost
-- ~2 µs per revision written on PGlite.
DROP INDEX "example_revisions_current_idx";
