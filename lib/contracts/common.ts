import { z } from "zod";

/** A display name: trimmed, 1–200 characters. */
export const nameSchema = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
export const descriptionSchema = z.string().max(10_000);
/** Any id as the client sends it; services answer NOT_FOUND for ids that do not exist. */
export const idSchema = z.string().trim().min(1).max(200);
/**
 * A JSON object (its values are checked where they are hashed or stored). As an object with any
 * keys: parsing a record checks each key against a schema, ~0.7 µs per payload example.
 */
export const jsonObjectSchema = z.object({}).catchall(z.unknown());

/**
 * tRPC's infinite queries (`useInfiniteQuery` in the browser) send `direction` with the cursor;
 * pages only go forward, so "forward" is accepted and anything else is a clear BAD_REQUEST.
 */
export const pageDirectionSchema = z.literal("forward").optional();

export const pageInputShape = {
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
  direction: pageDirectionSchema,
};

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });
export type Deleted = z.infer<typeof deletedSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
