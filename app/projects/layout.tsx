import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppShell } from "../_components/shell/app-shell";
import { fetchQuery, getTRPC, HydrateClient } from "../_trpc/server";
import { RedirectToSignIn } from "../sign-in/_components/redirect-to-sign-in";
import { mustSignIn } from "../sign-in/_lib/paths";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsLayout({ children }: { children: ReactNode }) {
  const trpc = getTRPC(null);
  const auth = await fetchQuery(trpc.auth.status.queryOptions());
  if (mustSignIn(auth)) return <RedirectToSignIn />;
  // The sidebar's project switcher reads this list.
  await fetchQuery(trpc.projects.list.queryOptions());
  return (
    <HydrateClient>
      <AppShell project={null} auth={auth}>
        {children}
      </AppShell>
    </HydrateClient>
  );
}
