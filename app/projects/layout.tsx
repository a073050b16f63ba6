import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppShell } from "../_components/shell/app-shell";
import { fetchQuery, getTRPC, HydrateClient } from "../_trpc/server";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsLayout({ children }: { children: ReactNode }) {
  // The sidebar's project switcher reads this list.
  await fetchQuery(getTRPC(null).projects.list.queryOptions());
  return (
    <HydrateClient>
      <AppShell project={null}>{children}</AppShell>
    </HydrateClient>
  );
}
