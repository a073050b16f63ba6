import { z } from "zod";
import { authStatusSchema, credentialsInput, userSchema } from "@/lib/contracts";
import { badRequest } from "../errors";
import { authStatus, closeSession, openSession, setupFirstAccount, signIn } from "../services/accounts";
import { cookieValue, SESSION_COOKIE } from "../services/principals";
import { clearedSessionCookie, sessionCookie } from "../services/session-cookie";
import { createRouter, publicProcedure } from "../trpc/init";
import type { Context } from "../trpc/context";

/** Where a session cookie can work: sign-in is required here, and the browser will keep the cookie. */
function requireSignInPossible(ctx: Context): void {
  if (ctx.authMode === "local") throw badRequest("Cairn runs in single-user mode here: there is nothing to sign in to");
  if (ctx.transport === "http") {
    throw badRequest(
      "sign-in needs https here: the session cookie is Secure, and browsers drop it over plain http. Serve Cairn over https (a proxy sending X-Forwarded-Proto: https), or open it on localhost",
    );
  }
}

const secure = (ctx: Context) => ctx.transport !== "loopback";

// Public by nature: these are how a caller gets credentials.
export const authRouter = createRouter({
  status: publicProcedure.output(authStatusSchema).query(({ ctx }) => authStatus(ctx.database.db, ctx.authMode, ctx.principal)),
  /** The first account of an empty database (it becomes the owner of every project), signed in. */
  setup: publicProcedure
    .input(credentialsInput)
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      requireSignInPossible(ctx);
      const user = await setupFirstAccount(ctx.database.db, input);
      const session = await openSession(ctx.database.db, user.id);
      ctx.resHeaders.append("set-cookie", sessionCookie(session.token, session.expires, secure(ctx)));
      return user;
    }),
  signIn: publicProcedure
    .input(credentialsInput)
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      requireSignInPossible(ctx);
      const { user, token, expires } = await signIn(ctx.database.db, input, ctx.clientKey);
      ctx.resHeaders.append("set-cookie", sessionCookie(token, expires, secure(ctx)));
      return user;
    }),
  signOut: publicProcedure.output(z.object({ signedOut: z.literal(true) })).mutation(async ({ ctx }) => {
    const token = cookieValue(ctx.requestHeaders, SESSION_COOKIE);
    if (token) await closeSession(ctx.database.db, token);
    ctx.resHeaders.append("set-cookie", clearedSessionCookie(secure(ctx)));
    return { signedOut: true as const };
  }),
});
