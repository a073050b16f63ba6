// `npm run bench [-- --n 100000] [--only upsert,runs] [--driver pglite|postgres|both]`
// Each section runs on a fresh database per driver (PostgreSQL from DATABASE_URL, default
// postgres://root@127.0.0.1:5432/test, in a database of its own; PGlite in a temporary folder).
import { parseArgs } from "node:util";
import type { Database, Driver } from "@/db";
import { openBenchDatabase } from "./database";
import { benchRuns } from "./runs";
import { benchUi } from "./ui";
import { benchUpsert } from "./upsert";

export interface BenchOptions {
  n: number;
  log: (line: string) => void;
}

/** What a section answers: a ready table (text) or rows for console.table. */
export type BenchOutput = string | Record<string, string | number>[] | void;

export interface BenchSection {
  name: string;
  run(database: Database, options: BenchOptions): Promise<BenchOutput>;
}

// The registry: add a section here.
const sections: BenchSection[] = [
  { name: "upsert", run: benchUpsert },
  { name: "runs", run: benchRuns },
  { name: "ui", run: benchUi },
];

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "100000" },
    only: { type: "string" },
    driver: { type: "string", default: "both" },
  },
});

const n = Number(values.n);
if (!Number.isInteger(n) || n < 100) throw new Error(`--n must be an integer >= 100, got ${values.n}`);
const only = values.only?.split(",").map((s) => s.trim());
const unknown = only?.filter((name) => !sections.some((s) => s.name === name)) ?? [];
if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${sections.map((s) => s.name).join(", ")}`);
const drivers: Driver[] =
  values.driver === "both" ? ["postgres", "pglite"] : values.driver === "pglite" || values.driver === "postgres" ? [values.driver] : [];
if (drivers.length === 0) throw new Error(`--driver must be pglite, postgres or both, got ${values.driver}`);

for (const section of sections.filter((s) => !only || only.includes(s.name))) {
  for (const driver of drivers) {
    const database = await openBenchDatabase(driver);
    console.log(`\n== ${section.name} · ${database.label} · n = ${n.toLocaleString("en-US")}`);
    const started = performance.now();
    try {
      const output = await section.run(database, { n, log: (line) => console.log(`  ${line}`) });
      if (typeof output === "string") console.log(output);
      else if (Array.isArray(output)) console.table(output);
    } finally {
      await database.destroy();
    }
    console.log(`(${section.name} on ${driver}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}
