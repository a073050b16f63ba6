import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { apiKeys } from "@/db/schema";
import type { ApiKey, ApiKeyRole, Project } from "@/lib/contracts";
import { notFound } from "../errors";
import { API_KEY_PREFIX } from "./principals";
import { newSecret, secretHash } from "./secrets";

const PREFIX_CHARS = API_KEY_PREFIX.length + 6;

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** The project's keys, newest first, revoked ones included (they say when). */
export async function listApiKeys(db: Db, project: Project): Promise<ApiKey[]> {
  return db.select(keyColumns).from(apiKeys).where(eq(apiKeys.projectId, project.id)).orderBy(desc(apiKeys.createdAt));
}

/** A new key; its secret is in the answer and nowhere else (only its sha-256 is stored). */
export async function createApiKey(
  db: Db,
  project: Project,
  input: { name: string; role: ApiKeyRole },
  createdBy: string | null,
): Promise<ApiKey & { secret: string }> {
  const secret = newSecret(API_KEY_PREFIX);
  const [created] = await db
    .insert(apiKeys)
    .values({ projectId: project.id, name: input.name, role: input.role, prefix: secret.slice(0, PREFIX_CHARS), tokenHash: secretHash(secret), createdBy })
    .returning(keyColumns);
  return { ...created, secret };
}

/** Revokes a key of the project (at once: the next request with it is 401); revoking twice is a no-op. */
export async function revokeApiKey(db: Db, project: Project, id: string): Promise<ApiKey> {
  const where = and(eq(apiKeys.projectId, project.id), sql`${apiKeys.id}::text = ${id}`);
  await db.update(apiKeys).set({ revokedAt: sql`now()` }).where(and(where, isNull(apiKeys.revokedAt)));
  const [key] = await db.select(keyColumns).from(apiKeys).where(where);
  if (!key) throw notFound("API key", id);
  return key;
}
