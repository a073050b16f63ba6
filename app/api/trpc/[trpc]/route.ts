import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getDatabase } from "@/db";
import { appRouter } from "@/server/routers";
import { createContext } from "@/server/trpc/context";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  const database = await getDatabase();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext(database, req.headers),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
