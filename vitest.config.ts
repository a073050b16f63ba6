import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };
// Request handlers under test run in single-user mode unless a test passes `authMode: "required"`
// (DATABASE_URL is set for the PostgreSQL run, which alone would mean "sign-in required").
process.env.CAIRN_AUTH ??= "local";

// "unit" needs no database; "integration" runs once per driver (CAIRN_TEST_DB), see scripts/test.mjs.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts", "sdk/**/*.test.ts", "app/**/_lib/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["db/**/*.test.ts", "server/**/*.test.ts", "app/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["app/**/_lib/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: true,
        },
      },
    ],
  },
});
