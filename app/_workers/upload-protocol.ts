// Messages between the upload page and its Web Worker (app/_workers/upload.worker.ts). The worker
// reads, validates and hashes the file, keeps the examples, and drives lib/sync.ts; the page
// relays the worker's tRPC calls (the page owns the tRPC client) and asks the user to confirm.
import type { SyncResult } from "@/lib/sync";
import type { UpsertMode } from "@/lib/contracts";

/** How records become examples (see lib/records.ts `toExample`). */
export interface UploadMapping {
  sourceIdKey: string;
  /** "shaped": records are {input, output?, metadata?}; "keys": top-level keys are assigned below. */
  shape: "shaped" | "keys";
  /** keys mode: keys put into output / metadata / left out; every other key (but the id) is input. */
  outputKeys: string[];
  metadataKeys: string[];
  ignoredKeys: string[];
}

/** A record that cannot be uploaded: its line and what is wrong (`raw`: the start of a bad line). */
export interface RecordProblem {
  line: number;
  message: string;
  raw?: string;
}

export const MAX_PROBLEMS_SHOWN = 100;

export interface UploadPlan {
  datasetId: string;
  /** The upload created the dataset (by name): cancelling deletes it again. */
  created: boolean;
  baseVersion: number;
  total: number;
  added: number | null;
  updated: number | null;
  deleted: number | null;
  unchanged: number;
  /** Examples to send (added + updated) and about how many bytes that is. */
  needed: number;
  neededBytes: number;
}

export interface SerializedError {
  message: string;
  /** The tRPC code (BAD_REQUEST, CONFLICT…) or a SyncError code. */
  code?: string;
  data?: unknown;
}

export type SyncMethod = "upsertBegin" | "upsertManifest" | "upsertPayload" | "upsertCommit" | "upsertAbort";

export type ToWorker =
  | { type: "validate"; file: File; mapping: UploadMapping }
  | {
      type: "sync";
      dataset: { datasetName: string } | { datasetId: string };
      mode: UpsertMode;
      message: string;
      description?: string;
    }
  | { type: "confirm"; ok: boolean }
  | { type: "reply"; id: number; ok: true; value: unknown }
  | { type: "reply"; id: number; ok: false; error: SerializedError };

export type FromWorker =
  | { type: "reading"; bytes: number; total: number; records: number }
  | { type: "validated"; records: number; bytes: number; problems: RecordProblem[]; problemCount: number }
  | { type: "call"; id: number; method: SyncMethod; input: unknown }
  | { type: "planning"; done: number; total: number }
  | { type: "plan"; plan: UploadPlan }
  | { type: "uploading"; done: number; total: number; bytesDone: number; bytesTotal: number }
  | { type: "committing" }
  | { type: "done"; result: SyncResult }
  | { type: "failed"; error: SerializedError };
