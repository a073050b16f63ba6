"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../../_trpc/client";
import { ApiKeysCard, OwnersOnlyNote } from "./api-keys-card";
import { callerRole } from "./roles";
import { MembersCard } from "./members-card";

export function SettingsView({ project }: { project: string }) {
  const trpc = useTRPC();
  const { data: auth } = useSuspenseQuery(trpc.auth.status.queryOptions());
  const { data: members } = useSuspenseQuery(trpc.members.list.queryOptions());
  const role = callerRole(auth, members);
  const owner = role === "owner";

  return (
    <div className="flex max-w-5xl flex-col gap-6">
      {auth.mode === "local" && (
        <p role="note" className="rounded-md border border-info/25 bg-info-soft px-3 py-2 text-xs text-info">
          Single-user mode: this Cairn asks nobody to sign in and needs no key. Members and keys take effect once sign-in is
          required (<code className="font-mono">CAIRN_AUTH=required</code>, or serving beyond this machine).
        </p>
      )}
      {owner ? <ApiKeysCard project={project} /> : <OwnersOnlyNote project={project} role={role} />}
      <MembersCard project={project} members={members} canManage={owner} me={auth.user?.id ?? null} />
    </div>
  );
}
