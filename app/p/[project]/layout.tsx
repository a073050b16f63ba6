import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ProjectNotFound } from "../../_components/project-not-found";
import { AppShell } from "../../_components/shell/app-shell";
import { fetchQuery, getTRPC, HydrateClient } from "../../_trpc/server";
import { RedirectToSignIn } from "../../sign-in/_components/redirect-to-sign-in";
import { mustSignIn } from "../../sign-in/_lib/paths";
import { projectParam, type ProjectParams } from "./params";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: ProjectParams }): Promise<Metadata> {
  const project = await projectParam(params);
  return { title: { template: `%s · ${project} · Cairn`, default: `${project} · Cairn` } };
}

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: ProjectParams }) {
  const project = await projectParam(params);
  const trpc = getTRPC(project);
  const auth = await fetchQuery(trpc.auth.status.queryOptions());
  if (mustSignIn(auth)) return <RedirectToSignIn />;
  const projects = await fetchQuery(trpc.projects.list.queryOptions());
  const exists = projects.some((p) => p.name === project);
  return (
    <HydrateClient>
      <AppShell project={exists ? project : null} auth={auth}>
        {exists ? children : <ProjectNotFound name={project} />}
      </AppShell>
    </HydrateClient>
  );
}
