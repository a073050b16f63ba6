"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Member } from "@/lib/contracts";
import { Button } from "../../../../_components/ui/button";
import { Dialog, DialogFooter } from "../../../../_components/ui/dialog";
import { InlineError } from "../../../../_components/ui/error-state";
import { useToast } from "../../../../_components/ui/toast";
import { useTRPC } from "../../../../_trpc/client";
import { errorMessage } from "../../../../_trpc/errors";

export function RemoveMemberDialog({ project, member, me, onClose }: { project: string; member: Member | null; me: string | null; onClose: () => void }) {
  const [pending, setPending] = useState(false);
  const self = member !== null && member.userId === me;
  return (
    <Dialog
      open={member !== null}
      onOpenChange={(open) => !open && onClose()}
      dismissible={!pending}
      title={member ? (self ? `Leave project '${project}'?` : `Remove ${member.email}?`) : "Remove member"}
      description={
        self
          ? "You will no longer see this project; an owner can add you again."
          : `They lose access to project '${project}' at once. Their account stays, with its other projects.`
      }
    >
      {member && <ConfirmRemove key={member.userId} member={member} self={self} onDone={onClose} onPendingChange={setPending} />}
    </Dialog>
  );
}

function ConfirmRemove({ member, self, onDone, onPendingChange }: { member: Member; self: boolean; onDone: () => void; onPendingChange: (pending: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onMutate: () => onPendingChange(true),
      onSettled: () => onPendingChange(false),
      onSuccess: async () => {
        // Out of the project, nothing cached for it may stay: a full load of another project.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        if (self) return window.location.assign("/");
        toast({ title: `Removed ${member.email}`, tone: "success" });
        onDone();
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
      },
    }),
  );

  return (
    <div className="flex flex-col gap-3">
      <InlineError>{remove.error ? errorMessage(remove.error) : null}</InlineError>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone} disabled={remove.isPending} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" pending={remove.isPending || remove.isSuccess} onClick={() => remove.mutate({ userId: member.userId })}>
          {self ? "Leave project" : "Remove"}
        </Button>
      </DialogFooter>
    </div>
  );
}
