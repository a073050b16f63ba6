import { eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { rows, type Db } from "@/db";
import { projectMembers, projects, users, userSessions } from "@/db/schema";
import type { AuthMode, AuthStatus, CredentialsInput, User } from "@/lib/contracts";
import { conflict } from "../errors";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./passwords";
import type { Principal } from "./principals";
import { newSecret, secretHash } from "./secrets";
import { checkSignInAllowed, clearSignInFailures, recordSignInFailure } from "./sign-in-limit";

export const SESSION_DAYS = 30;

export async function authStatus(db: Db, mode: AuthMode, principal: Principal): Promise<AuthStatus> {
  const user = principal.kind === "user" ? { id: principal.userId, email: principal.email } : null;
  if (mode === "local" || user) return { mode, user, setupNeeded: false };
  const [any] = await db.select({ id: users.id }).from(users).limit(1);
  return { mode, user, setupNeeded: !any };
}

/** A new account (email unique). Inside a transaction of the caller's. */
export async function createUser(tx: Db, email: string, password: string): Promise<User> {
  const [created] = await tx
    .insert(users)
    .values({ email, passwordHash: await hashPassword(password) })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email });
  if (!created) throw conflict(`an account with the email '${email}' already exists`);
  return created;
}

/**
 * The first account of an empty database: it becomes the owner of every project there is.
 * CONFLICT once any account exists (further accounts are added by owners, as members).
 */
export async function setupFirstAccount(db: Db, input: CredentialsInput): Promise<User> {
  return db.transaction(async (tx) => {
    // Two first sign-ups at once: the second waits here, then finds the first's account.
    await tx.execute(sql`LOCK TABLE users IN EXCLUSIVE MODE`);
    const [any] = await tx.select({ id: users.id }).from(users).limit(1);
    if (any) throw conflict("this Cairn already has accounts: ask a project owner to add you");
    const user = await createUser(tx, input.email, input.password);
    const all = await tx.select({ id: projects.id }).from(projects);
    if (all.length) await tx.insert(projectMembers).values(all.map((p) => ({ projectId: p.id, userId: user.id, role: "owner" as const })));
    return user;
  });
}

/** Checks the password (rate-limited) and opens a session; answers the user and the cookie's token. */
export async function signIn(db: Db, input: CredentialsInput, client: string | null): Promise<{ user: User; token: string; expires: Date }> {
  checkSignInAllowed(input.email, client);
  const [found] = await db.select().from(users).where(eq(users.email, input.email));
  const ok = await verifyPassword(input.password, found?.passwordHash ?? (await dummyPasswordHash()));
  if (!found || !ok) {
    recordSignInFailure(input.email, client);
    throw new TRPCError({ code: "UNAUTHORIZED", message: "the email or the password is not right" });
  }
  clearSignInFailures(input.email);
  return { user: { id: found.id, email: found.email }, ...(await openSession(db, found.id)) };
}

export async function openSession(db: Db, userId: string): Promise<{ token: string; expires: Date }> {
  const token = newSecret();
  const expires = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await db.insert(userSessions).values({ tokenHash: secretHash(token), userId, expiresAt: expires });
  // Expired sessions of anyone go when someone signs in: no sweeper needed.
  await db.execute(sql`DELETE FROM user_sessions WHERE expires_at < now()`);
  return { token, expires };
}

export async function closeSession(db: Db, token: string): Promise<void> {
  await rows(db, sql`DELETE FROM user_sessions WHERE token_hash = ${secretHash(token)}`);
}
