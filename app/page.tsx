import { redirect } from "next/navigation";
import { ProjectsIcon } from "./_components/icons";
import { AppShell } from "./_components/shell/app-shell";
import { ButtonLink } from "./_components/ui/button";
import { EmptyState } from "./_components/ui/empty-state";
import { PROJECTS_HREF, projectHref } from "./_lib/paths";
import { fetchQuery, getTRPC, HydrateClient } from "./_trpc/server";
import { mustSignIn, SIGN_IN_HREF } from "./sign-in/_lib/paths";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

/** Opens a project the caller can see: `default` when it is one of them, else the first. */
export default async function Home() {
  const trpc = getTRPC(null);
  const auth = await fetchQuery(trpc.auth.status.queryOptions());
  if (mustSignIn(auth)) redirect(SIGN_IN_HREF);
  const projects = await fetchQuery(trpc.projects.list.queryOptions());
  const target = projects.find((p) => p.name === "default") ?? projects[0];
  if (target) redirect(projectHref(target.name, "datasets"));

  return (
    <HydrateClient>
      <AppShell project={null} auth={auth}>
        <EmptyState
          className="mx-auto mt-8 max-w-xl"
          icon={<ProjectsIcon />}
          title={auth.user ? "You are not in any project yet" : "No projects yet"}
          action={
            <ButtonLink href={PROJECTS_HREF} variant={auth.user ? "secondary" : "primary"}>
              Create a project
            </ButtonLink>
          }
        >
          {auth.user ? (
            <>
              Ask an owner of a project to add <strong className="font-medium text-foreground">{auth.user.email}</strong> in its
              Settings; it will then show up here. You can also start a project of your own.
            </>
          ) : (
            "Datasets and runs live in a project. Create one to start."
          )}
        </EmptyState>
      </AppShell>
    </HydrateClient>
  );
}
