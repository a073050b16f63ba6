import type { Database } from "@/db";
import type { AuthMode } from "@/lib/contracts";
import { isLoopbackHost } from "../services/auth-mode";
import { resolvePrincipal, safeDecode, type Principal } from "../services/principals";

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
  /** Session cookies are `Secure` unless this is "loopback"; over plain "http" elsewhere sign-in is refused. */
  transport: "https" | "loopback" | "http";
  /** The client's address as a trusted proxy reports it (CAIRN_TRUST_PROXY=1), for rate limits; else null. */
  clientKey: string | null;
}

export const PROJECT_HEADER = "x-cairn-project";

/** How the request came: https (or behind a proxy that says so), plain http on loopback, or plain http elsewhere. */
function transport(requestUrl: string | undefined, headers: Headers): "https" | "loopback" | "http" {
  if (headers.get("x-forwarded-proto") === "https" || !requestUrl) return "https";
  const url = new URL(requestUrl);
  if (url.protocol === "https:") return "https";
  return isLoopbackHost(url.hostname) ? "loopback" : "http";
}

/** X-Forwarded-For can be set by anyone: it is believed only behind a proxy that says so. */
function clientAddress(headers: Headers): string | null {
  if (process.env.CAIRN_TRUST_PROXY !== "1") return null;
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || headers.get("x-real-ip") || null;
}

export async function createContext(database: Database, headers: Headers, options: ContextOptions): Promise<Context> {
  const ref = headers.get(PROJECT_HEADER);
  return {
    database,
    authMode: options.authMode,
    principal: await resolvePrincipal(database.db, headers, options.authMode),
    projectRef: ref && ref.trim() ? safeDecode(ref.trim()) : null,
    requestHeaders: headers,
    resHeaders: options.resHeaders ?? new Headers(),
    transport: transport(options.requestUrl, headers),
    clientKey: clientAddress(headers),
  };
}
