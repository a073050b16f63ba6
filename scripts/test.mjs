#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration (PGlite, then PostgreSQL when DATABASE_URL is
// set), production build, browser tests. Stops at the first failing step.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const reports = path.join(root, "test-results", "reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const counts = { passed: 0, failed: 0 };

function vitestReport(file) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  return { passed: report.numPassedTests, failed: report.numFailedTests };
}

function playwrightReport(file) {
  const { stats } = JSON.parse(readFileSync(file, "utf8"));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected };
}

const steps = [
  { name: "typecheck", cmd: bin("tsc"), args: ["--noEmit"] },
  { name: "lint", cmd: bin("eslint"), args: [".", "--max-warnings=0"] },
  {
    name: "unit + integration (PGlite)",
    cmd: bin("vitest"),
    args: ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${reports}/vitest-pglite.json`],
    env: { CAIRN_TEST_DB: "pglite" },
    report: () => vitestReport(`${reports}/vitest-pglite.json`),
  },
  {
    name: "integration (PostgreSQL)",
    skip: !process.env.DATABASE_URL && "DATABASE_URL is not set",
    cmd: bin("vitest"),
    args: ["run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${reports}/vitest-postgres.json`],
    env: { CAIRN_TEST_DB: "postgres" },
    report: () => vitestReport(`${reports}/vitest-postgres.json`),
  },
  { name: "build", cmd: bin("next"), args: ["build"] },
  {
    name: "browser tests (Playwright, Chromium)",
    cmd: bin("playwright"),
    args: ["test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json` },
    report: () => playwrightReport(`${reports}/playwright.json`),
  },
];

const started = Date.now();
const timings = [];
for (const step of steps) {
  if (step.skip) {
    console.log(`\n=== ${step.name}: skipped (${step.skip})`);
    timings.push([step.name, "skipped"]);
    continue;
  }
  console.log(`\n=== ${step.name}`);
  const t0 = Date.now();
  const result = spawnSync(step.cmd, step.args, { cwd: root, stdio: "inherit", env: { ...baseEnv, ...step.env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  timings.push([step.name, `${seconds}s`]);
  if (step.report) {
    try {
      const { passed, failed } = step.report();
      counts.passed += passed;
      counts.failed += failed;
    } catch {
      // No report file: the runner died before writing it; the exit status below says so.
    }
  }
  if (result.status !== 0) {
    console.error(`\n✗ ${step.name} failed (exit ${result.status ?? result.signal}) after ${seconds}s`);
    counts.failed = Math.max(counts.failed, 1);
    summary();
    process.exit(1);
  }
}
summary();

function summary() {
  console.log("\n=== summary");
  for (const [name, time] of timings) console.log(`  ${name.padEnd(40)} ${time}`);
  console.log(`  total ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
}
