// Source ids in errors: finding the ones given twice, and naming them.

/**
 * FNV-1a of an id's UTF-8 bytes: where duplicateIds looks for it. Of bytes, not UTF-16 code units,
 * so that the SHA-256 worker computes it from the ids' bytes it is given (ID_HASH): a 100k-id
 * sync's caller thread no longer does (~4 ms).
 */
export function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) {
    const c = id.charCodeAt(k);
    if (c >= 0x80) return idHashOfBytes(utf8.encode(id));
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return hash;
}

const utf8 = new TextEncoder();

function idHashOfBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < bytes.length; k++) hash = Math.imul(hash ^ bytes[k], 0x01000193);
  return hash;
}

/** idHash of the UTF-8 id in bytes[from..to), as plain JavaScript text (the SHA-256 worker evaluates it). */
export const ID_HASH = `(bytes, from, to) => {
  let hash = 0x811c9dc5;
  for (let k = from; k < to; k++) hash = Math.imul(hash ^ bytes[k], 0x01000193);
  return hash;
}`;

/**
 * The ids given more than once, each once, in the order of their first repeat. An open-addressing
 * table of indexes, keyed by each id's idHash: for 100k ids a third to a half of the time of a
 * Set (which a sync client pays before every sync, no-ops included). `hashes`: the ids' idHash,
 * where they were computed with the content hashes (by the SHA-256 worker, from the ids' bytes):
 * their text is then not read again (for 100k ids, ~15 -> ~1.5 ms here).
 */
export function duplicateIds(ids: readonly string[], hashes?: ArrayLike<number>): string[] {
  let size = 1024;
  while (size < 2 * ids.length) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  const slotHashes = new Int32Array(size);
  const duplicates = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const hash = hashes ? hashes[i] | 0 : idHash(ids[i]);
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const j = slots[slot];
      if (j === -1) {
        slots[slot] = i;
        slotHashes[slot] = hash;
        break;
      }
      if (slotHashes[slot] === hash && ids[j] === ids[i]) {
        duplicates.add(ids[i]);
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
