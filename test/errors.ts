import { TRPCError } from "@trpc/server";

/** The TRPCError a call fails with; fails the test if the call succeeds or throws something else. */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** The `details` a service put on an error (badRequest's second argument, carried as its cause). */
export function detailsOf(error: { cause?: unknown }): unknown {
  return (error.cause as { details?: unknown } | undefined)?.details;
}
