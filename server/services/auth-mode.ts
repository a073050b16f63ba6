import type { AuthMode } from "@/lib/contracts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** A HOST setting or a URL's hostname that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host);
}

/**
 * Single-user mode ("local", no sign-in) only with the embedded database on a loopback HOST;
 * anywhere else sign-in is required. `CAIRN_AUTH=required|local` says it explicitly.
 */
export function authModeFromEnv(env: NodeJS.ProcessEnv = process.env): AuthMode {
  if (env.CAIRN_AUTH === "required" || env.CAIRN_AUTH === "local") return env.CAIRN_AUTH;
  if (env.CAIRN_AUTH) throw new Error(`CAIRN_AUTH must be "required" or "local", got ${JSON.stringify(env.CAIRN_AUTH)}`);
  return !env.DATABASE_URL && isLoopbackHost(env.HOST ?? "") ? "local" : "required";
}
