import { seeded } from "./stats";

/**
 * How fast this machine's memory answers right now: a copy of 256 MB (bandwidth) and 2M reads at
 * random places in it (latency). On this VM both slow down for tens of seconds at a time while
 * plain arithmetic keeps its speed (other tenants' memory traffic, presumably); the client's
 * hashing, which walks 100 MB of examples, then slows up to 2x (~100 -> ~190 ms of canonical JSON
 * per 100k examples). Printed beside the bench's steps, so a slow step can be told from a slow machine.
 */
export function memoryProbe(): { copyMs: number; readsMs: number } {
  const { from, to, places } = (buffers ??= allocate());
  let start = performance.now();
  from.copy(to);
  const copyMs = performance.now() - start;
  start = performance.now();
  let sum = 0;
  for (let i = 0; i < places.length; i++) sum += from[places[i]];
  const readsMs = performance.now() - start;
  if (sum < 0) throw new Error("unreachable"); // keeps the reads from being optimized away
  return { copyMs, readsMs };
}

export function describeProbe({ copyMs, readsMs }: { copyMs: number; readsMs: number }): string {
  return `memory: 256 MB copied in ${copyMs.toFixed(0)} ms, 2M random reads in ${readsMs.toFixed(0)} ms`;
}

const SIZE = 256 << 20;
let buffers: { from: Buffer; to: Buffer; places: Int32Array } | undefined;

function allocate() {
  const random = seeded(11);
  const places = new Int32Array(2 << 20);
  for (let i = 0; i < places.length; i++) places[i] = Math.floor(random() * SIZE);
  // Filled, so that every page is there before the first probe.
  return { from: Buffer.alloc(SIZE, 1), to: Buffer.alloc(SIZE, 2), places };
}
