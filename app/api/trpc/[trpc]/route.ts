import { getDatabase } from "@/db";
import { handleTrpc } from "@/server/trpc/http";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  return handleTrpc(req, await getDatabase());
}

export { handler as GET, handler as POST };
