/** The values that occur more than once, each once, in the order of their second occurrence. */
export function duplicatesOf(values: Iterable<string>): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const value of values) (seen.has(value) ? duplicates : seen).add(value);
  return [...duplicates];
}
