/**
 * Turning tRPC errors into words for the UI. The server already writes messages for people
 * ("project 'x' already exists", "name: must not be empty"); these helpers only pick them out.
 */
interface ZodIssueSummary {
  path: string;
  message: string;
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  zodIssues?: ZodIssueSummary[];
  details?: unknown;
}

export function errorData(error: unknown): ErrorData {
  const data = (error as { data?: unknown } | null)?.data;
  return data && typeof data === "object" ? (data as ErrorData) : {};
}

/** The tRPC code (NOT_FOUND, CONFLICT, BAD_REQUEST…) if the error came from the API. */
export function errorCode(error: unknown): string | undefined {
  return errorData(error).code;
}

/** The issue the server reported for one input field, phrased with the field's label. */
export function fieldError(error: unknown, field: string, label: string): string | undefined {
  const issue = errorData(error).zodIssues?.find((i) => i.path === field);
  return issue ? `${label} ${issue.message}` : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TypeError" && /fetch/i.test(error.message)) return "Cannot reach the Cairn server. Is it running?";
    return error.message || "Something went wrong";
  }
  return typeof error === "string" ? error : "Something went wrong";
}
