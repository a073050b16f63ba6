import { z } from "zod";
import { idSchema, nameSchema } from "./common";

export const MEMBER_ROLES = ["owner", "member", "viewer"] as const;
/** owner: everything, members and keys included; member: reads and writes; viewer: reads only. */
export const memberRoleSchema = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const API_KEY_ROLES = ["member", "viewer"] as const;
export const apiKeyRoleSchema = z.enum(API_KEY_ROLES);
export type ApiKeyRole = z.infer<typeof apiKeyRoleSchema>;

/** "local": single-user mode (embedded database on loopback), no sign-in; "required": accounts and keys. */
export const AUTH_MODES = ["local", "required"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, "must be at most 320 characters")
  .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address");
export const passwordSchema = z.string().min(8, "must be at least 8 characters").max(200, "must be at most 200 characters");

export const credentialsInput = z.strictObject({ email: emailSchema, password: passwordSchema });
export type CredentialsInput = z.infer<typeof credentialsInput>;

export const userSchema = z.object({ id: z.string(), email: z.string() });
export type User = z.infer<typeof userSchema>;

export const authStatusSchema = z.object({
  mode: z.enum(AUTH_MODES),
  /** The signed-in account; null in single-user mode, for API keys and when signed out. */
  user: userSchema.nullable(),
  /** Sign-in is required and no account exists yet: the first one becomes the owner. */
  setupNeeded: z.boolean(),
});
export type AuthStatus = z.infer<typeof authStatusSchema>;

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  role: memberRoleSchema,
  createdAt: z.date(),
});
export type Member = z.infer<typeof memberSchema>;

export const memberAddInput = z.strictObject({
  email: emailSchema,
  role: memberRoleSchema.default("member"),
  /** Creates the account when no account has this email (the owner hands the password over). */
  password: passwordSchema.optional(),
});
export const memberUpdateInput = z.strictObject({ userId: idSchema, role: memberRoleSchema });
export const memberRemoveInput = z.strictObject({ userId: idSchema });

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the secret, to recognise the key. */
  prefix: z.string(),
  role: apiKeyRoleSchema,
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyCreateInput = z.strictObject({ name: nameSchema, role: apiKeyRoleSchema.default("member") });
/** The created key with its secret: shown once, never stored (only its sha-256 is). */
export const apiKeyCreatedSchema = apiKeySchema.extend({ secret: z.string() });
export const apiKeyRevokeInput = z.strictObject({ id: idSchema });
