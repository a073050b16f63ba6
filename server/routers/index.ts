import { createRouter } from "../trpc/init";
import { projectsRouter } from "./projects";

export const appRouter = createRouter({
  projects: projectsRouter,
});

export type AppRouter = typeof appRouter;
