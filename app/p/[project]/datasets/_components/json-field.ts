/** Reads a JSON-object textarea: blank -> the fallback, otherwise an object or a message saying why not. */
export function parseJsonObject(text: string, fallback: Record<string, unknown> | undefined): { value?: Record<string, unknown>; error?: string } {
  if (text.trim() === "") return { value: fallback };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: `must be a JSON object like {"key": "value"}, not ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}` };
  }
  return { value: value as Record<string, unknown> };
}

/** The first zod issue of `field`, phrased with its label. */
export function issueFor(error: { issues: { path: PropertyKey[]; message: string }[] }, field: string, label: string): string | undefined {
  const issue = error.issues.find((i) => i.path[0] === field);
  return issue ? `${label} ${issue.message}` : undefined;
}
