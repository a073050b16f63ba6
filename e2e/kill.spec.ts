import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "@playwright/test";
import { CairnError, createClient, type CairnClient } from "../sdk";
import { startNextServer, type NextServer } from "../test/next-server";

// Fault behaviour of the production server on its embedded database (PGlite files on disk): a
// server killed (SIGKILL) in the middle of an upsert, restarted on the same data folder, and
// clients that disconnect in the middle of a one-shot upload. This spec runs its own server
// (CAIRN_E2E_PORT + 2), since it kills it.

const port = Number(process.env.CAIRN_E2E_PORT ?? 3100) + 2;
const V1_COUNT = 3_000;
const LARGE_COUNT = 20_000;

let dataDir: string;
let server: NextServer | undefined;
let client: CairnClient;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-kill-"));
});
test.afterAll(async () => {
  await server?.stop("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<NextServer> {
  server = await startNextServer({
    port,
    env: { CAIRN_DATA_DIR: dataDir, DATABASE_URL: "", CAIRN_AUTH: undefined, PORT: undefined },
    readyTimeoutMs: 90_000,
  });
  client = createClient({ baseUrl: server.url, project: "default" });
  return server;
}

/** ~1 KB of text, different for every (id, round). */
const filler = (id: number, round: string) => `${round} example ${id}: ${"lorem ipsum dolor sit amet ".repeat(36)}`.slice(0, 1_000);
const v1Records = () =>
  Array.from({ length: V1_COUNT }, (_, i) => ({ id: `ex-${i}`, input: { text: filler(i, "v1") }, output: { answer: `a${i}` }, metadata: { round: 1 } }));
// Every v1 example changed, and the rest new.
const largeRecords = () =>
  Array.from({ length: LARGE_COUNT }, (_, i) => ({ id: `ex-${i}`, input: { text: filler(i, "large") }, output: { answer: `b${i}` }, metadata: { round: 2 } }));
const asExported = (records: { id: string; input: unknown; output: unknown; metadata: unknown }[]) =>
  records.map((r) => `${JSON.stringify({ id: r.id, input: r.input, output: r.output, metadata: r.metadata })}\n`).join("");

async function exportText(datasetId: string, version: number | "latest" = "latest"): Promise<string> {
  const answer = await fetch(`${server!.url}/api/datasets/${datasetId}/versions/${version}/export`);
  expect(answer.status).toBe(200);
  return answer.text();
}

async function versionNumbers(datasetId: string): Promise<number[]> {
  return (await client.versions.list({ datasetId })).items.map((v) => v.number);
}

/** Opens the data folder in this process (the server must be stopped) to look at what no API shows. */
async function withDataDir<T>(inspect: (db: PGlite) => Promise<T>): Promise<T> {
  const db = new PGlite(dataDir);
  try {
    await db.waitReady;
    return await inspect(db);
  } finally {
    await db.close();
  }
}

/** Rows of upsert sessions; `payloads`: contents stored by uploads that no revision uses (yet). */
async function stagedRows(db: PGlite) {
  const { rows } = await db.query<{ sessions: number; entries: number; payloads: number; unchanged: number }>(
    `SELECT (SELECT count(*) FROM upsert_sessions)::int AS sessions, (SELECT count(*) FROM upsert_entries)::int AS entries,
            (SELECT count(*) FROM example_contents c
             WHERE NOT EXISTS (SELECT 1 FROM example_revisions r WHERE r.dataset_id = c.dataset_id AND r.hash = c.hash))::int AS payloads,
            (SELECT count(*) FROM upsert_unchanged)::int AS unchanged`,
  );
  return rows[0];
}

let datasetId: string;
let v1Export: string;
let payloadsAtKill = 0;

test("a server killed (SIGKILL) mid-upsert restarts with the previous version intact and no half version", async () => {
  test.setTimeout(300_000);
  await start();
  const v1 = await client.datasets.upsertDataset({ dataset: { datasetName: "killed-upsert" }, examples: v1Records(), message: "v1" });
  expect(v1).toMatchObject({ versionNumber: 1, summary: { added: V1_COUNT, updated: 0, deleted: 0, unchanged: 0 } });
  datasetId = v1.datasetId;
  v1Export = await exportText(datasetId);
  expect(v1Export).toBe(asExported(v1Records()));

  // The large upsert; once a few payload chunks are stored, the server is killed.
  const started = performance.now();
  const timings: Record<string, number> = {};
  const victim = server!;
  let killing: Promise<void> | undefined;
  const outcome = await client.datasets
    .upsertDataset({
      dataset: { datasetId },
      examples: largeRecords(),
      message: "large",
      onProgress: ({ phase, done }) => {
        timings[phase] ??= performance.now() - started;
        if (phase === "uploading" && done >= 4_000 && !killing) {
          payloadsAtKill = done;
          timings.killed = performance.now() - started;
          killing = victim.stop("SIGKILL");
        }
      },
    })
    .then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
  expect(killing, "the upload reached 4,000 stored payloads before it ended").toBeDefined();
  await killing;
  expect("error" in outcome && outcome.error).toBeInstanceOf(CairnError);
  expect((outcome as { error: CairnError }).error.code).toBe("NETWORK_ERROR");
  console.log(
    `kill: v1 ${V1_COUNT} examples; large upsert of ${LARGE_COUNT}: ${Object.entries(timings)
      .map(([phase, ms]) => `${phase} at ${(ms / 1000).toFixed(1)} s`)
      .join(", ")}; ${payloadsAtKill} payloads acknowledged at the kill`,
  );

  const restartedAt = performance.now();
  await start();
  console.log(`kill: restarted on the same data folder in ${((performance.now() - restartedAt) / 1000).toFixed(1)} s`);
  expect(await versionNumbers(datasetId)).toEqual([1]);
  const [latest] = (await client.versions.list({ datasetId })).items;
  expect(latest).toMatchObject({ number: 1, message: "v1", exampleCount: V1_COUNT });
  expect(await exportText(datasetId)).toBe(v1Export);
});

test("the killed upsert's staged rows are swept at start once idle for an hour; the same upsert then lands as v2", async () => {
  test.setTimeout(300_000);
  expect(datasetId, "the previous test created the dataset").toBeDefined();
  await server!.stop("SIGKILL");

  // The killed session is still there (it was touched a moment ago): its manifest and the
  // payloads stored before the kill. Make it look idle for two hours.
  await withDataDir(async (db) => {
    const staged = await stagedRows(db);
    expect(staged).toMatchObject({ sessions: 1, entries: LARGE_COUNT, unchanged: 0 });
    expect(staged.payloads).toBeGreaterThanOrEqual(payloadsAtKill);
    expect(staged.payloads).toBeLessThan(LARGE_COUNT);
    // No trace of a half version below the API either: v1's rows only.
    const { rows } = await db.query<{ versions: number; examples: number; revisions: number }>(
      `SELECT (SELECT count(*) FROM dataset_versions WHERE dataset_id = $1)::int AS versions,
              (SELECT count(*) FROM examples WHERE dataset_id = $1)::int AS examples,
              (SELECT count(*) FROM example_revisions WHERE dataset_id = $1)::int AS revisions`,
      [datasetId],
    );
    expect(rows[0]).toEqual({ versions: 1, examples: V1_COUNT, revisions: V1_COUNT });
    await db.query(`UPDATE upsert_sessions SET touched_at = now() - interval '2 hours'`);
  });

  const restarted = await start();
  await expect.poll(() => restarted.output(), { timeout: 10_000 }).toContain("dropped 1 abandoned upsert session");
  expect(await versionNumbers(datasetId)).toEqual([1]);

  const started = performance.now();
  const v2 = await client.datasets.upsertDataset({ dataset: { datasetId }, examples: largeRecords(), message: "large" });
  console.log(`kill: the large upsert again: v${v2.versionNumber} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  expect(v2).toMatchObject({
    versionNumber: 2,
    noop: false,
    attempts: 1,
    summary: { added: LARGE_COUNT - V1_COUNT, updated: V1_COUNT, deleted: 0, unchanged: 0 },
  });
  expect(await versionNumbers(datasetId)).toEqual([2, 1]);
  expect(await exportText(datasetId)).toBe(asExported(largeRecords()));
  expect(await exportText(datasetId, 1)).toBe(v1Export);

  await server!.stop("SIGTERM");
  await withDataDir(async (db) => expect(await stagedRows(db)).toEqual({ sessions: 0, entries: 0, payloads: 0, unchanged: 0 }));
});

/**
 * Sends the head of a POST /api/v1/datasets/upsert and `body`, then closes the connection after
 * `closeAfterMs` without waiting for the answer. Framing: chunked without its last chunk,
 * a Content-Length twice the body sent, or the exact Content-Length (the whole body arrives).
 */
function disconnectingUpload(query: string, body: string, framing: "chunked" | "short" | "exact", closeAfterMs = 300): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", reject);
    socket.on("connect", () => {
      const bytes = Buffer.byteLength(body);
      const length = framing === "chunked" ? "Transfer-Encoding: chunked" : `Content-Length: ${framing === "exact" ? bytes : bytes * 2}`;
      socket.write(`POST /api/v1/datasets/upsert?${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n${length}\r\n\r\n`);
      socket.write(framing === "chunked" ? `${bytes.toString(16)}\r\n${body}\r\n` : body, () => {
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, closeAfterMs);
      });
    });
  });
}

const abandoned = (output: string) => output.split("\n").filter((line) => line.includes("one-shot upsert abandoned"));

test("a client that disconnects mid-upload leaves no dataset, no version and no staged rows", async () => {
  test.setTimeout(180_000);
  await start();
  const lines = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${JSON.stringify({ id: `${prefix}-${i}`, input: { text: filler(i, prefix) } })}\n`).join("");

  // Whole lines, then the connection closes before the body's end.
  await disconnectingUpload("dataset_name=gone-chunked", lines("c", 200), "chunked");
  await disconnectingUpload("dataset_name=gone-short", lines("s", 200), "short");
  await expect.poll(() => abandoned(server!.output()).length, { timeout: 30_000 }).toBe(2);
  for (const line of abandoned(server!.output())) expect(line).toContain("the request body was cut off after line 200");

  // The whole body arrives, then the connection closes while the server syncs it (seconds of
  // work for 20,000 examples): the upsert is aborted before its commit.
  const kept = await client.datasets.upsertDataset({ dataset: { datasetName: "gone-whole" }, examples: v1Records().slice(0, 10) });
  await disconnectingUpload(`dataset_id=${kept.datasetId}&mode=mirror`, lines("w", LARGE_COUNT), "exact", 200);
  await expect.poll(() => abandoned(server!.output()).length, { timeout: 120_000 }).toBe(3);
  expect(abandoned(server!.output())[2]).toContain("the client disconnected before the upsert was committed");

  expect((await client.datasets.list({ search: "gone-" })).items.map((d) => d.name)).toEqual(["gone-whole"]);
  expect(await versionNumbers(kept.datasetId)).toEqual([1]);
  expect(server!.output()).not.toContain("REST request failed");

  await server!.stop("SIGTERM");
  await withDataDir(async (db) => {
    expect(await stagedRows(db)).toEqual({ sessions: 0, entries: 0, payloads: 0, unchanged: 0 });
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.name LIKE 'gone-%'`,
    );
    expect(rows[0].n).toBe(1);
  });
});
