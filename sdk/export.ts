import { readJsonl } from "../lib/jsonl";
import type { CairnClient } from "./client";
import { CairnError, toCairnError } from "./errors";

export type ExportOptions = ({ datasetName: string } | { datasetId: string }) & {
  /** Version number; default the latest. */
  version?: number;
  signal?: AbortSignal;
};

/** One exported line: `id` is the example's source id, ready to be upserted again with sourceIdKey "id". */
export interface ExportedRecord {
  id: string | null;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface DatasetExport {
  datasetId: string;
  /** The version exported (resolved when the latest was asked for). */
  version: number;
  /** The JSONL bytes as the server streams them. Read either this or `records()`, once. */
  body: ReadableStream<Uint8Array>;
  /** The lines parsed, one at a time. */
  records(): AsyncGenerator<ExportedRecord>;
}

/** Streams a version through GET /api/datasets/{id}/versions/{n|latest}/export (no paging, no buffering). */
export async function exportDataset(client: CairnClient, options: ExportOptions): Promise<DatasetExport> {
  const datasetId = "datasetId" in options ? options.datasetId : (await client.datasets.get({ datasetName: options.datasetName })).id;
  const version = options.version === undefined ? "latest" : String(options.version);
  const route = `/api/datasets/${encodeURIComponent(datasetId)}/versions/${encodeURIComponent(version)}/export`;
  let response: Response;
  try {
    response = await client.fetch(`${client.baseUrl}${route}`, { headers: client.headers, signal: options.signal });
  } catch (error) {
    throw toCairnError(error, route, client.baseUrl);
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => "");
    let body: { error?: { code?: string; message?: string } } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not the route's JSON error (a proxy's page, say): keep the status and the text.
    }
    throw new CairnError({
      code: body.error?.code ?? (response.status === 404 ? "NOT_FOUND" : "INTERNAL_SERVER_ERROR"),
      message: body.error?.message ?? `export failed: HTTP ${response.status} ${text.slice(0, 200)}`.trim(),
      httpStatus: response.status,
      path: route,
    });
  }
  const body = response.body;
  return {
    datasetId,
    version: Number(response.headers.get("x-cairn-version")),
    body,
    async *records() {
      for await (const entry of readJsonl(body)) {
        if (entry.error !== undefined) throw new CairnError({ code: "INTERNAL_SERVER_ERROR", message: `export ${entry.error}`, path: route });
        yield entry.value as ExportedRecord;
      }
    },
  };
}
