// Source ids in errors: finding the ones given twice, and naming them.

/**
 * The ids given more than once, each once, in the order of their first repeat. An open-addressing
 * table of indexes, keyed by an FNV-1a hash of each id's code units: for 100k ids a third to a
 * half of the time of a Set (which a sync client pays before every sync, no-ops included).
 */
export function duplicateIds(ids: readonly string[]): string[] {
  let size = 1024;
  while (size < 2 * ids.length) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  const duplicates = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    let hash = 0x811c9dc5;
    for (let k = 0; k < id.length; k++) hash = Math.imul(hash ^ id.charCodeAt(k), 0x01000193);
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const j = slots[slot];
      if (j === -1) {
        slots[slot] = i;
        break;
      }
      if (ids[j] === id) {
        duplicates.add(id);
        break;
      }
    }
  }
  return [...duplicates];
}

/** Names at most `max` ids in an error message (JSON-quoted), and says how many more there are. */
export function nameIds(ids: readonly string[], max = 20): string {
  const shown = ids.slice(0, max).map((id) => JSON.stringify(id));
  return ids.length > max ? `${shown.join(", ")} and ${ids.length - max} more` : shown.join(", ");
}
