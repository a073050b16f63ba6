import { PHOENIX_SERVER_VERSION, withPhoenixVersion } from "@/server/phoenix/version";

export const dynamic = "force-static";

/** Phoenix clients check the server version here before using newer upload parameters. */
export function GET(): Response {
  return withPhoenixVersion(new Response(PHOENIX_SERVER_VERSION, { headers: { "content-type": "text/plain; charset=utf-8" } }));
}
