import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db";
import { contentHashes } from "@/lib/hash";
import { syncDataset, utf8Length, type SyncExample, type SyncPhase, type SyncResult, type SyncTransport } from "@/lib/sync";
import { backgroundSettled } from "@/server/services/background";
import { createCaller } from "@/server/trpc/caller";
import { describeProbe, memoryProbe } from "./memory-probe";
import { percentile, seeded } from "./stats";

/**
 * The sync protocol at scale, through the tRPC caller (in process: no HTTP, but every input and
 * output schema is checked as in production; bytes are the JSON request bodies). Three rounds, each
 * on a dataset of its own: the floor (a bare batched INSERT of the same rows into a plain table),
 * (a) the first import of n examples of ~1 KB, (b) no-op re-syncs (the median of five), (c) a
 * re-sync with 1% changed, 0.5% added, 0.5% removed (the median of three, each with changes of its
 * own, from (a)'s content). Each ratio is the median of the rounds' ratios. Then, on the first
 * dataset: (d) the naive alternative to (c), the whole snapshot uploaded as a new version (same
 * endpoints with the diff switched off: every payload sent, every example revised); (e) one page
 * of 50 examples at the latest and at the first of 20 versions, p50/p95.
 * A step's time is until its sync returns; what it queued in the background (PostgreSQL) runs
 * before the next step starts, and is logged apart.
 */
export async function benchUpsert(database: Database, options: { n: number; log: (line: string) => void }): Promise<string> {
  const { n, log } = options;
  const { db } = database;
  const transport: SyncTransport = createCaller(database).datasets;
  const random = seeded(7);
  const original = Array.from({ length: n }, (_, i) => generateExample(`ex-${i}`, i, random));
  const dataBytes = original.reduce((sum, e) => sum + utf8Length(JSON.stringify(e)), 0);
  log(`generated ${n} examples, ${(dataBytes / n).toFixed(0)} bytes each on average (${mb(dataBytes)})`);

  log(await hashingTimes(original));

  // Warm both paths (JIT, plan caches, file extension) on a small dataset first.
  await floorInsert(db, original.slice(0, 2_000), "bench_floor_warmup");
  await syncDataset({ transport, dataset: { datasetName: "warmup" }, examples: original.slice(0, 2_000) });

  const timed = async (label: string, examples: SyncExample[], extra: Partial<Parameters<typeof syncDataset>[0]> = {}) => {
    const phases: Partial<Record<SyncPhase, number>> = {};
    const start = performance.now();
    const result = await syncDataset({
      transport,
      dataset: { datasetName: "bench" },
      examples,
      onProgress: (p) => void (phases[p.phase] ??= performance.now() - start),
      ...extra,
    });
    const ms = performance.now() - start;
    // What the sync left to the background (PostgreSQL: cache fills, statistics) runs before the
    // next step starts, so that no step is timed against the one before it; it is reported apart.
    const settling = performance.now();
    await backgroundSettled(db);
    const background = performance.now() - settling;
    const split = (["hashing", "planning", "uploading", "committing"] as const).map((phase, i, all) => {
      const from = phases[phase] ?? ms;
      const to = all.slice(i + 1).map((p) => phases[p]).find((t) => t !== undefined) ?? ms;
      return `${phase} ${s(to - from)}`;
    });
    log(`${label}: ${s(ms)}, ${mb(result.bytesSent)} sent, v${result.versionNumber}${result.noop ? " (no-op)" : ""}, ${JSON.stringify(result.summary)} [${split.join(", ")}]${background >= 5 ? `, then ${s(background)} of background work` : ""}`);
    return { ms, result };
  };

  // This VM's speed drifts within a minute: one floor swung from 2.0 to 3.6 s on PGlite, single
  // imports from 5.5 to 8.4 s within an hour, and the client's hashing (memory-bound: it walks
  // 100 MB of examples) up to 2x for tens of seconds at a time (bench/memory-probe.ts). So the
  // ratios are taken between steps timed next to each other, three times over: each round times a
  // floor, a first import into a dataset of its own right after it, then no-op re-syncs (b) and
  // re-syncs with changes (c) of that dataset. (a)'s ratio is the median of the rounds' import /
  // floor, (b)'s and (c)'s the medians of their rounds' time / import. Each bulk write starts after
  // a CHECKPOINT, so that none writes back another's pages. (d) and (e) go on the first dataset.
  const changedFrom = (k: string) => {
    // Changes of their own (revised answers, new examples that no earlier step stored).
    const set = original
      .filter((_, i) => i % 200 !== 2)
      .map((e, i) => (i % 100 === 1 ? { ...e, output: { ...e.output, answer: `${String(e.output?.answer)} (revised ${k})` } } : e));
    for (let i = 0; i < n / 200; i++) set.push(generateExample(`new-${k}-${i}`, n + i, random));
    return set;
  };
  const rounds: Round[] = [];
  // The first dataset's content after its last (c): where (d) and (e) go on from.
  let firstDatasetContent = original;
  for (let k = 1; k <= ROUNDS; k++) {
    const datasetName = k === 1 ? "bench" : `bench-${k}`;
    const probe = memoryProbe();
    log(`round ${k} of ${ROUNDS} (dataset ${datasetName}), ${describeProbe(probe)}`);
    await db.execute(sql`CHECKPOINT`);
    const floor = await floorInsert(db, original, `bench_floor_${k}`);
    log(`floor: ${s(floor.ms)} for ${mb(floor.bytes)}`);
    await db.execute(sql`CHECKPOINT`);
    const dataset = { dataset: { datasetName } };
    const imported = await timed("(a) first import", original, dataset);
    // A no-op changes nothing, so it is timed more than once a round.
    const noops = [];
    for (let i = 1; i <= NOOP_RUNS; i++) noops.push(await timed(`(b) no-op re-sync (${i} of ${NOOP_RUNS})`, original, dataset));
    // (c) from (a)'s content each time, with changes of its own: an untimed sync puts it back between.
    const partials = [];
    let changed = original;
    for (let i = 1; i <= PARTIAL_RUNS; i++) {
      if (i > 1) {
        await syncDataset({ transport, ...dataset, examples: original });
        await backgroundSettled(db);
      }
      changed = changedFrom(`${k}.${i}`);
      partials.push(await timed(`(c) 1% changed, 0.5% added, 0.5% removed (${i} of ${PARTIAL_RUNS})`, changed, dataset));
    }
    rounds.push({ probe, floor, imported, noop: medianRun(noops), partial: medianRun(partials) });
    if (k === 1) firstDatasetContent = changed;
  }
  const [first] = rounds;
  const changed = firstDatasetContent;
  const naive = await naiveSnapshot(database, transport, changed, timed);

  // (e): small changes until the dataset has 20 versions, then pages of 50 at v20 and at v1.
  let version = naive.result.versionNumber;
  for (let round = 0; version < 20; round++) {
    const edits = changed.slice(round * 100, round * 100 + 100).map((e) => ({ ...e, metadata: { ...e.metadata, round } }));
    version = (await syncDataset({ transport, dataset: { datasetName: "bench" }, examples: edits, mode: "merge" })).versionNumber;
  }
  const datasetId = first.imported.result.datasetId;
  const latestPage = await pageTimes(database, datasetId, version, random);
  const firstPage = await pageTimes(database, datasetId, 1, random);

  const median = (of: (round: Round) => number) => percentile(rounds.map(of), 50);
  const floor = { ms: median((r) => r.floor.ms), bytes: first.floor.bytes };
  const imported = median((r) => r.imported.ms);
  const importRatio = median((r) => r.imported.ms / r.floor.ms);
  const noop = { ms: median((r) => r.noop.ms), ratio: median((r) => r.noop.ms / r.imported.ms), bytes: first.noop.result.bytesSent };
  const partial = { ms: median((r) => r.partial.ms), ratio: median((r) => r.partial.ms / r.imported.ms), bytes: first.partial.result.bytesSent };
  const importBytes = first.imported.result.bytesSent;
  const each = (of: (round: Round) => string) => rounds.map(of).join(", ");

  const percent = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  const table = [
    ["step", "time", "vs", "bytes sent", "vs", "target"],
    [`floor: bare batched INSERT (jsonb_to_recordset), median of ${ROUNDS}`, s(floor.ms), "", mb(floor.bytes), "", ""],
    [
      `(a) first import, median of ${ROUNDS} (each / its floor: ${each((r) => `${s(r.imported.ms)} / ${s(r.floor.ms)}`)})`,
      s(imported),
      `${importRatio.toFixed(2)}x floor`,
      mb(importBytes),
      "",
      `<= 3x floor: ${verdict(importRatio <= 3)}`,
    ],
    [
      `(b) no-op re-sync (each round's median of ${NOOP_RUNS}: ${each((r) => s(r.noop.ms))})`,
      s(noop.ms),
      `${percent(noop.ratio)} of (a)`,
      mb(noop.bytes),
      `${percent(noop.bytes / importBytes)} of (a)`,
      `< 5% time, < 10% bytes: ${verdict(noop.ratio < 0.05 && noop.bytes < 0.1 * importBytes)}`,
    ],
    [
      `(c) re-sync 1% changed, 0.5% added, 0.5% removed (each round's median of ${PARTIAL_RUNS}: ${each((r) => s(r.partial.ms))})`,
      s(partial.ms),
      `${percent(partial.ratio)} of (a)`,
      mb(partial.bytes),
      `${percent(partial.bytes / importBytes)} of (a)`,
      `< 15% time: ${verdict(partial.ratio < 0.15)}`,
    ],
    [
      "(d) naive: whole snapshot as a new version",
      s(naive.ms),
      `${(naive.ms / partial.ms).toFixed(1)}x (c)`,
      mb(naive.bytes),
      `${(naive.bytes / partial.bytes).toFixed(1)}x (c)`,
      "",
    ],
    [`(e) page of 50 at the latest (v${version}), p50 / p95`, `${ms(latestPage.p50)} / ${ms(latestPage.p95)}`, "", "", "", ""],
    ["(e) page of 50 at v1 of 20, p50 / p95", `${ms(firstPage.p50)} / ${ms(firstPage.p95)}`, "", "", "", ""],
    [`memory, each round (256 MB copy / 2M random reads): ${each((r) => `${r.probe.copyMs.toFixed(0)} / ${r.probe.readsMs.toFixed(0)} ms`)}`, "", "", "", "", ""],
  ];
  return formatTable(table);
}

/**
 * The client's hashing alone (contentHashes, no server, no entry digests), median of 5: of the examples as they are,
 * and with a newline and a quoted word in each one's context, as text data often has (strings
 * that canonical JSON must escape take other paths: see lib/hash.ts writeQuoted).
 */
async function hashingTimes(examples: SyncExample[]): Promise<string> {
  const escaped = examples.map((e) => {
    const input = e.input as { question: string; context: string };
    return { ...e, input: { ...input, context: input.context.replace(/ (\w+) (\w+) (\w+) /, ' $1\n"$2" $3 ') } };
  });
  const median = async (set: SyncExample[]) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      // In batches of 8,192, started one event-loop turn apart, as syncDataset hashes.
      const batches: Promise<string[]>[] = [];
      for (let at = 0; at < set.length; at += 8_192) {
        batches.push(contentHashes(set.slice(at, at + 8_192)));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(batches);
      times.push(performance.now() - started);
    }
    return percentile(times, 50);
  };
  return `client hashing (contentHashes), median of 5: ${ms(await median(examples))}; with a newline and a quoted word in each: ${ms(await median(escaped))}`;
}

/** The floor: the same rows, JSON-encoded in batches of 2,000, into a plain table without indexes. */
async function floorInsert(db: Database["db"], examples: SyncExample[], table: string) {
  await db.execute(sql.raw(`CREATE TABLE ${table} (source_id text, input jsonb, output jsonb, metadata jsonb)`));
  const start = performance.now();
  let bytes = 0;
  for (let i = 0; i < examples.length; i += 2_000) {
    const batch = JSON.stringify(examples.slice(i, i + 2_000));
    bytes += utf8Length(batch);
    await db.execute(
      sql`INSERT INTO ${sql.raw(table)} (source_id, input, output, metadata)
          SELECT "sourceId", input, output, metadata
          FROM jsonb_to_recordset(${batch}::jsonb) AS t("sourceId" text, input jsonb, output jsonb, metadata jsonb)`,
    );
  }
  const ms = performance.now() - start;
  await db.execute(sql.raw(`DROP TABLE ${table}`));
  return { ms, bytes };
}

/**
 * The naive path: the same endpoints, but the manifest step marks every entry as needed, so the
 * client uploads every payload and the commit writes a new revision for every example. Its bytes
 * are the payload uploads (a naive client has no manifest to send).
 */
async function naiveSnapshot(
  database: Database,
  transport: SyncTransport,
  examples: SyncExample[],
  timed: (label: string, examples: SyncExample[], extra: { transport: SyncTransport; buckets: boolean }) => Promise<{ ms: number; result: SyncResult }>,
) {
  let manifestBytes = 0;
  const everything: SyncTransport = {
    // Without the manifest's digest: the naive path never takes the no-op shortcut (nor any other).
    upsertBegin: ({ manifestDigest: _digest, bucketsDigest: _buckets, exampleCount: _count, manifestWithPayloads: _with, ...input }) =>
      transport.upsertBegin(input),
    upsertManifest: async (input) => {
      manifestBytes += utf8Length(JSON.stringify(input));
      await transport.upsertManifest(input);
      // Unchanged entries become needed ones (PATCH with the same content).
      await database.db.execute(
        sql`WITH moved AS (DELETE FROM upsert_unchanged WHERE session_id = ${input.sessionId} RETURNING source_ids)
            INSERT INTO upsert_entries (session_id, source_id, hash, example_id, new_example, kind)
            SELECT ${input.sessionId}, x.source_id, x.latest_hash, x.id, false, 'PATCH'
            FROM moved, unnest(moved.source_ids) AS listed(source_id)
            JOIN examples x ON x.dataset_id = (SELECT dataset_id FROM upsert_sessions WHERE id = ${input.sessionId}) AND x.source_id = listed.source_id`,
      );
      return { needed: input.entries.map(([sourceId]) => sourceId) };
    },
    upsertPayload: (input) => transport.upsertPayload(input),
    upsertCommit: (input) => transport.upsertCommit(input),
    upsertAbort: (input) => transport.upsertAbort(input),
  };
  // Without buckets either: the naive client lists every entry.
  const { ms, result } = await timed("(d) naive snapshot", examples, { transport: everything, buckets: false });
  return { ms, result, bytes: result.bytesSent - manifestBytes };
}

async function pageTimes(database: Database, datasetId: string, version: number, random: () => number) {
  const caller = createCaller(database);
  // The ordinals of the examples in the version: a cursor past the last of them is an empty page.
  const [range] = await rows<{ lo: string; hi: string }>(
    database.db,
    sql`SELECT min(x.ordinal)::text AS lo, max(x.ordinal)::text AS hi
        FROM examples x JOIN example_revisions r ON r.example_id = x.id
        WHERE x.dataset_id = ${datasetId} AND r.valid_from <= ${version} AND (r.valid_to IS NULL OR r.valid_to > ${version}) AND r.kind <> 'DELETE'`,
  );
  const lo = Number(range.lo);
  const span = Number(range.hi) - lo;
  const times: number[] = [];
  for (let i = 0; i < 203; i++) {
    // The first page, then pages at random positions (cursor = the ordinal before the page).
    const cursor = i % 10 === 0 ? null : String(lo - 1 + Math.floor(random() * Math.max(1, span - 50)));
    const start = performance.now();
    const page = await caller.examples.list({ datasetId, version, cursor, limit: 50 });
    const elapsed = performance.now() - start;
    if (page.items.length === 0) throw new Error("bench: empty page");
    if (i >= 3) times.push(elapsed); // the first calls warm caches and plans
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const WORDS = (
  "the of and to in is was for that on as with by at from his an were are which this be or has had not but " +
  "model answer question dataset evaluation context retrieval prompt token score metric label source version " +
  "river mountain city energy protein history market signal network garden winter orbit engine theory"
).split(" ");

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]);
  return out.join(" ");
}

/** About 1 KB of JSON: a question with context, an answer, a little metadata. */
export function generateExample(sourceId: string, i: number, random: () => number): SyncExample {
  return {
    sourceId,
    input: { question: `${sentence(random, 18)}?`, context: sentence(random, 85) },
    output: { answer: sentence(random, 35) },
    metadata: { source: "bench", index: i, split: i % 10 === 0 ? "test" : "train", tags: ["generated", `group-${i % 17}`] },
  };
}

/** Rounds of floor, first import, no-ops and a re-sync with changes; no-op re-syncs a round. */
const ROUNDS = 3;
const NOOP_RUNS = 5;
const PARTIAL_RUNS = 3;

/** A timed step, or the runs of one: their median time, and the first one's result. */
interface TimedRuns {
  ms: number;
  result: SyncResult;
}

function medianRun(runs: TimedRuns[]): TimedRuns {
  return { ms: percentile(runs.map((run) => run.ms), 50), result: runs[0].result };
}

interface Round {
  probe: { copyMs: number; readsMs: number };
  floor: { ms: number; bytes: number };
  imported: TimedRuns;
  noop: TimedRuns;
  partial: TimedRuns;
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function formatTable(table: string[][]): string {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  return [line(table[0]), widths.map((w) => "-".repeat(w)).join("  "), ...table.slice(1).map(line)].join("\n");
}
