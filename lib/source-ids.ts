// Source ids in errors: finding the ones given twice, and naming them.

/** The ids given more than once, each once, in the order of their first repeat. */
export function duplicateIds(ids: Iterable<string>): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) (seen.has(id) ? duplicates : seen).add(id);
  return [...duplicates];
}

/** Names at most `max` ids in an error message (JSON-quoted), and says how many more there are. */
export function nameIds(ids: readonly string[], max = 20): string {
  const shown = ids.slice(0, max).map((id) => JSON.stringify(id));
  return ids.length > max ? `${shown.join(", ")} and ${ids.length - max} more` : shown.join(", ");
}
