import type { Database } from "@/db";
import type { AuthMode } from "@/lib/contracts";
import { resolvePrincipal, type Principal } from "../services/principals";

export type { Principal };

export interface ContextOptions {
  /** The server's mode (services/auth-mode.ts); in-process callers for tests default to "local". */
  authMode: AuthMode;
  /** The request's URL: cookies are `Secure` unless it is plain http on a loopback host. */
  requestUrl?: string;
  /** Headers of the response (sign-in and sign-out set the session cookie here). */
  resHeaders?: Headers;
}

export interface Context {
  database: Database;
  authMode: AuthMode;
  /** Who is calling, resolved once from the request's credentials. */
  principal: Principal;
  /** The raw `x-cairn-project` header (a name or an id); absent -> the API key's or the default project. */
  projectRef: string | null;
  requestHeaders: Headers;
  resHeaders: Headers;
  secureCookies: boolean;
  /** Who is asking, for rate limits: the client's address as the proxy reports it. */
  clientKey: string;
}

export const PROJECT_HEADER = "x-cairn-project";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function secureCookies(requestUrl: string | undefined, headers: Headers): boolean {
  if (headers.get("x-forwarded-proto") === "https") return true;
  if (!requestUrl) return true;
  const url = new URL(requestUrl);
  return url.protocol === "https:" || !LOOPBACK_HOSTS.has(url.hostname);
}

export async function createContext(database: Database, headers: Headers, options: ContextOptions): Promise<Context> {
  const ref = headers.get(PROJECT_HEADER);
  return {
    database,
    authMode: options.authMode,
    principal: await resolvePrincipal(database.db, headers, options.authMode),
    projectRef: ref && ref.trim() ? decodeURIComponent(ref.trim()) : null,
    requestHeaders: headers,
    resHeaders: options.resHeaders ?? new Headers(),
    secureCookies: secureCookies(options.requestUrl, headers),
    clientKey: headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "direct",
  };
}
