import type { z } from "zod";

/** The first issue of a failed contract parse, phrased for a form ("Name must not be empty"). */
export function firstIssue(error: z.ZodError, label: string): string {
  const issue = error.issues[0];
  return issue ? `${label} ${issue.message}` : `${label} is not valid`;
}
