import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db";
import type { ApiKeyRole, AuthMode } from "@/lib/contracts";
import { secretHash } from "./secrets";

export const SESSION_COOKIE = "cairn_session";
export const API_KEY_PREFIX = "cairn_";

/** Who is calling. Resolved once per request from its credentials (resolvePrincipal). */
export type Principal =
  /** Single-user mode: the owner of every project. */
  | { kind: "local" }
  | { kind: "user"; userId: string; email: string }
  | { kind: "apiKey"; keyId: string; projectId: string; role: ApiKeyRole }
  /** No credentials, or ones that do not hold (`problem` says which). */
  | { kind: "anonymous"; problem?: string };

/** A header value's percent-decoding; the text as it is when it is not valid percent-encoding ("100%"). */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function cookieValue(headers: Headers, name: string): string | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return safeDecode(part.slice(at + 1).trim());
  }
  return null;
}

/**
 * `Authorization: Bearer cairn_…` (an API key) or the session cookie (a signed-in browser).
 * In single-user mode credentials are not looked at: every call is the local owner.
 */
export async function resolvePrincipal(db: Db, headers: Headers, mode: AuthMode): Promise<Principal> {
  if (mode === "local") return { kind: "local" };
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) return { kind: "anonymous", problem: "the Authorization header must be 'Bearer <API key>'" };
    const [key] = await rows<{ id: string; project_id: string; role: ApiKeyRole; stale: boolean }>(
      db,
      sql`SELECT id, project_id, role, (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
          FROM api_keys WHERE token_hash = ${secretHash(match[1])} AND revoked_at IS NULL`,
    );
    // "Last used" to the minute: one write a minute per key, not one per request.
    if (key?.stale) await db.execute(sql`UPDATE api_keys SET last_used_at = now() WHERE id = ${key.id}`);
    if (!key) return { kind: "anonymous", problem: "the API key is not valid (unknown or revoked)" };
    return { kind: "apiKey", keyId: key.id, projectId: key.project_id, role: key.role };
  }
  const token = cookieValue(headers, SESSION_COOKIE);
  if (token) {
    const [user] = await rows<{ id: string; email: string }>(
      db,
      sql`SELECT u.id, u.email FROM user_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = ${secretHash(token)} AND s.expires_at > now()`,
    );
    if (!user) return { kind: "anonymous", problem: "the session has expired: sign in again" };
    return { kind: "user", userId: user.id, email: user.email };
  }
  return { kind: "anonymous" };
}
