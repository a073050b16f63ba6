"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MEMBER_ROLES, type Member, type MemberRole } from "@/lib/contracts";
import { DateTime } from "../../../../_components/date-time";
import { TrashIcon } from "../../../../_components/icons";
import { Badge } from "../../../../_components/ui/badge";
import { Button } from "../../../../_components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../../../_components/ui/card";
import { EmptyState } from "../../../../_components/ui/empty-state";
import { Select } from "../../../../_components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../../../_components/ui/table";
import { useToast } from "../../../../_components/ui/toast";
import { useTRPC } from "../../../../_trpc/client";
import { errorMessage } from "../../../../_trpc/errors";
import { AddMemberForm } from "./add-member-form";
import { ROLE_HINTS, ROLE_LABELS } from "./roles";
import { RemoveMemberDialog } from "./remove-member-dialog";

export function MembersCard({ project, members, canManage, me }: { project: string; members: Member[]; canManage: boolean; me: string | null }) {
  const [removing, setRemoving] = useState<Member | null>(null);
  return (
    <Card aria-labelledby="members-heading">
      <CardHeader>
        <div className="flex items-baseline justify-between gap-4">
          <CardTitle id="members-heading">Members</CardTitle>
          <span className="text-xs text-muted-foreground tabular-nums">
            {members.length} {members.length === 1 ? "member" : "members"}
          </span>
        </div>
        <CardDescription>
          Owners: {ROLE_HINTS.owner}. Members: {ROLE_HINTS.member}. Viewers: {ROLE_HINTS.viewer}.
        </CardDescription>
      </CardHeader>
      {canManage && (
        <CardContent>
          <AddMemberForm project={project} />
        </CardContent>
      )}
      {members.length === 0 ? (
        <div className="px-4 pb-4">
          <EmptyState title="No members yet">
            Nobody has been added to this project. Once sign-in is required, people see only the projects they are members of.
          </EmptyState>
        </div>
      ) : (
        <Table aria-labelledby="members-heading" className="border-t border-border">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-4">Email</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Added</TableHead>
              {canManage && (
                <TableHead className="pr-4 text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              )}
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.map((member) => (
              <TableRow key={member.userId}>
                <TableCell className="max-w-0 min-w-48 pl-4">
                  <span className="flex items-center gap-2">
                    <span className="truncate font-medium text-foreground">{member.email}</span>
                    {member.userId === me && <Badge tone="info">You</Badge>}
                  </span>
                </TableCell>
                <TableCell className="w-44">
                  {canManage ? <RoleSelect member={member} /> : <span>{ROLE_LABELS[member.role]}</span>}
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  <DateTime value={member.createdAt} />
                </TableCell>
                {canManage && (
                  <TableCell className="pr-3 text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      className="text-danger hover:bg-danger-soft"
                      aria-label={`Remove ${member.email}`}
                      onClick={() => setRemoving(member)}
                    >
                      <TrashIcon />
                      Remove
                    </Button>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <RemoveMemberDialog project={project} member={removing} me={me} onClose={() => setRemoving(null)} />
    </Card>
  );
}

function RoleSelect({ member }: { member: Member }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const update = useMutation(
    trpc.members.update.mutationOptions({
      onSuccess: (updated) => toast({ title: `${updated.email} is now ${ROLE_LABELS[updated.role].toLowerCase()}`, tone: "success" }),
      onError: (error) => toast({ title: `Could not change the role of ${member.email}`, description: errorMessage(error), tone: "danger" }),
      // Also when it fails: the select goes back to what is stored.
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() }),
    }),
  );
  return (
    <Select
      aria-label={`Role of ${member.email}`}
      className="w-36"
      value={update.isPending ? update.variables.role : member.role}
      disabled={update.isPending}
      onChange={(event) => update.mutate({ userId: member.userId, role: event.target.value as MemberRole })}
    >
      {MEMBER_ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </Select>
  );
}
