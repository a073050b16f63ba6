import { getDatabase } from "@/db";
import { phoenixOperations } from "@/server/phoenix/operations";
import { withPhoenixVersion } from "@/server/phoenix/version";
import { handleRest } from "@/server/rest/handler";

export const dynamic = "force-dynamic";

// Arize Phoenix's REST API (its clients call `/v1/...` at the server root), answered by Cairn.
async function handler(request: Request): Promise<Response> {
  return withPhoenixVersion(await handleRest(request, await getDatabase(), phoenixOperations));
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
