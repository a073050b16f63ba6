"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { datasetForkInput, type Dataset } from "@/lib/contracts";
import { Button } from "../../../../../_components/ui/button";
import { Dialog, DialogFooter } from "../../../../../_components/ui/dialog";
import { InlineError } from "../../../../../_components/ui/error-state";
import { Input, Select, Textarea } from "../../../../../_components/ui/input";
import { Field, fieldDescribedBy } from "../../../../../_components/ui/label";
import { useToast } from "../../../../../_components/ui/toast";
import { useTRPC } from "../../../../../_trpc/client";
import { errorCode, errorMessage, fieldError } from "../../../../../_trpc/errors";
import { ForkIcon } from "../../../../../_components/icons";
import { issueFor, parseJsonObject } from "../../_components/json-field";
import { datasetHref } from "../../_components/paths";

export function ForkDatasetButton({ project, dataset }: { project: string; dataset: Dataset }) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        disabled={dataset.latestVersion === null}
        title={dataset.latestVersion === null ? "A dataset needs a version to be forked" : undefined}
        className="inline-flex h-8 shrink-0 items-center justify-center gap-1.5 rounded-md border border-input bg-card px-3 text-sm font-medium whitespace-nowrap text-foreground shadow-xs transition-colors select-none hover:bg-hover disabled:pointer-events-none disabled:opacity-50 [&_svg]:size-4"
      >
        <ForkIcon />
        Fork
      </button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        dismissible={!pending}
        className="max-w-lg"
        title={`Fork '${dataset.name}'`}
        description="A new dataset starting from a version of this one. It inherits the params; overrides below replace only the keys they name."
      >
        <ForkForm project={project} dataset={dataset} onDone={() => setOpen(false)} onPendingChange={setPending} />
      </Dialog>
    </>
  );
}

function ForkForm({
  project,
  dataset,
  onDone,
  onPendingChange,
}: {
  project: string;
  dataset: Dataset;
  onDone: () => void;
  onPendingChange: (pending: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const ids = { name: useId(), version: useId(), params: useId(), message: useId() };
  const versions = useQuery(trpc.versions.list.queryOptions({ datasetId: dataset.id, limit: 200 }));
  const [name, setName] = useState(`${dataset.name}-fork`);
  const [version, setVersion] = useState<string>(String(dataset.latestVersion ?? ""));
  const [params, setParams] = useState("");
  const [message, setMessage] = useState("");
  const [invalid, setInvalid] = useState<{ name?: string; params?: string }>({});

  const fork = useMutation(
    trpc.datasets.fork.mutationOptions({
      onMutate: () => onPendingChange(true),
      onSettled: () => onPendingChange(false),
      onSuccess: async (created) => {
        toast({ title: `Forked into '${created.name}'`, tone: "success" });
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.list.pathKey() });
        onDone();
        router.push(datasetHref(project, created.id));
      },
    }),
  );

  const serverName = fork.error && (fieldError(fork.error, "name", "Name") ?? (errorCode(fork.error) === "CONFLICT" ? errorMessage(fork.error) : undefined));
  const nameError = invalid.name ?? serverName;
  const paramsError = invalid.params ?? (fork.error ? fieldError(fork.error, "params", "Params") : undefined);
  const otherError = fork.error && !serverName && !paramsError ? errorMessage(fork.error) : null;
  const inherited = Object.keys(dataset.params).length ? JSON.stringify(dataset.params) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (fork.isPending) return;
    const json = parseJsonObject(params, undefined);
    const parsed = datasetForkInput.safeParse({
      datasetId: dataset.id,
      name,
      version: version ? Number(version) : undefined,
      ...(json.value ? { params: json.value } : {}),
      ...(message.trim() ? { message: message.trim() } : {}),
    });
    if (!parsed.success || json.error) {
      setInvalid({ name: parsed.success ? undefined : issueFor(parsed.error, "name", "Name"), params: json.error ? `Params ${json.error}` : undefined });
      return;
    }
    fork.mutate(parsed.data);
  }

  const touch = () => {
    setInvalid({});
    if (fork.error) fork.reset();
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Field id={ids.name} label="New dataset name" error={nameError}>
        <Input
          id={ids.name}
          value={name}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          onFocus={(e) => e.currentTarget.select()}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={fieldDescribedBy(ids.name, { error: nameError })}
          onChange={(e) => {
            setName(e.target.value);
            touch();
          }}
        />
      </Field>
      <Field id={ids.version} label="From version">
        <Select
          id={ids.version}
          value={version}
          onChange={(e) => {
            setVersion(e.target.value);
            touch();
          }}
        >
          {(versions.data?.items ?? (dataset.latestVersion ? [{ number: dataset.latestVersion, message: "", exampleCount: dataset.exampleCount }] : [])).map(
            (v) => (
              <option key={v.number} value={v.number}>
                v{v.number}
                {v.number === dataset.latestVersion ? " (latest)" : ""} · {v.exampleCount.toLocaleString("en-US")} examples
                {v.message ? ` · ${v.message.slice(0, 60)}` : ""}
              </option>
            ),
          )}
        </Select>
      </Field>
      <Field
        id={ids.params}
        label="Params overrides (JSON object)"
        hint={inherited ? `Optional. Inherited: ${inherited.length > 120 ? `${inherited.slice(0, 120)}…` : inherited}` : "Optional."}
        error={paramsError}
      >
        <Textarea
          id={ids.params}
          value={params}
          rows={3}
          spellCheck={false}
          placeholder={'{ "temperature": 0.2 }'}
          className="font-mono text-xs"
          aria-invalid={paramsError ? true : undefined}
          aria-describedby={fieldDescribedBy(ids.params, { hint: true, error: paramsError })}
          onChange={(e) => {
            setParams(e.target.value);
            touch();
          }}
        />
      </Field>
      <Field id={ids.message} label="Version message" hint="Optional. The message of the fork's first version.">
        <Input
          id={ids.message}
          value={message}
          autoComplete="off"
          aria-describedby={fieldDescribedBy(ids.message, { hint: true })}
          onChange={(e) => {
            setMessage(e.target.value);
            touch();
          }}
        />
      </Field>
      <InlineError>{otherError}</InlineError>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone} disabled={fork.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={fork.isPending}>
          Fork dataset
        </Button>
      </DialogFooter>
    </form>
  );
}
