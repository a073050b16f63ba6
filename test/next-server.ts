// `next start` from the production build as a child process, on a loopback port: for tests and
// benchmarks that need the real HTTP server (killing it, restarting it, loading it).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(root, "node_modules", "next", "dist", "bin", "next");
const HOST = "127.0.0.1";
/** Server output kept for error messages (the last this many characters). */
const OUTPUT_KEPT = 20_000;

/** The build folder `next start` serves: NEXT_DIST_DIR, else `.next`. */
export function buildDir(): string {
  return path.resolve(root, process.env.NEXT_DIST_DIR || ".next");
}

/** A production build is there to serve (`next build` writes BUILD_ID last). */
export function hasBuild(): boolean {
  return existsSync(path.join(buildDir(), "BUILD_ID"));
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface NextServer {
  url: string;
  pid: number;
  /** What the server printed so far (stdout and stderr, the last 20,000 characters). */
  output(): string;
  /** Signals the server's process group and waits until the server has exited (SIGKILL after 10 s). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  port: number;
  /** The server's environment on top of this process's (NEXT_DIST_DIR passes through). */
  env: Record<string, string | undefined>;
  /** How long to wait for /api/health to answer ok. */
  readyTimeoutMs?: number;
}

/** Something is listening on the port already (its health answer would be taken for the new server's). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Starts `next start -H 127.0.0.1 -p PORT` in a process group of its own and waits for /api/health. */
export async function startNextServer(options: StartOptions): Promise<NextServer> {
  const url = `http://${HOST}:${options.port}`;
  if (await portTaken(options.port)) throw new Error(`port ${options.port} on ${HOST} is in use: another server is listening there`);
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", HOST, ...options.env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, "start", "-H", HOST, "-p", String(options.port)], {
    cwd: root,
    env,
    // A group of its own, so a signal reaches every process it may start.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (hasExited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let lastAnswer = "no answer";
  for (;;) {
    if (hasExited) throw new Error(`next start exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
    try {
      const health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (health.ok) break;
      lastAnswer = `HTTP ${health.status} ${await health.text()}`;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop("SIGKILL");
      throw new Error(`next start did not answer ${url}/api/health within ${options.readyTimeoutMs ?? 60_000} ms (${lastAnswer}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, pid: child.pid!, output: () => output, stop };
}
