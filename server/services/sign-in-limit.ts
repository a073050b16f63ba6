import { TRPCError } from "@trpc/server";

// Failed sign-ins are counted per account and per client address in a sliding window, in this
// process's memory: enough to stop guessing through one server; a restart forgets them. The
// client's address is known only behind a trusted proxy (null otherwise: one shared "client"
// would let anyone lock everyone out).
const WINDOW_MS = 15 * 60 * 1000;
const PER_ACCOUNT = 10;
const PER_CLIENT = 50;

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const kept = (failures.get(key) ?? []).filter((at) => at > now - WINDOW_MS);
  if (kept.length) failures.set(key, kept);
  else failures.delete(key);
  return kept;
}

/** TOO_MANY_REQUESTS (429) while this account or client has failed too often lately. */
export function checkSignInAllowed(email: string, client: string | null, now = Date.now()): void {
  const account = recent(`account:${email}`, now);
  const address = client === null ? [] : recent(`client:${client}`, now);
  const blocked = account.length >= PER_ACCOUNT ? account : address.length >= PER_CLIENT ? address : null;
  if (blocked) {
    const minutes = Math.max(1, Math.ceil((blocked[0] + WINDOW_MS - now) / 60_000));
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? "" : "s"}` });
  }
}

export function recordSignInFailure(email: string, client: string | null, now = Date.now()): void {
  const keys = client === null ? [`account:${email}`] : [`account:${email}`, `client:${client}`];
  for (const key of keys) failures.set(key, [...recent(key, now), now]);
}

/** A successful sign-in clears the account's failures (not the client's). */
export function clearSignInFailures(email: string): void {
  failures.delete(`account:${email}`);
}
