import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { getDatabase } from "@/db";
import { badRequest, notFound } from "@/server/errors";
import { getDataset } from "@/server/services/datasets";
import { projectAccess } from "@/server/services/access";
import { authModeFromEnv } from "@/server/services/auth-mode";
import { resolvePrincipal, safeDecode } from "@/server/services/principals";
import { exportVersionLines, resolveVersion } from "@/server/services/versions";
import { PROJECT_HEADER } from "@/server/trpc/context";

export const dynamic = "force-dynamic";

const FLUSH_BYTES = 64 * 1024;

/**
 * GET /api/datasets/{datasetId}/versions/{version|latest}/export[?project=name-or-id]
 * Streams the version as JSONL (`{id, input, output, metadata}` per line), read in keyset pages.
 */
export async function GET(request: Request, context: { params: Promise<{ datasetId: string; version: string }> }): Promise<Response> {
  try {
    const { datasetId, version: versionParam } = await context.params;
    const url = new URL(request.url);
    const projectRef = request.headers.get(PROJECT_HEADER)?.trim() || url.searchParams.get("project")?.trim() || null;
    const { db } = await getDatabase();
    const principal = await resolvePrincipal(db, request.headers, authModeFromEnv());
    const { project } = await projectAccess(db, principal, projectRef ? safeDecode(projectRef) : null, false);
    const dataset = await getDataset(db, project, { datasetId: safeDecode(datasetId) });
    if (versionParam !== "latest" && !/^[1-9]\d{0,8}$/.test(versionParam)) {
      throw badRequest(`version '${versionParam}' is not valid: give a version number or 'latest'`);
    }
    const version = await resolveVersion(db, dataset.id, versionParam === "latest" ? undefined : Number(versionParam));
    if (!version) throw notFound("version", `${dataset.id}@latest`);

    const lines = exportVersionLines(db, dataset.id, version.number);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let text = "";
        while (text.length < FLUSH_BYTES) {
          const next = await lines.next();
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text));
            controller.close();
            return;
          }
          text += next.value;
        }
        controller.enqueue(encoder.encode(text));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    const filename = `${dataset.name.replace(/[^\w.-]+/g, "_")}-v${version.number}.jsonl`;
    return new Response(body, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "x-cairn-version": String(version.number),
      },
    });
  } catch (error) {
    const trpcError =
      error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "export failed", cause: error });
    if (trpcError.code === "INTERNAL_SERVER_ERROR") console.error("export failed:", error);
    return Response.json(
      { error: { code: trpcError.code, message: trpcError.message } },
      { status: getHTTPStatusCodeFromError(trpcError) },
    );
  }
}
