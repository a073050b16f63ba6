import { and, asc, eq, sql } from "drizzle-orm";
import { rows, type Db } from "@/db";
import { projectMembers, users } from "@/db/schema";
import type { Deleted, Member, MemberRole, Project } from "@/lib/contracts";
import { badRequest, conflict, notFound } from "../errors";
import { createUser } from "./accounts";

const memberColumns = { userId: users.id, email: users.email, role: projectMembers.role, createdAt: projectMembers.createdAt };

export async function listMembers(db: Db, project: Project): Promise<Member[]> {
  return db
    .select(memberColumns)
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, project.id))
    .orderBy(asc(users.email));
}

async function getMember(db: Db, project: Project, userId: string): Promise<Member> {
  const [member] = await db
    .select(memberColumns)
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, project.id), sql`${projectMembers.userId}::text = ${userId}`));
  if (!member) throw notFound("member", userId);
  return member;
}

/** Adds an account to the project; with a password, creates the account when there is none. */
export async function addMember(db: Db, project: Project, input: { email: string; role: MemberRole; password?: string }): Promise<Member> {
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    let userId = found?.id;
    if (!userId) {
      if (input.password === undefined) throw notFound("account", input.email);
      userId = (await createUser(tx, input.email, input.password)).id;
    }
    const [added] = await tx.insert(projectMembers).values({ projectId: project.id, userId, role: input.role }).onConflictDoNothing().returning();
    if (!added) throw conflict(`'${input.email}' is already a member of project '${project.name}'`);
    return getMember(tx, project, userId);
  });
}

/**
 * A project keeps at least one owner: the last one cannot be demoted or removed. The owners' rows
 * are locked, so two owners demoting each other at once cannot both pass: the second waits, then
 * sees the first's change.
 */
async function keepAnOwner(tx: Db, project: Project, userId: string): Promise<void> {
  const owners = await rows<{ user_id: string }>(
    tx,
    sql`SELECT user_id::text FROM project_members WHERE project_id = ${project.id} AND role = 'owner' FOR UPDATE`,
  );
  if (!owners.some((owner) => owner.user_id !== userId)) throw badRequest(`project '${project.name}' needs an owner: make someone else owner first`);
}

export async function updateMember(db: Db, project: Project, userId: string, role: MemberRole): Promise<Member> {
  return db.transaction(async (tx) => {
    const member = await getMember(tx, project, userId);
    if (member.role === "owner" && role !== "owner") await keepAnOwner(tx, project, userId);
    await tx.update(projectMembers).set({ role }).where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, member.userId)));
    return { ...member, role };
  });
}

export async function removeMember(db: Db, project: Project, userId: string): Promise<Deleted> {
  return db.transaction(async (tx) => {
    const member = await getMember(tx, project, userId);
    if (member.role === "owner") await keepAnOwner(tx, project, userId);
    await tx.delete(projectMembers).where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, member.userId)));
    return { id: member.userId, deleted: true };
  });
}
