// The `cairn` command line: dataset upserts from JSONL, exports, and listings, over the SDK.
// Exit status: 0 success, 1 server or input error, 2 usage error.
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createClient, type CairnClient } from "./client";
import { CairnError } from "./errors";
import type { UpsertProgress, UpsertResult } from "./upsert";

export const USAGE = `Usage: cairn <command> [options]

Commands:
  upsert FILE.jsonl --dataset NAME   Sync a JSONL file into a dataset (created if missing):
                                     one new version with what changed, or none
      --source-id-key KEY            record key holding the source id (default: id)
      --mode mirror|merge            mirror: the dataset becomes the file (default);
                                     merge: add and update only
      --input-keys A,B               keys read into input (default: the record's "input"
      --output-keys A,B              object, or every other key); keys read into output
      --metadata-keys A,B            and metadata
      --message TEXT                 the new version's message
  export --dataset NAME [--version N]
                                     write a version (default: the latest) as JSONL to stdout
  datasets                           list the project's datasets
  versions --dataset NAME            list a dataset's versions, newest first
  runs [--dataset NAME]              list runs, newest first

Options:
  --url URL          the Cairn server (env CAIRN_URL, default http://127.0.0.1:3000)
  --project NAME     project name or id (env CAIRN_PROJECT, default "default")
  --json             machine-readable output: one JSON line per result or item
  -h, --help         show this help

The API key, if the server wants one, is read from env CAIRN_API_KEY.
Exit status: 0 success, 1 server or input error, 2 usage error.
`;

const OPTIONS = {
  url: { type: "string" },
  project: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  dataset: { type: "string" },
  version: { type: "string" },
  "source-id-key": { type: "string" },
  mode: { type: "string" },
  "input-keys": { type: "string" },
  "output-keys": { type: "string" },
  "metadata-keys": { type: "string" },
  message: { type: "string" },
} as const;
type OptionName = keyof typeof OPTIONS;
type Values = { [K in OptionName]?: (typeof OPTIONS)[K]["type"] extends "string" ? string : boolean };

const GLOBAL: OptionName[] = ["url", "project", "json", "help"];
const COMMANDS: Record<string, { options: OptionName[]; positionals: number }> = {
  upsert: { options: ["dataset", "source-id-key", "mode", "input-keys", "output-keys", "metadata-keys", "message"], positionals: 1 },
  export: { options: ["dataset", "version"], positionals: 0 },
  datasets: { options: [], positionals: 0 },
  versions: { options: ["dataset"], positionals: 0 },
  runs: { options: ["dataset"], positionals: 0 },
};

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

class UsageError extends Error {}

function usage(problem: string): never {
  throw new UsageError(problem);
}

function required(values: Values, name: "dataset", command: string): string {
  const value = values[name]?.trim();
  if (!value) usage(`${command} needs --${name} NAME`);
  return value;
}

function keyList(values: Values, name: "input-keys" | "output-keys" | "metadata-keys"): string[] | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const keys = raw
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean);
  if (keys.length === 0) usage(`--${name} needs at least one key (comma-separated)`);
  return keys;
}

const number = new Intl.NumberFormat("en-US");

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A one-line progress bar on stderr, redrawn at most ~10 times a second; only on a terminal. */
function progressBar(io: CliIO) {
  if (!io.stderr.isTTY) return { update: (_: UpsertProgress) => {}, clear: () => {} };
  let last = 0;
  let drawn = false;
  return {
    update(p: UpsertProgress) {
      const now = Date.now();
      const final = p.total > 0 && p.done >= p.total;
      if (now - last < 100 && !final) return;
      last = now;
      const width = 28;
      const retry = p.attempt > 0 ? ` (retry ${p.attempt})` : "";
      let line: string;
      if (p.total > 0) {
        const filled = Math.round((Math.min(p.done, p.total) / p.total) * width);
        line = `${p.phase.padEnd(10)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${number.format(p.done)}/${number.format(p.total)}${retry}`;
      } else {
        line = `${p.phase.padEnd(10)} ${number.format(p.done)}${retry}`;
      }
      io.stderr.write(`\r\x1b[2K${line.slice(0, (io.stderr.columns ?? 80) - 1)}`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr.write("\r\x1b[2K");
      drawn = false;
    },
  };
}

async function datasetIdOf(client: CairnClient, name: string): Promise<string> {
  return (await client.datasets.get({ datasetName: name })).id;
}

/** Every page of a keyset-paged list. */
async function* all<T>(page: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncGenerator<T> {
  let cursor: string | null = null;
  do {
    const result: { items: T[]; nextCursor: string | null } = await page(cursor);
    yield* result.items;
    cursor = result.nextCursor;
  } while (cursor);
}

function table(io: CliIO, header: string[], rowsOf: string[][]) {
  if (rowsOf.length === 0) return;
  const widths = header.map((h, i) => Math.max(h.length, ...rowsOf.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
  io.stdout.write([line(header), ...rowsOf.map(line)].join("\n") + "\n");
}

const date = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 19) : "");

async function list<T>(io: CliIO, json: boolean, items: AsyncGenerator<T>, header: string[], row: (item: T) => string[], empty: string) {
  const collected: string[][] = [];
  for await (const item of items) {
    if (json) io.stdout.write(JSON.stringify(item) + "\n");
    else collected.push(row(item));
  }
  if (!json) {
    if (collected.length === 0) io.stderr.write(`${empty}\n`);
    table(io, header, collected);
  }
}

function describeUpsert(name: string, result: UpsertResult): string {
  const s = result.summary;
  const sent = `${formatBytes(result.bytesSent)} sent${result.attempts > 1 ? `, ${result.attempts} attempts` : ""}`;
  if (result.noop) return `${name}: no changes, version ${result.versionNumber} is current (${number.format(result.examples)} examples, ${sent})`;
  return (
    `${name}: version ${result.versionNumber}: ${number.format(s.added)} added, ${number.format(s.updated)} updated, ` +
    `${number.format(s.deleted)} deleted, ${number.format(s.unchanged)} unchanged (${sent})`
  );
}

async function run(command: string, positionals: string[], values: Values, io: CliIO): Promise<void> {
  const client = createClient({ baseUrl: values.url, project: values.project });
  const json = values.json ?? false;

  switch (command) {
    case "upsert": {
      const file = positionals[0];
      const dataset = required(values, "dataset", "upsert");
      const mode = values.mode ?? "mirror";
      if (mode !== "mirror" && mode !== "merge") usage(`--mode must be mirror or merge, not '${mode}'`);
      const bar = progressBar(io);
      try {
        const result = await client.datasets.upsertJsonlFile(file, {
          dataset: { datasetName: dataset },
          sourceIdKey: values["source-id-key"],
          inputKeys: keyList(values, "input-keys"),
          outputKeys: keyList(values, "output-keys"),
          metadataKeys: keyList(values, "metadata-keys"),
          mode,
          message: values.message,
          onProgress: bar.update,
        });
        bar.clear();
        io.stdout.write(json ? `${JSON.stringify({ dataset, ...result })}\n` : `${describeUpsert(dataset, result)}\n`);
      } finally {
        bar.clear();
      }
      return;
    }
    case "export": {
      const dataset = required(values, "dataset", "export");
      let version: number | undefined;
      if (values.version !== undefined) {
        if (!/^[1-9]\d{0,8}$/.test(values.version)) usage(`--version must be a version number, not '${values.version}'`);
        version = Number(values.version);
      }
      const exported = await client.datasets.export({ datasetName: dataset, version });
      try {
        await pipeline(Readable.fromWeb(exported.body as import("node:stream/web").ReadableStream<Uint8Array>), io.stdout, { end: false });
      } catch (error) {
        // The reader went away (`cairn export ... | head`): not an error of ours.
        if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
      }
      return;
    }
    case "datasets":
      return list(
        io,
        json,
        all((cursor) => client.datasets.list({ cursor, limit: 200 })),
        ["NAME", "VERSION", "EXAMPLES", "RUNS", "LAST CHANGE", "ID"],
        (d) => [d.name, d.latestVersion === null ? "-" : `v${d.latestVersion}`, number.format(d.exampleCount), String(d.runCount), date(d.lastChangeAt), d.id],
        "no datasets",
      );
    case "versions": {
      const datasetId = await datasetIdOf(client, required(values, "dataset", "versions"));
      return list(
        io,
        json,
        all((cursor) => client.versions.list({ datasetId, cursor, limit: 200 })),
        ["VERSION", "ADDED", "UPDATED", "DELETED", "UNCHANGED", "EXAMPLES", "CREATED", "MESSAGE"],
        (v) => [
          `v${v.number}`,
          String(v.summary.added),
          String(v.summary.updated),
          String(v.summary.deleted),
          String(v.summary.unchanged),
          number.format(v.exampleCount),
          date(v.createdAt),
          v.message,
        ],
        "no versions",
      );
    }
    case "runs": {
      const datasetId = values.dataset === undefined ? undefined : await datasetIdOf(client, required(values, "dataset", "runs"));
      return list(
        io,
        json,
        all((cursor) => client.runs.list({ datasetId, cursor, limit: 200, includeDatapointIds: false })),
        ["NAME", "STATUS", "DATASET", "DATAPOINTS", "CREATED", "ID"],
        (r) => [
          r.name,
          r.status,
          r.datasetName ? `${r.datasetName}@v${r.datasetVersionNumber}` : (r.externalDatasetId ?? "-"),
          number.format(r.datapointCount),
          date(r.createdAt),
          r.id,
        ],
        "no runs",
      );
    }
  }
}

/** Runs the CLI; resolves to the exit status. */
export async function main(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }) as typeof parsed;
    } catch (error) {
      usage((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (command === undefined) usage("no command given");
    const spec = COMMANDS[command];
    if (!spec) usage(`unknown command '${command}'`);
    const allowed = new Set([...GLOBAL, ...spec.options]);
    for (const name of Object.keys(values)) {
      if (!allowed.has(name as OptionName)) usage(`${command} does not take --${name}`);
    }
    if (rest.length !== spec.positionals) {
      usage(spec.positionals === 0 ? `unexpected argument '${rest[0]}'` : rest.length === 0 ? `${command} needs a FILE` : `unexpected argument '${rest[1]}'`);
    }
    await run(command, rest, values, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`cairn: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof CairnError) {
      const code = error.httpStatus === null ? "" : ` (${error.code}, HTTP ${error.httpStatus})`;
      io.stderr.write(`cairn: ${error.message}${code}\n`);
      return 1;
    }
    io.stderr.write(`cairn: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2));
}
