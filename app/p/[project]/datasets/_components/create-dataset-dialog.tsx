"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { datasetCreateInput } from "@/lib/contracts";
import { PlusIcon } from "../../../../_components/icons";
import { Button } from "../../../../_components/ui/button";
import { Dialog, DialogFooter } from "../../../../_components/ui/dialog";
import { InlineError } from "../../../../_components/ui/error-state";
import { Input, Textarea } from "../../../../_components/ui/input";
import { Field, fieldDescribedBy } from "../../../../_components/ui/label";
import { useToast } from "../../../../_components/ui/toast";
import { useTRPC } from "../../../../_trpc/client";
import { errorCode, errorMessage, fieldError } from "../../../../_trpc/errors";
import { issueFor, parseJsonObject } from "./json-field";
import { datasetHref } from "./paths";

export function CreateDatasetButton({ project }: { project: string }) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon />
        New dataset
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        dismissible={!pending}
        title="New dataset"
        description="An empty dataset; add examples by uploading JSONL or syncing from the SDK."
      >
        <CreateDatasetForm project={project} onDone={() => setOpen(false)} onPendingChange={setPending} />
      </Dialog>
    </>
  );
}

function CreateDatasetForm({ project, onDone, onPendingChange }: { project: string; onDone: () => void; onPendingChange: (p: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const ids = { name: useId(), description: useId(), params: useId() };
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [params, setParams] = useState("");
  const [invalid, setInvalid] = useState<{ name?: string; params?: string }>({});

  const create = useMutation(
    trpc.datasets.create.mutationOptions({
      onMutate: () => onPendingChange(true),
      onSettled: () => onPendingChange(false),
      onSuccess: async (dataset) => {
        toast({ title: `Created dataset '${dataset.name}'`, tone: "success" });
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.list.pathKey() });
        onDone();
        router.push(datasetHref(project, dataset.id));
      },
    }),
  );

  const serverName = create.error && (fieldError(create.error, "name", "Name") ?? (errorCode(create.error) === "CONFLICT" ? errorMessage(create.error) : undefined));
  const nameError = invalid.name ?? serverName;
  const paramsError = invalid.params ?? (create.error ? fieldError(create.error, "params", "Params") : undefined);
  const otherError = create.error && !serverName && !paramsError ? errorMessage(create.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const json = parseJsonObject(params, {});
    const parsed = datasetCreateInput.safeParse({ name, description, params: json.value ?? {} });
    const problems = {
      name: parsed.success ? undefined : issueFor(parsed.error, "name", "Name"),
      params: json.error ? `Params ${json.error}` : undefined,
    };
    if (!parsed.success || json.error) {
      setInvalid(problems);
      return;
    }
    create.mutate(parsed.data);
  }

  const touch = () => {
    setInvalid({});
    if (create.error) create.reset();
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Field id={ids.name} label="Name" error={nameError}>
        <Input
          id={ids.name}
          value={name}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          placeholder="e.g. support-questions"
          aria-invalid={nameError ? true : undefined}
          aria-describedby={fieldDescribedBy(ids.name, { error: nameError })}
          onChange={(e) => {
            setName(e.target.value);
            touch();
          }}
        />
      </Field>
      <Field id={ids.description} label="Description" hint="Optional.">
        <Textarea
          id={ids.description}
          value={description}
          rows={2}
          className="min-h-14"
          aria-describedby={fieldDescribedBy(ids.description, { hint: true })}
          onChange={(e) => {
            setDescription(e.target.value);
            touch();
          }}
        />
      </Field>
      <Field id={ids.params} label="Params (JSON object)" hint="Optional. The dataset's own parameters; forks inherit them." error={paramsError}>
        <Textarea
          id={ids.params}
          value={params}
          rows={4}
          spellCheck={false}
          placeholder={'{\n  "language": "en"\n}'}
          className="font-mono text-xs"
          aria-invalid={paramsError ? true : undefined}
          aria-describedby={fieldDescribedBy(ids.params, { hint: true, error: paramsError })}
          onChange={(e) => {
            setParams(e.target.value);
            touch();
          }}
        />
      </Field>
      <InlineError>{otherError}</InlineError>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={create.isPending}>
          Create dataset
        </Button>
      </DialogFooter>
    </form>
  );
}
