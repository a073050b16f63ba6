"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { projectCreateInput } from "@/lib/contracts";
import { PlusIcon } from "../../_components/icons";
import { Button } from "../../_components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../_components/ui/card";
import { Input } from "../../_components/ui/input";
import { fieldDescribedBy } from "../../_components/ui/label";
import { useToast } from "../../_components/ui/toast";
import { useTRPC } from "../../_trpc/client";
import { errorMessage, fieldError } from "../../_trpc/errors";
import { firstIssue } from "./validation";

export function CreateProjectForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const id = useId();
  const [name, setName] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);

  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: async (project) => {
        setName("");
        toast({ title: `Created project '${project.name}'`, tone: "success" });
        // Every project-scoped cache holds a project list (the switcher): refresh them all.
        await queryClient.invalidateQueries();
      },
    }),
  );

  const error = invalid ?? (create.error ? (fieldError(create.error, "name", "Name") ?? errorMessage(create.error)) : null);
  const hint = "Up to 200 characters, unique across projects.";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const parsed = projectCreateInput.safeParse({ name });
    if (!parsed.success) {
      setInvalid(firstIssue(parsed.error, "Name"));
      return;
    }
    create.mutate(parsed.data);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>New project</CardTitle>
        <CardDescription>Datasets and runs live in a project; names appear in links, so keep them short.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} noValidate className="flex flex-col gap-1.5">
          <label htmlFor={id} className="text-xs font-medium">
            Project name
          </label>
          <div className="flex flex-wrap items-start gap-2">
            <Input
              id={id}
              name="name"
              value={name}
              autoComplete="off"
              spellCheck={false}
              placeholder="e.g. support-bot"
              className="max-w-sm flex-1"
              aria-invalid={error ? true : undefined}
              aria-describedby={fieldDescribedBy(id, { hint, error })}
              onChange={(event) => {
                setName(event.target.value);
                setInvalid(null);
                if (create.error) create.reset();
              }}
            />
            <Button type="submit" pending={create.isPending}>
              {!create.isPending && <PlusIcon />}
              Create project
            </Button>
          </div>
          {error ? (
            <p id={`${id}-error`} role="alert" className="text-xs text-danger">
              {error}
            </p>
          ) : (
            <p id={`${id}-hint`} className="text-xs text-muted-foreground">
              {hint}
            </p>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
