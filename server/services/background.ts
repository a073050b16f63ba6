import type { Db } from "@/db";

/** Per database: the tail of the queue, and the keys queued but not started yet. */
interface Queue {
  tail: Promise<void>;
  waiting: Set<string>;
}
const queues = new WeakMap<Db, Queue>();

/**
 * Housekeeping after a committed write, on PostgreSQL: runs `task` in the background, after the
 * tasks queued before it, one at a time per database. Requests answer without waiting for it, and
 * on a small host (the database on the same two cores, say) background work then takes at most
 * one core from them instead of one per task. A task is not queued twice under one key while it
 * waits: the one queued reads its state when it starts (a running one can be followed by one more).
 * Errors are the task's own to handle; a rejection is ignored.
 */
export function queueBackground(db: Db, key: string, task: () => Promise<void>): void {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { tail: Promise.resolve(), waiting: new Set() }));
  if (queue.waiting.has(key)) return;
  const { waiting } = queue;
  waiting.add(key);
  queue.tail = queue.tail.then(async () => {
    waiting.delete(key);
    await task().catch(() => undefined);
  });
}

/** Resolves once the queue is empty, tasks queued meanwhile included (for tests). */
export async function backgroundSettled(db: Db): Promise<void> {
  for (let tail = queues.get(db)?.tail; tail; ) {
    await tail;
    const next = queues.get(db)?.tail;
    if (next === tail) return;
    tail = next;
  }
}
