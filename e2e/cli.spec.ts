import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createClient } from "../sdk";

// The `cairn` CLI as a user runs it: a child process against the production server.

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
let workDir: string;

// The tests build on each other: one dataset, "cli-qa", upserted, then mis-upserted, then exported.
test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-cli-"));
});
test.afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `tsx sdk/cli.ts ARGS --url <server>`, optionally with stdout going to a file. */
function cairn(args: string[], options: { stdoutFile?: string; bin?: boolean } = {}): Promise<Outcome> {
  const command = options.bin ? process.execPath : tsx;
  const script = options.bin ? path.join(root, "sdk", "bin", "cairn.mjs") : path.join(root, "sdk", "cli.ts");
  const out = options.stdoutFile ? fs.openSync(options.stdoutFile, "w") : "pipe";
  const child = spawn(command, [script, ...args, "--url", test.info().project.use.baseURL!], {
    cwd: root,
    env: { ...process.env, CAIRN_URL: "", CAIRN_PROJECT: "", FORCE_COLOR: undefined },
    stdio: ["ignore", out, "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (typeof out === "number") fs.closeSync(out);
      resolve({ code, stdout, stderr });
    });
  });
}

function writeJsonl(name: string, lines: (object | string)[]): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n");
  return file;
}

const client = () => createClient({ baseUrl: test.info().project.use.baseURL! });

test("upsert a JSONL file: exit 0, one JSON line with the result; listings show it", async () => {
  test.setTimeout(60_000);
  const file = writeJsonl("qa.jsonl", [
    { id: "q1", input: { question: "What is AI?" }, output: { answer: "..." } },
    { id: "q2", input: { question: "What is ML?" }, output: { answer: "..." } },
    { id: "q3", input: { question: "What is RL?" }, output: { answer: "..." }, metadata: { level: 2 } },
  ]);
  const first = await cairn(["upsert", file, "--dataset", "cli-qa", "--message", "from the CLI", "--json"]);
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  const lines = first.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  const result = JSON.parse(lines[0]) as { dataset: string; datasetId: string; versionNumber: number; noop: boolean; summary: object };
  expect(result).toMatchObject({ dataset: "cli-qa", versionNumber: 1, noop: false, summary: { added: 3, updated: 0, deleted: 0, unchanged: 0 } });

  // Flat records with key selection, merged into the same dataset; human-readable output.
  const flat = writeJsonl("flat.jsonl", [{ key: "q4", question: "What is NLP?", answer: "...", source: "wiki" }]);
  const merged = await cairn([
    "upsert",
    flat,
    "--dataset",
    "cli-qa",
    "--source-id-key",
    "key",
    "--input-keys",
    "question",
    "--output-keys",
    "answer",
    "--metadata-keys",
    "source",
    "--mode",
    "merge",
  ]);
  expect(merged.code).toBe(0);
  expect(merged.stdout).toMatch(/^cli-qa: version 2: 1 added, 0 updated, 0 deleted, 3 unchanged \(\d+(\.\d)? k?B sent\)\n$/);
  const q4 = await client().examples.get({ datasetId: result.datasetId, sourceId: "q4" });
  expect(q4.history[0]).toMatchObject({ input: { question: "What is NLP?" }, output: { answer: "..." }, metadata: { source: "wiki" } });

  const versions = await cairn(["versions", "--dataset", "cli-qa", "--json"]);
  expect(versions.code).toBe(0);
  expect(versions.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { number: number; message: string }).number)).toEqual([2, 1]);

  const datasets = await cairn(["datasets"]);
  expect(datasets.code).toBe(0);
  expect(datasets.stdout).toMatch(/^NAME\s+VERSION\s+EXAMPLES/);
  expect(datasets.stdout).toMatch(/\ncli-qa\s+v2\s+4\s/);

  const sdk = client();
  await sdk.runs.create({ name: "cli-run", datasetId: result.datasetId });
  const runs = await cairn(["runs", "--dataset", "cli-qa"]);
  expect(runs.code).toBe(0);
  expect(runs.stdout).toMatch(/\ncli-run\s+pending\s+cli-qa@v2\s+4\s/);
});

test("a malformed file stops the upsert before anything is sent, naming every bad line", async () => {
  test.setTimeout(60_000);
  const before = await client().datasets.get({ datasetName: "cli-qa" });
  const file = writeJsonl("bad.jsonl", [
    { id: "q1", input: { question: "fine" } },
    "{not json",
    { id: "q2", input: { question: "fine too" } },
    { input: { question: "no id" } },
    "",
    { id: "q1", input: { question: "again" } },
    { id: "q5", input: "not an object" },
  ]);
  const bad = await cairn(["upsert", file, "--dataset", "cli-qa"]);
  expect(bad.code).toBe(1);
  expect(bad.stdout).toBe("");
  expect(bad.stderr).toContain(`4 invalid lines in ${file}; nothing was sent`);
  for (const line of ["line 2: invalid JSON", 'line 4: source id "id" is missing', 'line 6: duplicate source id "q1" (first at line 1)', "line 7: "]) {
    expect(bad.stderr).toContain(line);
  }
  // Nothing written: no new version, and a new dataset name is not even created.
  const after = await client().datasets.get({ datasetName: "cli-qa" });
  expect([after.latestVersion, after.exampleCount]).toEqual([before.latestVersion, before.exampleCount]);
  const fresh = await cairn(["upsert", file, "--dataset", "cli-never-created"]);
  expect(fresh.code).toBe(1);
  const missing = await client().datasets.get({ datasetName: "cli-never-created" }).catch((e: { code: string }) => e.code);
  expect(missing).toBe("NOT_FOUND");

  // Only the first 20 bad lines are listed; the count covers them all.
  const many = writeJsonl("many.jsonl", Array.from({ length: 30 }, (_, i) => `{"id": "x${i}", oops}`));
  const manyBad = await cairn(["upsert", many, "--dataset", "cli-qa"]);
  expect(manyBad.code).toBe(1);
  expect(manyBad.stderr).toContain("30 invalid lines");
  expect(manyBad.stderr).toContain("line 20: invalid JSON");
  expect(manyBad.stderr).not.toContain("line 21:");
  expect(manyBad.stderr).toContain("... and 10 more");

  const absent = await cairn(["upsert", path.join(workDir, "absent.jsonl"), "--dataset", "cli-qa"]);
  expect(absent.code).toBe(1);
  expect(absent.stderr).toContain("absent.jsonl: no such file");
});

test("server errors exit 1 with the server's message; usage errors exit 2 with the usage text", async () => {
  test.setTimeout(60_000);
  const missing = await cairn(["export", "--dataset", "no-such-dataset"]);
  expect(missing.code).toBe(1);
  expect(missing.stdout).toBe("");
  expect(missing.stderr).toBe("cairn: dataset 'no-such-dataset' not found (NOT_FOUND, HTTP 404)\n");

  const noVersion = await cairn(["export", "--dataset", "cli-qa", "--version", "99"]);
  expect(noVersion.code).toBe(1);
  expect(noVersion.stderr).toContain("not found");

  for (const args of [
    ["frobnicate"],
    [],
    ["upsert", "--dataset", "x"],
    ["upsert", "file.jsonl"],
    ["datasets", "--frob"],
    ["export", "--dataset", "cli-qa", "--version", "two"],
    ["upsert", "f.jsonl", "--dataset", "x", "--mode", "sideways"],
    ["versions", "--dataset", "x", "--mode", "merge"],
  ]) {
    const usage = await cairn(args);
    expect(usage.code, args.join(" ")).toBe(2);
    expect(usage.stderr, args.join(" ")).toContain("Usage: cairn <command> [options]");
  }
  const help = await cairn(["--help"], { bin: true });
  expect(help.code).toBe(0);
  expect(help.stdout).toContain("Usage: cairn <command> [options]");
});

test("export streams a version as JSONL that re-upserts as a no-op", async () => {
  test.setTimeout(60_000);
  const out = path.join(workDir, "out.jsonl");
  const exported = await cairn(["export", "--dataset", "cli-qa"], { stdoutFile: out });
  expect(exported.stderr).toBe("");
  expect(exported.code).toBe(0);
  const lines = fs.readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: string });
  expect(lines.map((l) => l.id)).toEqual(["q1", "q2", "q3", "q4"]);
  expect(lines[2]).toEqual({ id: "q3", input: { question: "What is RL?" }, output: { answer: "..." }, metadata: { level: 2 } });

  const again = await cairn(["upsert", out, "--dataset", "cli-qa", "--json"], { bin: true });
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ noop: true, versionNumber: 2, summary: { unchanged: 4, added: 0, updated: 0, deleted: 0 } });

  const v1 = path.join(workDir, "v1.jsonl");
  expect((await cairn(["export", "--dataset", "cli-qa", "--version", "1"], { stdoutFile: v1 })).code).toBe(0);
  expect(fs.readFileSync(v1, "utf8").trim().split("\n")).toHaveLength(3);
});
