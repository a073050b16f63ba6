// The Cairn TypeScript SDK: a typed client over the app router, dataset upserts, experiments.
export { createClient, DEFAULT_PROJECT, DEFAULT_URL } from "./client";
export type { CairnClient, CallOptions, CreateClientOptions, DatasetHelpers, ProcedureCall, RouterClient } from "./client";
export { CairnError, isCairnError } from "./errors";
export type { CairnErrorCode, ZodIssue } from "./errors";
export { upsertDataset, upsertJsonlFile, MAX_REPORTED_ERRORS } from "./upsert";
export type { RecordMappingOptions, UpsertDatasetOptions, UpsertJsonlFileOptions, UpsertPhase, UpsertProgress, UpsertResult } from "./upsert";
export { exportDataset } from "./export";
export type { DatasetExport, ExportedRecord, ExportOptions } from "./export";
export { runExperiment } from "./experiment";
export type {
  Evaluator,
  EvaluatorArgs,
  EvaluatorResult,
  ExperimentExample,
  ExperimentProgress,
  ExperimentResult,
  RunExperimentOptions,
} from "./experiment";
