ALTER TABLE "example_revisions" DROP CONSTRAINT "example_revisions_dataset_id_datasets_id_fk";
