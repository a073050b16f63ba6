import { getDatabase } from "@/db";
import { handleRest } from "@/server/rest/handler";

export const dynamic = "force-dynamic";

async function handler(request: Request): Promise<Response> {
  return handleRest(request, await getDatabase());
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
