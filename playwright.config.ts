import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests drive the production build (`npm run build` runs first; this config never
 * builds) through `next start`, on a fresh embedded database for every run.
 */
const port = Number(process.env.CAIRN_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = path.join(os.tmpdir(), `cairn-e2e-${port}`);
// A second server with sign-in required, on the next port (e2e/access.spec.ts computes it too).
const accessPort = port + 1;
const accessDataDir = path.join(os.tmpdir(), `cairn-e2e-access-${accessPort}`);

// The runner loads this file before starting the servers (and again in each worker, which must
// not wipe the databases the servers have open).
if (!process.env.TEST_WORKER_INDEX) {
  for (const dir of [dataDir, accessDataDir]) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }
}

/** `next start` on a loopback port with its own fresh embedded database. */
function server(serverPort: number, serverDataDir: string, env: Record<string, string> = {}) {
  return {
    command: `npx next start -H 127.0.0.1 -p ${serverPort}`,
    url: `http://127.0.0.1:${serverPort}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: {
      CAIRN_DATA_DIR: serverDataDir,
      // Empty: the embedded database, even when the surrounding test run targets PostgreSQL.
      DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      ...env,
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } }],
  webServer: [server(port, dataDir), server(accessPort, accessDataDir, { CAIRN_AUTH: "required" })],
});
