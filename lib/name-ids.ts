/** Names at most `max` ids in an error message (JSON-quoted), and says how many more there are. */
export function nameIds(ids: readonly string[], max = 20): string {
  const shown = ids.slice(0, max).map((id) => JSON.stringify(id));
  return ids.length > max ? `${shown.join(", ")} and ${ids.length - max} more` : shown.join(", ");
}
