"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { projectRenameInput, type Project } from "@/lib/contracts";
import { Button } from "../../_components/ui/button";
import { Dialog, DialogFooter } from "../../_components/ui/dialog";
import { Input } from "../../_components/ui/input";
import { Field, fieldDescribedBy } from "../../_components/ui/label";
import { useToast } from "../../_components/ui/toast";
import { useTRPC } from "../../_trpc/client";
import { errorMessage, fieldError } from "../../_trpc/errors";
import { firstIssue } from "./validation";

export function RenameProjectDialog({ project, onClose }: { project: Project | null; onClose: () => void }) {
  const [pending, setPending] = useState(false);
  return (
    <Dialog
      open={project !== null}
      onOpenChange={(open) => !open && onClose()}
      dismissible={!pending}
      title="Rename project"
      description={project ? `Links to '${project.name}' stop working once it is renamed.` : null}
    >
      {project && <RenameForm key={project.id} project={project} onDone={onClose} onPendingChange={setPending} />}
    </Dialog>
  );
}

function RenameForm({ project, onDone, onPendingChange }: { project: Project; onDone: () => void; onPendingChange: (pending: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const id = useId();
  const [name, setName] = useState(project.name);
  const [invalid, setInvalid] = useState<string | null>(null);

  const rename = useMutation(
    trpc.projects.rename.mutationOptions({
      onMutate: () => onPendingChange(true),
      onSettled: () => onPendingChange(false),
      onSuccess: async (renamed) => {
        toast({ title: `Renamed '${project.name}' to '${renamed.name}'`, tone: "success" });
        onDone();
        await queryClient.invalidateQueries();
      },
    }),
  );

  const error = invalid ?? (rename.error ? (fieldError(rename.error, "name", "Name") ?? errorMessage(rename.error)) : null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (rename.isPending) return;
    const parsed = projectRenameInput.safeParse({ id: project.id, name });
    if (!parsed.success) {
      setInvalid(firstIssue(parsed.error, "Name"));
      return;
    }
    if (parsed.data.name === project.name) {
      onDone();
      return;
    }
    rename.mutate(parsed.data);
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Field id={id} label="New name" error={error}>
        <Input
          id={id}
          name="name"
          value={name}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          onFocus={(event) => event.currentTarget.select()}
          aria-invalid={error ? true : undefined}
          aria-describedby={fieldDescribedBy(id, { error })}
          onChange={(event) => {
            setName(event.target.value);
            setInvalid(null);
            if (rename.error) rename.reset();
          }}
        />
      </Field>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone} disabled={rename.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={rename.isPending}>
          Rename
        </Button>
      </DialogFooter>
    </form>
  );
}
