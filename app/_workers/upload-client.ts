"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { SyncResult } from "@/lib/sync";
import { useTRPCClient } from "../_trpc/client";
import type { FromWorker, RecordProblem, SerializedError, SyncMethod, ToWorker, UploadMapping, UploadPlan } from "./upload-protocol";

export type UploadState =
  | { step: "idle" }
  | { step: "reading"; bytes: number; total: number; records: number }
  | { step: "invalid"; records: number; problems: RecordProblem[]; problemCount: number }
  | { step: "valid"; records: number; bytes: number }
  | { step: "planning"; records: number; done: number; total: number }
  | { step: "confirm"; records: number; plan: UploadPlan }
  | { step: "uploading"; records: number; plan: UploadPlan; done: number; total: number; bytesDone: number; bytesTotal: number }
  | { step: "committing"; records: number; plan: UploadPlan | null }
  | { step: "done"; records: number; result: SyncResult }
  /** `records` set: the file itself is valid and kept by the worker, so the sync can be retried. */
  | { step: "failed"; records: number | null; error: SerializedError };

export interface SyncRequest {
  dataset: { datasetName: string } | { datasetId: string };
  mode: "mirror" | "merge";
  message: string;
}

function serializeClientError(error: unknown): SerializedError {
  const e = error as { message?: unknown; data?: { code?: unknown; details?: unknown; zodIssues?: unknown } } | null;
  const message = typeof e?.message === "string" && e.message ? e.message : String(error);
  const code = typeof e?.data?.code === "string" ? e.data.code : undefined;
  return { message, code, data: { details: e?.data?.details, zodIssues: e?.data?.zodIssues } };
}

/**
 * Runs an upload in a Web Worker (app/_workers/upload.worker.ts) and relays its sync calls to the
 * tRPC API: `validate(file, mapping)` reads, checks and hashes the whole file off the UI thread;
 * `plan(request)` sends the manifest and stops at the plan; `confirm(true)` uploads and commits.
 */
export function useUploadWorker() {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const worker = useRef<Worker | null>(null);
  const records = useRef(0);
  const session = useRef<string | null>(null);
  const plan = useRef<UploadPlan | null>(null);
  const [state, setState] = useState<UploadState>({ step: "idle" });

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const relay = useCallback(
    async (target: Worker, id: number, method: SyncMethod, input: unknown) => {
      const post = (message: ToWorker) => target.postMessage(message);
      try {
        // The worker builds inputs with lib/sync.ts against the same zod contracts.
        const procedures = client.datasets as unknown as Record<SyncMethod, { mutate(input: unknown): Promise<unknown> }>;
        const value = await procedures[method].mutate(input);
        if (method === "upsertBegin") session.current = (value as { sessionId: string }).sessionId;
        post({ type: "reply", id, ok: true, value });
      } catch (error) {
        post({ type: "reply", id, ok: false, error: serializeClientError(error) });
      }
    },
    [client],
  );

  const handle = useCallback(
    (target: Worker, message: FromWorker) => {
      if (worker.current !== target) return; // a message from a worker we already replaced
      switch (message.type) {
        case "reading":
          setState({ step: "reading", bytes: message.bytes, total: message.total, records: message.records });
          break;
        case "validated":
          records.current = message.problemCount === 0 ? message.records : 0;
          setState(
            message.problemCount === 0
              ? { step: "valid", records: message.records, bytes: message.bytes }
              : { step: "invalid", records: message.records, problems: message.problems, problemCount: message.problemCount },
          );
          break;
        case "call":
          void relay(target, message.id, message.method, message.input);
          break;
        case "planning":
          setState({ step: "planning", records: records.current, done: message.done, total: message.total });
          break;
        case "plan":
          plan.current = message.plan;
          setState({ step: "confirm", records: records.current, plan: message.plan });
          break;
        case "uploading":
          setState({ step: "uploading", records: records.current, plan: plan.current!, ...message });
          break;
        case "committing":
          setState({ step: "committing", records: records.current, plan: plan.current });
          break;
        case "done":
          session.current = null;
          // Lists, counts and versions changed: refetch whatever is cached.
          void queryClient.invalidateQueries();
          setState({ step: "done", records: records.current, result: message.result });
          break;
        case "failed": {
          session.current = null;
          const created = plan.current?.created ? plan.current.datasetId : null;
          if (message.error.code === "CANCELLED") {
            // Nothing was written; a dataset this upload created (still empty) goes away again.
            if (created) void client.datasets.delete.mutate({ datasetId: created }).then(() => queryClient.invalidateQueries());
            setState(records.current ? { step: "valid", records: records.current, bytes: 0 } : { step: "idle" });
          } else {
            setState({ step: "failed", records: records.current || null, error: message.error });
          }
          plan.current = null;
          break;
        }
      }
    },
    [client, queryClient, relay],
  );

  const validate = useCallback(
    (file: File, mapping: UploadMapping) => {
      stop();
      records.current = 0;
      plan.current = null;
      const target = new Worker(new URL("./upload.worker.ts", import.meta.url), { type: "module", name: "cairn-upload" });
      worker.current = target;
      target.onmessage = (event: MessageEvent<FromWorker>) => handle(target, event.data);
      target.onerror = (event) => {
        if (worker.current !== target) return;
        setState({ step: "failed", records: null, error: { message: `The upload worker stopped: ${event.message || "unknown error"}` } });
      };
      setState({ step: "reading", bytes: 0, total: file.size, records: 0 });
      target.postMessage({ type: "validate", file, mapping } satisfies ToWorker);
    },
    [handle, stop],
  );

  const startSync = useCallback((request: SyncRequest) => {
    if (!worker.current || !records.current) return;
    plan.current = null;
    setState({ step: "planning", records: records.current, done: 0, total: records.current });
    worker.current.postMessage({ type: "sync", ...request } satisfies ToWorker);
  }, []);

  const confirm = useCallback((ok: boolean) => {
    worker.current?.postMessage({ type: "confirm", ok } satisfies ToWorker);
  }, []);

  /** Stops an upload in flight: the session is aborted (nothing is committed), the worker dropped. */
  const abort = useCallback(async () => {
    const open = session.current;
    const created = plan.current?.created ? plan.current.datasetId : null;
    stop();
    session.current = null;
    plan.current = null;
    records.current = 0;
    setState({ step: "idle" });
    if (open) await client.datasets.upsertAbort.mutate({ sessionId: open }).catch(() => undefined);
    if (created) await client.datasets.delete.mutate({ datasetId: created }).catch(() => undefined);
    await queryClient.invalidateQueries();
  }, [client, queryClient, stop]);

  const reset = useCallback(() => {
    stop();
    records.current = 0;
    plan.current = null;
    setState({ step: "idle" });
  }, [stop]);

  return { state, validate, startSync, confirm, abort, reset };
}
