import { and, eq } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { DEFAULT_PROJECT, type Db } from "@/db";
import { projectMembers } from "@/db/schema";
import type { MemberRole, Project } from "@/lib/contracts";
import { notFound } from "../errors";
import type { Principal } from "./principals";
import { getProject, resolveProject } from "./projects";

/** Anyone but the anonymous caller; UNAUTHORIZED (401) otherwise, saying what to do. */
export function requireSignedIn(principal: Principal): Exclude<Principal, { kind: "anonymous" }> {
  if (principal.kind !== "anonymous") return principal;
  throw new TRPCError({
    code: "UNAUTHORIZED",
    message: principal.problem ?? "sign in, or send a project API key as 'Authorization: Bearer <key>'",
  });
}

/** The caller's role in a project, or null when it has none (it then cannot see the project). */
export async function roleIn(db: Db, principal: Principal, projectId: string): Promise<MemberRole | null> {
  switch (principal.kind) {
    case "local":
      return "owner";
    case "apiKey":
      return principal.projectId === projectId ? principal.role : null;
    case "user": {
      const [member] = await db
        .select({ role: projectMembers.role })
        .from(projectMembers)
        .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, principal.userId)));
      return member?.role ?? null;
    }
    default:
      return null;
  }
}

export interface ProjectAccess {
  project: Project;
  role: MemberRole;
}

/**
 * The one check every project-scoped call goes through: the project named by `ref` (absent: an
 * API key's own project, else `default`), the caller's role in it, and whether it may write.
 * A project the caller has no role in is NOT_FOUND, like one that does not exist.
 */
export async function projectAccess(db: Db, principal: Principal, ref: string | null, write: boolean): Promise<ProjectAccess> {
  const caller = requireSignedIn(principal);
  // PostgreSQL cannot even compare a text with U+0000: no project has such a name.
  if (ref?.includes("\u0000")) throw notFound("project", ref);
  const project =
    ref === null && caller.kind === "apiKey" ? await getProject(db, { id: caller.projectId }) : await resolveProject(db, ref);
  const role = await roleIn(db, caller, project.id);
  if (!role) throw notFound("project", ref ?? DEFAULT_PROJECT);
  if (write && role === "viewer") {
    throw new TRPCError({ code: "FORBIDDEN", message: `viewers cannot write in project '${project.name}'` });
  }
  return { project, role };
}

/** Members, keys and projects are managed by people signed in, never by an API key. */
export function forbidApiKey(principal: Principal): void {
  if (principal.kind === "apiKey") throw new TRPCError({ code: "FORBIDDEN", message: "API keys cannot manage members, keys or projects" });
}

/** Members and API keys are managed by the project's owners, signed in (never by an API key). */
export function requireOwner(principal: Principal, access: ProjectAccess): void {
  forbidApiKey(principal);
  if (access.role !== "owner") {
    throw new TRPCError({ code: "FORBIDDEN", message: `only owners of project '${access.project.name}' can do this` });
  }
}
