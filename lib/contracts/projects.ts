import { z } from "zod";
import { idSchema, nameSchema } from "./common";

export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Project = z.infer<typeof projectSchema>;

export const projectCreateInput = z.strictObject({ name: nameSchema });
export const projectRefInput = z.strictObject({ id: idSchema.optional(), name: nameSchema.optional() }).refine(
  (v) => (v.id === undefined) !== (v.name === undefined),
  { message: "give exactly one of id or name" },
);
export const projectRenameInput = z.strictObject({ id: idSchema, name: nameSchema });
export const projectDeleteInput = z.strictObject({ id: idSchema });
