import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getDatabase } from "@/db";
import { appRouter } from "@/server/routers";
import { authModeFromEnv } from "@/server/services/auth-mode";
import { createContext } from "@/server/trpc/context";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  const database = await getDatabase();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createContext(database, req.headers, { authMode: authModeFromEnv(), requestUrl: req.url, resHeaders }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
