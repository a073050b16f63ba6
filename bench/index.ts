// `npm run bench [-- --n 100000] [--only upsert,runs,ui,load] [--driver pglite|postgres|both]
//   [--clients 50] [--duration 30]`
// Each section runs on a fresh database per driver (PostgreSQL from DATABASE_URL, default
// postgres://root@127.0.0.1:5432/test, in a database of its own; PGlite in a temporary folder).
// `load` runs the production server (`next start`, needs `npm run build`) on such a database
// and loads it over loopback HTTP with `--clients` clients for `--duration` seconds.
import { parseArgs } from "node:util";
import type { Database, Driver } from "@/db";
import { openBenchDatabase } from "./database";
import { benchLoad, type LoadOptions } from "./load";
import { benchRuns } from "./runs";
import { benchUi } from "./ui";
import { benchUpsert } from "./upsert";

export interface BenchOptions {
  n: number;
  log: (line: string) => void;
}

/** What a section answers: a ready table (text) or rows for console.table. */
export type BenchOutput = string | Record<string, string | number>[] | void;

export type BenchSection =
  | { name: string; run(database: Database, options: BenchOptions): Promise<BenchOutput> }
  /** Runs the HTTP server itself, on a fresh database of the driver that it makes. */
  | { name: string; server: true; run(driver: Driver, options: LoadOptions): Promise<BenchOutput> };

// The registry: add a section here.
const sections: BenchSection[] = [
  { name: "upsert", run: benchUpsert },
  { name: "runs", run: benchRuns },
  { name: "ui", run: benchUi },
  { name: "load", server: true, run: benchLoad },
];

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "100000" },
    only: { type: "string" },
    driver: { type: "string", default: "both" },
    clients: { type: "string", default: "50" },
    duration: { type: "string", default: "30" },
  },
});

const n = Number(values.n);
if (!Number.isInteger(n) || n < 100) throw new Error(`--n must be an integer >= 100, got ${values.n}`);
const clients = Number(values.clients);
if (!Number.isInteger(clients) || clients < 1 || clients > 500) throw new Error(`--clients must be an integer from 1 to 500, got ${values.clients}`);
const durationS = Number(values.duration);
if (!Number.isFinite(durationS) || durationS < 1 || durationS > 600) throw new Error(`--duration must be seconds from 1 to 600, got ${values.duration}`);
const only = values.only?.split(",").map((s) => s.trim());
const unknown = only?.filter((name) => !sections.some((s) => s.name === name)) ?? [];
if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${sections.map((s) => s.name).join(", ")}`);
const drivers: Driver[] =
  values.driver === "both" ? ["postgres", "pglite"] : values.driver === "pglite" || values.driver === "postgres" ? [values.driver] : [];
if (drivers.length === 0) throw new Error(`--driver must be pglite, postgres or both, got ${values.driver}`);

for (const section of sections.filter((s) => !only || only.includes(s.name))) {
  for (const driver of drivers) {
    const started = performance.now();
    const log = (line: string) => console.log(`  ${line}`);
    let output: BenchOutput;
    if ("server" in section) {
      console.log(`\n== ${section.name} · ${driver} · ${clients} clients · ${durationS} s`);
      output = await section.run(driver, { clients, durationS, log });
    } else {
      const database = await openBenchDatabase(driver);
      console.log(`\n== ${section.name} · ${database.label} · n = ${n.toLocaleString("en-US")}`);
      try {
        output = await section.run(database, { n, log });
      } finally {
        await database.destroy();
      }
    }
    if (typeof output === "string") console.log(output);
    else if (Array.isArray(output)) console.table(output);
    console.log(`(${section.name} on ${driver}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}
