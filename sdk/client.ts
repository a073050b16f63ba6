import { createTRPCClient, getUntypedClient, httpLink, type TRPCClient } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";
import { PROCEDURE_KINDS, type ProcedurePath } from "../lib/procedure-kinds";
import type { AppRouter } from "@/server/routers";
import { toCairnError } from "./errors";
import { exportDataset, type DatasetExport, type ExportOptions } from "./export";
import { upsertDataset, upsertJsonlFile, type UpsertDatasetOptions, type UpsertJsonlFileOptions, type UpsertResult } from "./upsert";

export const DEFAULT_URL = "http://127.0.0.1:3000";
export const DEFAULT_PROJECT = "default";
export const PROJECT_HEADER = "x-cairn-project";

export interface CreateClientOptions {
  /** The Cairn server. Default: env CAIRN_URL, else http://127.0.0.1:3000. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer <apiKey>`. Default: env CAIRN_API_KEY. */
  apiKey?: string;
  /** Project name or id every call acts in. Default: env CAIRN_PROJECT, else the API key's project, else "default". */
  project?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (proxies, instrumentation, tests). Default: the global fetch. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;

/** One procedure as a function; the input may be left out when none of its fields is required. */
export type ProcedureCall<I, O> = undefined extends I
  ? (input?: I, options?: CallOptions) => Promise<O>
  : Partial<I> extends I
    ? (input?: I, options?: CallOptions) => Promise<O>
    : (input: I, options?: CallOptions) => Promise<O>;

/** Every procedure of the app router, `client.<router>.<procedure>(input)`, typed from the router. */
export type RouterClient = {
  [R in keyof Inputs]: { [P in keyof Inputs[R]]: ProcedureCall<Inputs[R][P], Outputs[R][P]> };
};

type RouterPath = { [R in keyof Inputs]: `${R & string}.${keyof Inputs[R] & string}` }[keyof Inputs];
// lib/procedure-kinds.ts is generated from the router; a stale copy fails the typecheck here.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _procedureKindsMatchRouter: Exact<RouterPath, ProcedurePath> = true;
void _procedureKindsMatchRouter;

/** Helpers the SDK adds next to the `datasets` procedures. */
export interface DatasetHelpers {
  /** Syncs records into a dataset: one new version with what changed, or a no-op. */
  upsertDataset(options: UpsertDatasetOptions): Promise<UpsertResult>;
  /** upsertDataset from a JSONL file, streamed; every bad line is reported before anything is sent. */
  upsertJsonlFile(path: string, options: UpsertJsonlFileOptions): Promise<UpsertResult>;
  /** Streams a version (default: the latest) as JSONL `{id, input, output, metadata}`. */
  export(options: ExportOptions): Promise<DatasetExport>;
}

export type CairnClient = Omit<RouterClient, "datasets"> & {
  datasets: RouterClient["datasets"] & DatasetHelpers;
  /** The server, without a trailing slash. */
  readonly baseUrl: string;
  /** The project of every call; "" when an API key names it (the key's own project). */
  readonly project: string;
  /** The underlying tRPC client, for anything the wrappers do not cover. */
  readonly trpc: TRPCClient<AppRouter>;
  /** Headers every request carries (project, authorization, extra). */
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof fetch;
};

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value && value.trim() ? value.trim() : undefined;
}

/** A typed client over the app router (no batching: upsert payloads are large). */
export function createClient(options: CreateClientOptions = {}): CairnClient {
  const baseUrl = (options.baseUrl ?? env("CAIRN_URL") ?? DEFAULT_URL).replace(/\/+$/, "");
  const apiKey = options.apiKey ?? env("CAIRN_API_KEY");
  // An API key belongs to one project: without an explicit project, the server acts in the key's.
  const project = options.project ?? env("CAIRN_PROJECT") ?? (apiKey ? "" : DEFAULT_PROJECT);
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers: Record<string, string> = {
    ...options.headers,
    ...(project ? { [PROJECT_HEADER]: encodeURIComponent(project) } : {}),
    ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  };

  const trpc = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl}/api/trpc`, transformer: superjson, headers, fetch: fetchImpl })],
  });
  const untyped = getUntypedClient(trpc);

  const routers: Record<string, Record<string, (input?: unknown, options?: CallOptions) => Promise<unknown>>> = {};
  for (const [path, kind] of Object.entries(PROCEDURE_KINDS)) {
    const [router, procedure] = path.split(".");
    (routers[router] ??= {})[procedure] = async (input = {}, callOptions) => {
      try {
        return kind === "query" ? await untyped.query(path, input, callOptions) : await untyped.mutation(path, input, callOptions);
      } catch (error) {
        throw toCairnError(error, path, baseUrl);
      }
    };
  }

  const client = { ...(routers as unknown as RouterClient), baseUrl, project, trpc, headers, fetch: fetchImpl } as CairnClient;
  client.datasets = {
    ...(routers.datasets as unknown as RouterClient["datasets"]),
    upsertDataset: (upsert) => upsertDataset(client, upsert),
    upsertJsonlFile: (path, upsert) => upsertJsonlFile(client, path, upsert),
    export: (exportOptions) => exportDataset(client, exportOptions),
  };
  return client;
}
