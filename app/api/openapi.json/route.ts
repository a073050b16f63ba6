import { documentedOperations } from "@/server/phoenix/operations";
import { getOpenApiDocument } from "@/server/rest/openapi";

// Generated from the code when the app is built (and so never stale); no copy is kept in the repo.
export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(getOpenApiDocument(documentedOperations));
}
