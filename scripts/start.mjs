#!/usr/bin/env node
// `npm start`: build if the sources changed since the last build, then serve with `next start`.
// Migrations are applied by the server itself on start (instrumentation.ts), on PGlite or PostgreSQL.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: process.env.PORT ?? "3000",
  HOST: process.env.HOST ?? "127.0.0.1",
};
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");

const SOURCES = ["app", "server", "db", "lib", "drizzle", "public", "package.json", "next.config.mjs", "postcss.config.mjs", "instrumentation.ts"];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function needsBuild() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}

if (needsBuild()) {
  console.log("cairn: building (sources changed since the last build)…");
  const build = spawnSync(process.execPath, [next, "build"], { cwd: root, env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const db = env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${env.CAIRN_DATA_DIR ?? ".cairn/data"}`;
console.log(`cairn: serving on http://${env.HOST}:${env.PORT} with ${db}`);
const server = spawn(process.execPath, [next, "start", "-H", env.HOST, "-p", env.PORT], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
