import "server-only";

import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { cache } from "react";
import { getDatabase } from "@/db";
import type { Run } from "@/lib/contracts";
import { createCaller } from "@/server/trpc/caller";
import { authModeFromEnv } from "@/server/services/auth-mode";
import { PROJECT_HEADER } from "@/server/trpc/context";

/** What the run page shows of a run: everything but its datapoint ids (a run can cover 100k). */
export type RunHeader = Omit<Run, "datapointIds">;

/**
 * The run, read in-process and handed to the page as props rather than through the query cache:
 * `runs.get` answers with every datapoint id, which must not travel to the browser. Null when
 * the project has no such run. Cached per request (metadata and page share one read).
 */
export const loadRun = cache(async (project: string, runId: string): Promise<RunHeader | null> => {
  const requestHeaders = new Headers(await headers());
  requestHeaders.set(PROJECT_HEADER, encodeURIComponent(project));
  const caller = createCaller(await getDatabase(), requestHeaders, { authMode: authModeFromEnv() });
  try {
    const { datapointIds: _ids, ...run } = await caller.runs.get({ id: runId });
    return run;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  }
});
