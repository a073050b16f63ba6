"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Project } from "@/lib/contracts";
import { Button } from "../../_components/ui/button";
import { Dialog, DialogFooter } from "../../_components/ui/dialog";
import { InlineError } from "../../_components/ui/error-state";
import { useToast } from "../../_components/ui/toast";
import { useTRPC } from "../../_trpc/client";
import { errorMessage } from "../../_trpc/errors";

export function DeleteProjectDialog({ project, onClose }: { project: Project | null; onClose: () => void }) {
  const [pending, setPending] = useState(false);
  return (
    <Dialog
      open={project !== null}
      onOpenChange={(open) => !open && onClose()}
      dismissible={!pending}
      title={project ? `Delete project '${project.name}'?` : "Delete project"}
      description="This deletes the project and everything in it: datasets, versions, runs and results. It cannot be undone."
    >
      {project && <ConfirmDelete key={project.id} project={project} onDone={onClose} onPendingChange={setPending} />}
    </Dialog>
  );
}

function ConfirmDelete({ project, onDone, onPendingChange }: { project: Project; onDone: () => void; onPendingChange: (pending: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(
    trpc.projects.delete.mutationOptions({
      onMutate: () => onPendingChange(true),
      onSettled: () => onPendingChange(false),
      onSuccess: async () => {
        toast({ title: `Deleted project '${project.name}'`, tone: "success" });
        onDone();
        await queryClient.invalidateQueries();
      },
    }),
  );

  return (
    <div className="flex flex-col gap-3">
      <InlineError>{remove.error ? errorMessage(remove.error) : null}</InlineError>
      <DialogFooter>
        {/* The safe choice takes the focus: Enter right after opening does not delete. */}
        <Button variant="secondary" onClick={onDone} disabled={remove.isPending} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" pending={remove.isPending} onClick={() => remove.mutate({ id: project.id })}>
          Delete project
        </Button>
      </DialogFooter>
    </div>
  );
}
