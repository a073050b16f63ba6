import { createRouter } from "../trpc/init";
import { projectsRouter } from "./projects";
import { datasetsRouter } from "./datasets";
import { versionsRouter } from "./versions";
import { examplesRouter } from "./examples";
import { runsRouter } from "./runs";
import { resultsRouter } from "./results";
import { metricsRouter } from "./metrics";
import { compareRouter } from "./compare";
import { authRouter } from "./auth";
import { membersRouter } from "./members";
import { apiKeysRouter } from "./api-keys";

export const appRouter = createRouter({
  projects: projectsRouter,
  datasets: datasetsRouter,
  versions: versionsRouter,
  examples: examplesRouter,
  runs: runsRouter,
  results: resultsRouter,
  metrics: metricsRouter,
  compare: compareRouter,
  auth: authRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
