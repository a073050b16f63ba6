"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { API_KEY_ROLES, apiKeyCreateInput, type ApiKey, type ApiKeyRole } from "@/lib/contracts";
import { PlusIcon } from "../../../../_components/icons";
import { Button } from "../../../../_components/ui/button";
import { Input } from "../../../../_components/ui/input";
import { Field, fieldDescribedBy } from "../../../../_components/ui/label";
import { useTRPC } from "../../../../_trpc/client";
import { errorMessage, fieldError } from "../../../../_trpc/errors";
import { issueFor } from "../../datasets/_components/json-field";
import { FormButtonSlot } from "./form-button-slot";
import { RoleField } from "./role-field";

export type CreatedKey = ApiKey & { secret: string };

export function CreateApiKeyForm({ onCreated }: { onCreated: (key: CreatedKey) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { name: useId(), role: useId() };
  const [name, setName] = useState("");
  const [role, setRole] = useState<ApiKeyRole>("member");
  const [invalid, setInvalid] = useState<string | null>(null);

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (key) => {
        setName("");
        onCreated(key);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
    }),
  );

  const error = invalid ?? (create.error ? (fieldError(create.error, "name", "Name") ?? errorMessage(create.error)) : null);
  const hint = "Say where it is used: one key per script or CI job.";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const parsed = apiKeyCreateInput.safeParse({ name, role });
    if (!parsed.success) {
      setInvalid(issueFor(parsed.error, "name", "Name") ?? "Name is not valid");
      return;
    }
    create.mutate(parsed.data);
  }

  const touch = () => {
    setInvalid(null);
    if (create.error) create.reset();
  };

  return (
    <form onSubmit={submit} noValidate aria-label="New API key" className="grid gap-3 md:grid-cols-[minmax(0,26rem)_12rem_auto] md:items-start">
      <Field id={ids.name} label="Key name" hint={hint} error={error}>
        <Input
          id={ids.name}
          value={name}
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. ci-nightly"
          aria-invalid={error ? true : undefined}
          aria-describedby={fieldDescribedBy(ids.name, { hint, error })}
          onChange={(event) => {
            setName(event.target.value);
            touch();
          }}
        />
      </Field>
      <RoleField
        roles={API_KEY_ROLES}
        value={role}
        onChange={(next) => {
          setRole(next);
          touch();
        }}
      />
      <FormButtonSlot>
        <Button type="submit" pending={create.isPending}>
          {!create.isPending && <PlusIcon />}
          Create key
        </Button>
      </FormButtonSlot>
    </form>
  );
}
