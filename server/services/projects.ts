import { asc, eq, inArray, or, sql } from "drizzle-orm";
import { DEFAULT_PROJECT, type Db } from "@/db";
import { projectMembers, projects } from "@/db/schema";
import { isUuid, type Deleted, type Project } from "@/lib/contracts";
import { conflict, notFound } from "../errors";

export async function resolveProject(db: Db, ref: string | null): Promise<Project> {
  const key = ref ?? DEFAULT_PROJECT;
  // A uuid is an id first: a project named like another's id must not shadow it.
  const where = isUuid(key) ? or(eq(projects.id, key), eq(projects.name, key)) : eq(projects.name, key);
  const [project] = await db
    .select()
    .from(projects)
    .where(where)
    .orderBy(sql`${projects.id}::text = ${key.toLowerCase()} DESC`)
    .limit(1);
  if (!project) throw notFound("project", key);
  return project;
}

/** Every project, or only those with these ids (the ones a caller has a role in). */
export async function listProjects(db: Db, only?: { userId?: string; projectId?: string }): Promise<Project[]> {
  const query = db.select().from(projects);
  if (only?.projectId !== undefined) return query.where(eq(projects.id, only.projectId));
  if (only?.userId !== undefined) {
    const member = db.select({ id: projectMembers.projectId }).from(projectMembers).where(eq(projectMembers.userId, only.userId));
    return query.where(inArray(projects.id, member)).orderBy(asc(projects.name));
  }
  return query.orderBy(asc(projects.name));
}

export async function getProject(db: Db, ref: { id?: string; name?: string }): Promise<Project> {
  const key = (ref.id ?? ref.name)!;
  if (ref.id !== undefined && !isUuid(ref.id)) throw notFound("project", key);
  const [project] = await db
    .select()
    .from(projects)
    .where(ref.id !== undefined ? eq(projects.id, ref.id) : eq(projects.name, ref.name!));
  if (!project) throw notFound("project", key);
  return project;
}

/** A new project; `ownerId`, the account that created it, becomes its owner. */
export async function createProject(db: Db, name: string, ownerId?: string): Promise<Project> {
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(projects).values({ name }).onConflictDoNothing().returning();
    if (!created) throw conflict(`project '${name}' already exists`);
    if (ownerId) await tx.insert(projectMembers).values({ projectId: created.id, userId: ownerId, role: "owner" });
    return created;
  });
}

export async function renameProject(db: Db, id: string, name: string): Promise<Project> {
  await getProject(db, { id });
  const [taken] = await db.select({ id: projects.id }).from(projects).where(eq(projects.name, name));
  if (taken && taken.id !== id) throw conflict(`project '${name}' already exists`);
  const [updated] = await db.update(projects).set({ name, updatedAt: new Date() }).where(eq(projects.id, id)).returning();
  return updated;
}

export async function deleteProject(db: Db, id: string): Promise<Deleted> {
  if (!isUuid(id)) throw notFound("project", id);
  const [deleted] = await db.delete(projects).where(eq(projects.id, id)).returning({ id: projects.id });
  if (!deleted) throw notFound("project", id);
  return { id: deleted.id, deleted: true };
}
