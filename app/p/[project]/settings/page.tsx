import type { Metadata } from "next";
import { PageHeader } from "../../../_components/page-header";
import { fetchQuery, getTRPC, HydrateClient, prefetch } from "../../../_trpc/server";
import { projectParam, type ProjectParams } from "../params";
import { callerRole } from "./_components/roles";
import { SettingsView } from "./_components/settings-view";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage({ params }: { params: ProjectParams }) {
  const project = await projectParam(params);
  const trpc = getTRPC(project);
  const [auth, members] = await Promise.all([fetchQuery(trpc.auth.status.queryOptions()), fetchQuery(trpc.members.list.queryOptions())]);
  // Only owners may list keys (FORBIDDEN for everyone else): nobody else waits for them.
  if (callerRole(auth, members) === "owner") prefetch(trpc.apiKeys.list.queryOptions());
  return (
    <>
      <PageHeader title="Settings" description={`Who can use project '${project}', and the API keys that let code act in it.`} />
      <HydrateClient>
        <SettingsView project={project} />
      </HydrateClient>
    </>
  );
}
