import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Driver } from "@/db";
import { createClient, runExperiment, type CairnClient } from "@/sdk";
import { buildDir, freePort, hasBuild, startNextServer, type NextServer } from "@/test/next-server";
import { createBenchPostgres } from "./database";
import { percentile, seeded } from "./stats";

/**
 * The production server under load over HTTP on loopback: `next start` from the build, on a
 * fresh database (PGlite in a temporary folder, or a PostgreSQL database of its own, dropped
 * afterwards). Seeded with two datasets of 2,000 examples and two runs, then `clients`
 * concurrent clients loop for `durationS` seconds over a weighted mix of the reads the pages
 * make (tRPC over HTTP, one over REST) and small upserts through the SDK (20 examples in a
 * dataset of each client's own, 3 changed each time: begin, manifest, payload, commit).
 * Reports per kind requests, req/s, p50/p95/p99 and errors (any non-2xx or failed request);
 * target: zero errors.
 */
export interface LoadOptions {
  clients: number;
  durationS: number;
  log: (line: string) => void;
}

const SEED_EXAMPLES = 2_000;
const UPSERT_EXAMPLES = 20;
const UPSERT_CHANGED = 3;
/** Every request gives up after this long (then counts as an error). */
const REQUEST_TIMEOUT_MS = 60_000;

interface Seeded {
  datasetIds: string[];
  runIds: [string, string];
}

interface Kind {
  name: string;
  weight: number;
  run(client: CairnClient, state: ClientState): Promise<void>;
}

interface ClientState {
  index: number;
  random: () => number;
  seeded: Seeded;
  /** This client's own dataset's examples, as last upserted. */
  examples: { id: string; input: { question: string }; output: { answer: string } }[];
  upserts: number;
}

const pick = <T>(items: readonly T[], random: () => number) => items[Math.floor(random() * items.length)];

const KINDS: Kind[] = [
  { name: "datasets.list", weight: 15, run: async (client) => void (await client.datasets.list({ limit: 50 })) },
  {
    name: "examples page (latest)",
    weight: 25,
    run: async (client, { seeded: s, random }) => void (await client.examples.list({ datasetId: pick(s.datasetIds, random), limit: 50 })),
  },
  {
    name: "versions list (REST)",
    weight: 15,
    run: async (client, { seeded: s, random }) => {
      const answer = await client.fetch(`${client.baseUrl}/api/v1/datasets/${pick(s.datasetIds, random)}/versions`, {
        headers: client.headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await answer.text();
      if (!answer.ok) throw new Error(`HTTP ${answer.status}: ${text.slice(0, 200)}`);
    },
  },
  {
    name: "runs list",
    weight: 10,
    run: async (client, { seeded: s }) => void (await client.runs.list({ datasetId: s.datasetIds[0], includeDatapointIds: false, limit: 50 })),
  },
  { name: "compare page", weight: 15, run: async (client, { seeded: s }) => void (await client.compare.runs({ runIds: s.runIds, limit: 50 })) },
  {
    name: "upsert (20 examples)",
    weight: 20,
    run: async (client, state) => {
      state.upserts++;
      for (let changed = 0; changed < UPSERT_CHANGED; changed++) {
        const at = Math.floor(state.random() * state.examples.length);
        state.examples[at] = { ...state.examples[at], output: { answer: `revision ${state.upserts}.${changed}` } };
      }
      const result = await client.datasets.upsertDataset({ dataset: { datasetName: `load-client-${state.index}` }, examples: state.examples });
      if (result.attempts !== 1) throw new Error(`upsert needed ${result.attempts} attempts`);
    },
  },
];

export async function benchLoad(driver: Driver, options: LoadOptions): Promise<string | void> {
  const { log } = options;
  if (!hasBuild()) {
    log(`skipped: no production build in ${buildDir()}; run \`npm run build\` first (or set NEXT_DIST_DIR)`);
    return;
  }
  let dataDir: string | undefined;
  let postgresDb: Awaited<ReturnType<typeof createBenchPostgres>> | undefined;
  let server: NextServer | undefined;
  try {
    let env: Record<string, string | undefined>;
    let label: string;
    if (driver === "pglite") {
      dataDir = mkdtempSync(path.join(tmpdir(), "cairn-load-"));
      env = { CAIRN_DATA_DIR: dataDir, DATABASE_URL: "", CAIRN_AUTH: undefined };
      label = "PGlite (on disk)";
    } else {
      postgresDb = await createBenchPostgres();
      // Loopback only, a throwaway database: single-user mode, as with the embedded database.
      env = { DATABASE_URL: postgresDb.url, CAIRN_AUTH: "local" };
      label = postgresDb.label;
    }
    server = await startNextServer({ port: await freePort(), env: { ...env, PORT: undefined } });
    log(`next start on ${server.url} (${label}), build ${path.relative(process.cwd(), buildDir()) || "."}`);

    const seedStarted = performance.now();
    const seededData = await seed(clientFor(server.url));
    log(`seeded 2 datasets of ${SEED_EXAMPLES} examples and 2 runs in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const result = await drive(server.url, seededData, options);
    return report(result, options);
  } finally {
    await server?.stop("SIGTERM");
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await postgresDb?.drop();
  }
}

/** An SDK client whose every request is bounded in time. */
function clientFor(baseUrl: string): CairnClient {
  return createClient({
    baseUrl,
    project: "default",
    fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  });
}

async function seed(client: CairnClient): Promise<Seeded> {
  const random = seeded(23);
  const datasetIds: string[] = [];
  for (const name of ["load-support", "load-search"]) {
    const examples = Array.from({ length: SEED_EXAMPLES }, (_, i) => ({
      id: `${name}-${i}`,
      input: { question: `question ${i} about ${name}: ${"context ".repeat(20 + Math.floor(random() * 20))}` },
      output: { answer: `answer ${i}` },
      metadata: { topic: `topic-${i % 17}` },
    }));
    datasetIds.push((await client.datasets.upsertDataset({ dataset: { datasetName: name }, examples })).datasetId);
  }
  const runIds: string[] = [];
  for (const [experimentName, skill] of [
    ["load-baseline", 0.6],
    ["load-candidate", 0.7],
  ] as const) {
    const { run } = await runExperiment({
      client,
      experimentName,
      dataset: { datasetId: datasetIds[0] },
      task: (example) => ({ answer: random() < skill ? example.output.answer : "wrong" }),
      evaluators: {
        correct: ({ output, expected }) => (output as { answer: string }).answer === expected.answer,
        quality: () => Math.round(random() * 100) / 100,
      },
      concurrency: 20,
      batchSize: 500,
    });
    runIds.push(run.id);
  }
  return { datasetIds, runIds: [runIds[0], runIds[1]] };
}

interface Sample {
  kind: string;
  ms: number;
  error?: string;
}

interface Outcome {
  samples: Sample[];
  elapsedMs: number;
  http: { requests: number; failed: number };
}

async function drive(baseUrl: string, seededData: Seeded, options: LoadOptions): Promise<Outcome> {
  const http = { requests: 0, failed: 0 };
  // Every HTTP request of the load, counted; a non-2xx answer or no answer is a failure.
  const counting: typeof fetch = async (input, init) => {
    http.requests++;
    try {
      const answer = await fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      if (!answer.ok) http.failed++;
      return answer;
    } catch (error) {
      http.failed++;
      throw error;
    }
  };
  const totalWeight = KINDS.reduce((sum, kind) => sum + kind.weight, 0);
  const choose = (random: () => number) => {
    let at = random() * totalWeight;
    for (const kind of KINDS) if ((at -= kind.weight) < 0) return kind;
    return KINDS[KINDS.length - 1];
  };

  const clients = Array.from({ length: options.clients }, (_, index): { client: CairnClient; state: ClientState } => ({
    client: createClient({ baseUrl, project: "default", fetch: counting }),
    state: {
      index,
      random: seeded(1_000 + index),
      seeded: seededData,
      upserts: 0,
      examples: Array.from({ length: UPSERT_EXAMPLES }, (_, i) => ({
        id: `c${index}-${i}`,
        input: { question: `client ${index} question ${i}` },
        output: { answer: "first" },
      })),
    },
  }));

  // Warm-up, not measured: every kind once (the first calls load each route's code), sequentially.
  for (const kind of KINDS) await kind.run(clients[0].client, clients[0].state);
  http.requests = 0;
  http.failed = 0;

  const samples: Sample[] = [];
  const durationMs = options.durationS * 1000;
  // Bounded in time and in count (at most 1,000 operations a second per client).
  const maxPerClient = Math.ceil(options.durationS * 1000);
  options.log(`${options.clients} clients for ${options.durationS} s…`);
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    clients.map(async ({ client, state }) => {
      for (let done = 0; done < maxPerClient && performance.now() < end; done++) {
        const kind = choose(state.random);
        const at = performance.now();
        try {
          await kind.run(client, state);
          samples.push({ kind: kind.name, ms: performance.now() - at });
        } catch (error) {
          samples.push({ kind: kind.name, ms: performance.now() - at, error: error instanceof Error ? error.message : String(error) });
        }
      }
    }),
  );
  return { samples, elapsedMs: performance.now() - started, http };
}

function report({ samples, elapsedMs, http }: Outcome, options: LoadOptions): string {
  const seconds = elapsedMs / 1000;
  const ms = (value: number) => (Number.isNaN(value) ? "-" : `${value.toFixed(1)} ms`);
  const row = (name: string, group: Sample[]) => {
    const times = group.map((sample) => sample.ms);
    return [
      name,
      String(group.length),
      (group.length / seconds).toFixed(1),
      ms(percentile(times, 50)),
      ms(percentile(times, 95)),
      ms(percentile(times, 99)),
      String(group.filter((sample) => sample.error !== undefined).length),
    ];
  };
  const table = [
    ["kind", "requests", "req/s", "p50", "p95", "p99", "errors"],
    ...KINDS.map((kind) => row(kind.name, samples.filter((sample) => sample.kind === kind.name))),
    row("all operations", samples),
    ["HTTP requests (an upsert is 4)", String(http.requests), (http.requests / seconds).toFixed(1), "", "", "", String(http.failed)],
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
  const lines = table.map((cells) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
  lines.splice(1, 0, widths.map((width) => "-".repeat(width)).join("  "));

  const failures = samples.filter((sample) => sample.error !== undefined);
  const met = failures.length === 0 && http.failed === 0;
  lines.push(
    "",
    `${options.clients} clients, ${seconds.toFixed(1)} s; zero-error target: ${met ? "met" : `MISSED (${failures.length} failed operations, ${http.failed} failed HTTP requests)`}`,
  );
  const distinct = [...new Set(failures.map((sample) => `${sample.kind}: ${sample.error}`))];
  for (const message of distinct.slice(0, 10)) lines.push(`  error: ${message.slice(0, 300)}`);
  if (distinct.length > 10) lines.push(`  … and ${distinct.length - 10} more distinct errors`);
  return lines.join("\n");
}
