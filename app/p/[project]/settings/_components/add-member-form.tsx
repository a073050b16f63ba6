"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { MEMBER_ROLES, memberAddInput, type MemberRole } from "@/lib/contracts";
import { PlusIcon } from "../../../../_components/icons";
import { Button } from "../../../../_components/ui/button";
import { InlineError } from "../../../../_components/ui/error-state";
import { Input } from "../../../../_components/ui/input";
import { Field, fieldDescribedBy } from "../../../../_components/ui/label";
import { useToast } from "../../../../_components/ui/toast";
import { useTRPC } from "../../../../_trpc/client";
import { errorCode, errorMessage, fieldError } from "../../../../_trpc/errors";
import { issueFor } from "../../datasets/_components/json-field";
import { ROLE_LABELS } from "./roles";
import { FormButtonSlot } from "./form-button-slot";
import { RoleField } from "./role-field";

const PASSWORD_HINT = "For a new account only; you hand the password over.";

export function AddMemberForm({ project }: { project: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const ids = { email: useId(), password: useId() };
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MemberRole>("member");
  const [password, setPassword] = useState("");
  const [invalid, setInvalid] = useState<{ email?: string; password?: string }>({});

  const add = useMutation(
    trpc.members.add.mutationOptions({
      onSuccess: async (member) => {
        setEmail("");
        setPassword("");
        setInvalid({});
        toast({ title: `Added ${member.email} as ${ROLE_LABELS[member.role].toLowerCase()}`, tone: "success" });
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
      },
    }),
  );

  const error = add.error;
  // No account has this email and no password was given: the password field says what to do.
  const needsPassword = errorCode(error) === "NOT_FOUND" && password === "";
  const emailError = invalid.email ?? (error ? fieldError(error, "email", "Email") : undefined);
  const passwordError =
    invalid.password ??
    (error ? fieldError(error, "password", "Password") : undefined) ??
    (needsPassword ? "No account has this email yet: give an initial password to create it." : undefined);
  const formError = error && !emailError && !passwordError ? errorMessage(error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (add.isPending) return;
    const parsed = memberAddInput.safeParse({ email, role, password: password === "" ? undefined : password });
    if (!parsed.success) {
      setInvalid({ email: issueFor(parsed.error, "email", "Email"), password: issueFor(parsed.error, "password", "Password") });
      return;
    }
    add.mutate(parsed.data);
  }

  const touch = () => {
    setInvalid({});
    if (add.error) add.reset();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Add a member to ${project}`} className="flex flex-col gap-3">
      <div className="grid gap-3 md:grid-cols-[minmax(0,1.4fr)_minmax(0,0.8fr)_minmax(0,1.2fr)_auto] md:items-start">
        <Field id={ids.email} label="Email" error={emailError}>
          <Input
            id={ids.email}
            type="email"
            value={email}
            autoComplete="off"
            spellCheck={false}
            placeholder="name@example.com"
            aria-invalid={emailError ? true : undefined}
            aria-describedby={fieldDescribedBy(ids.email, { error: emailError })}
            onChange={(event) => {
              setEmail(event.target.value);
              touch();
            }}
          />
        </Field>
        <RoleField
          roles={MEMBER_ROLES}
          value={role}
          onChange={(next) => {
            setRole(next);
            touch();
          }}
        />
        <Field id={ids.password} label="Initial password (optional)" hint={PASSWORD_HINT} error={passwordError}>
          <Input
            id={ids.password}
            type="password"
            value={password}
            autoComplete="new-password"
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={fieldDescribedBy(ids.password, { hint: PASSWORD_HINT, error: passwordError })}
            onChange={(event) => {
              setPassword(event.target.value);
              touch();
            }}
          />
        </Field>
        <FormButtonSlot>
          <Button type="submit" pending={add.isPending}>
            {!add.isPending && <PlusIcon />}
            Add member
          </Button>
        </FormButtonSlot>
      </div>
      <InlineError>{formError}</InlineError>
    </form>
  );
}
