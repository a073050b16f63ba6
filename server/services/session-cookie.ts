import { SESSION_COOKIE } from "./principals";

/** The session cookie: http-only, same-site lax, `Secure` except over plain http on loopback. */
export function sessionCookie(token: string, expires: Date, secure: boolean): string {
  return [`${SESSION_COOKIE}=${encodeURIComponent(token)}`, "Path=/", "HttpOnly", "SameSite=Lax", `Expires=${expires.toUTCString()}`, ...(secure ? ["Secure"] : [])].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}
