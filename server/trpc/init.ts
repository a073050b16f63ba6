import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
// ZodRealError: the ZodError that is an Error (a plain `new ZodError` is not, and tRPC would drop it as a cause).
import { ZodError, ZodRealError } from "zod";
import { BadInputDetails, fromDatabaseError } from "../errors";
import { inputProblem, pathText } from "../input-limits";
import { projectAccess, requireOwner, requireSignedIn } from "../services/access";
import type { Context } from "./context";

const isProduction = process.env.NODE_ENV === "production";

export interface ZodIssueSummary {
  path: string;
  message: string;
}

function zodIssues(error: ZodError): ZodIssueSummary[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const issues = error.cause instanceof ZodError ? zodIssues(error.cause) : undefined;
    const details = error.cause instanceof BadInputDetails ? error.cause.details : undefined;
    let message = shape.message;
    if (issues) message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    if (error.code === "INTERNAL_SERVER_ERROR" && isProduction) message = "Internal server error";
    return {
      ...shape,
      message,
      data: { ...shape.data, stack: isProduction ? undefined : shape.data.stack, zodIssues: issues, details },
    };
  },
});

export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Database errors that are the caller's fault become CONFLICT / BAD_REQUEST, not 500. */
const mapDatabaseErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    const mapped = fromDatabaseError(result.error.cause ?? result.error);
    if (mapped) return { ...result, error: mapped } as typeof result;
  }
  return result;
});

/**
 * Input the storage cannot take (U+0000, nesting deeper than MAX_NESTING) is BAD_REQUEST naming
 * where, like a schema error, before the schema or a service sees it. It runs after the access
 * checks, so a caller without access learns nothing from it.
 */
const checkInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = inputProblem(await getRawInput());
  if (problem) {
    const { path, sourceId } = problem;
    const message = sourceId === undefined ? problem.message : `example ${JSON.stringify(sourceId)}: ${problem.message}`;
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: path.length ? `${pathText(path)}: ${message}` : message,
      cause: new ZodRealError([{ code: "custom", path, message, input: undefined }]),
    });
  }
  return next();
});

const base = t.procedure.use(mapDatabaseErrors);
const signedIn = base.use(({ ctx, next }) => next({ ctx: { ...ctx, principal: requireSignedIn(ctx.principal) } }));
const inProject = signedIn.use(async ({ ctx, next, type }) => {
  const access = await projectAccess(ctx.database.db, ctx.principal, ctx.projectRef, type === "mutation");
  return next({ ctx: { ...ctx, db: ctx.database.db, project: access.project, access } });
});

/** No credentials needed: sign-in itself, and what the sign-in page must know. */
export const publicProcedure = base.use(checkInput);

/** Any signed-in caller (an account, an API key, or the local user); 401 otherwise. */
export const signedInProcedure = signedIn.use(checkInput);

/**
 * Every call that acts in a project: the project is resolved here, once, from the header, and
 * the caller's role in it checked (services/access.ts): no role -> NOT_FOUND, a viewer calling a
 * mutation -> FORBIDDEN. Routers never check access themselves.
 */
export const projectProcedure = inProject.use(checkInput);

/** Managing the project itself (members, API keys): its owners, signed in. */
export const ownerProcedure = inProject
  .use(({ ctx, next }) => {
    requireOwner(ctx.principal, ctx.access);
    return next();
  })
  .use(checkInput);

export { TRPCError };
