import { createHash, randomBytes } from "node:crypto";

/** A random secret (256 bits), optionally prefixed: `cairn_…` for API keys. */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** What is stored of a secret: its sha-256 (hex). Secrets are random, so no salt or KDF is needed. */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
