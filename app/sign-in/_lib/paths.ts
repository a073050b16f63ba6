import type { AuthStatus } from "@/lib/contracts";

export const SIGN_IN_HREF = "/sign-in";

/**
 * Where to go after signing in: `next` when it is a path on this site, else "/". "//host" and
 * "/\host" are refused (browsers read both as another host), and so is anything the URL parser
 * would move off this origin (tabs and newlines are dropped before parsing).
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  const base = "http://cairn.invalid";
  try {
    const url = new URL(next, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}

export function signInHref(next?: string): string {
  return next && next !== "/" ? `${SIGN_IN_HREF}?next=${encodeURIComponent(next)}` : SIGN_IN_HREF;
}

/** Sign-in is required here and nobody is signed in: app pages send the visitor to /sign-in. */
export function mustSignIn(auth: AuthStatus): boolean {
  return auth.mode === "required" && auth.user === null;
}
