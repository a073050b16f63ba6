import type { AnyProcedure } from "@trpc/server";
import { pageDirectionSchema } from "@/lib/contracts";
import { appRouter } from "../routers";
import { isProcedureOperation, type RestOperation } from "./operation";
import { contractKeys, objectShape, type Schema } from "./wire";

export interface OperationSchemas {
  /** The input object (camelCase contract), or null for an operation without input. */
  input: Schema | null;
  output: Schema;
  /** Every key the input names, to put messages written for the contract in wire names. */
  inputKeys: ReadonlySet<string>;
  /** Input fields that are not part of this operation's surface: its `hidden` and `fixed` ones, and tRPC-only ones. */
  hidden: readonly string[];
  /** Input fields filled from a path parameter of another name (`id` -> `run_id`), to name them as the caller does. */
  pathAliases: ReadonlyMap<string, string>;
}

const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure | undefined>;
const cache = new WeakMap<RestOperation, OperationSchemas>();

/** The operation's input and output schemas: its procedure's own (or, for a handler, its declared ones). */
export function operationSchemas(op: RestOperation): OperationSchemas {
  let found = cache.get(op);
  if (!found) {
    let input: Schema | null;
    let output: Schema;
    if (isProcedureOperation(op)) {
      const procedure = procedures[op.procedure];
      if (!procedure) throw new Error(`operation ${op.id}: no procedure '${op.procedure}'`);
      const def = procedure._def as unknown as { inputs: Schema[]; output?: Schema };
      if (def.inputs.length > 1) throw new Error(`operation ${op.id}: procedures with chained inputs are not supported`);
      if (!def.output) throw new Error(`operation ${op.id}: procedure '${op.procedure}' has no output schema`);
      input = def.inputs[0] ?? null;
      output = def.output;
    } else {
      input = op.input;
      output = op.output;
    }
    const pathAliases = new Map(Object.entries(op.pathFields ?? {}).map(([param, field]) => [field, param]));
    // `direction` of tRPC's infinite queries means nothing here: pages go forward by cursor.
    const trpcOnly = Object.entries((input && objectShape(input, "input")) ?? {})
      .filter(([, field]) => field === pageDirectionSchema)
      .map(([key]) => key);
    const hidden = [...new Set([...(op.hidden ?? []), ...Object.keys(op.fixed ?? {}), ...trpcOnly])];
    found = { input, output, inputKeys: input ? contractKeys(input, "input") : new Set(), hidden, pathAliases };
    cache.set(op, found);
  }
  return found;
}
