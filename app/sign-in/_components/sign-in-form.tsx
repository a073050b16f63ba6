"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore, type FormEvent } from "react";
import { credentialsInput } from "@/lib/contracts";
import { Button } from "../../_components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "../../_components/ui/card";
import { InlineError } from "../../_components/ui/error-state";
import { Input } from "../../_components/ui/input";
import { Field, fieldDescribedBy } from "../../_components/ui/label";
import { useTRPC } from "../../_trpc/client";
import { errorCode, errorMessage, fieldError } from "../../_trpc/errors";
import { issueFor } from "../../p/[project]/datasets/_components/json-field";

type Mode = "setup" | "signIn";

const COPY: Record<Mode, { title: string; description: string; submit: string; pending: string }> = {
  setup: {
    title: "Create the owner account",
    description: "This Cairn has no accounts yet. The first one owns every project; add others later from a project's Settings.",
    submit: "Create account",
    pending: "Creating account…",
  },
  signIn: {
    title: "Sign in",
    description: "Use the email and password a project owner gave you.",
    submit: "Sign in",
    pending: "Signing in…",
  },
};

const subscribe = () => () => {};

/** The session cookie is `Secure` off loopback: over plain http there, the browser drops it. */
function useInsecureContext(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => !window.isSecureContext,
    () => false,
  );
}

export function SignInForm({ mode, next }: { mode: Mode; next: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const ids = { email: useId(), password: useId(), error: useId() };
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [invalid, setInvalid] = useState<{ email?: string; password?: string }>({});
  const insecure = useInsecureContext();
  const copy = COPY[mode];

  const onSuccess = () => {
    // Nothing read while signed out may be shown to the account now signed in.
    queryClient.clear();
    router.replace(next);
  };
  const setup = useMutation(trpc.auth.setup.mutationOptions({ onSuccess }));
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess }));
  const mutation = mode === "setup" ? setup : signIn;
  // Still busy while the app page loads after success.
  const pending = setup.isPending || signIn.isPending || setup.isSuccess || signIn.isSuccess;
  // The setup's error stays in view when the page has turned into the sign-in form (below).
  const error = signIn.error ?? setup.error;

  const emailError = invalid.email ?? (error ? fieldError(error, "email", "Email") : undefined);
  const passwordError = invalid.password ?? (error ? fieldError(error, "password", "Password") : undefined);
  const formError = error && !emailError && !passwordError ? errorMessage(error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const parsed = credentialsInput.safeParse({ email, password });
    if (!parsed.success) {
      setInvalid({ email: issueFor(parsed.error, "email", "Email"), password: issueFor(parsed.error, "password", "Password") });
      return;
    }
    setup.reset();
    signIn.reset();
    mutation.mutate(parsed.data, {
      // Someone else created the first account meanwhile: the page turns into the sign-in form.
      onError: (e) => {
        if (mode === "setup" && errorCode(e) === "CONFLICT") router.refresh();
      },
    });
  }

  const touch = () => {
    setInvalid({});
    if (setup.error) setup.reset();
    if (signIn.error) signIn.reset();
  };

  return (
    <Card className="w-full max-w-sm">
      <CardHeader className="gap-1.5 px-6 pt-6">
        <h1 className="text-base font-semibold text-foreground">{copy.title}</h1>
        <CardDescription className="text-sm">{copy.description}</CardDescription>
      </CardHeader>
      <CardContent className="px-6 pb-6">
        <form onSubmit={submit} noValidate aria-busy={pending || undefined} aria-describedby={formError ? ids.error : undefined} className="flex flex-col gap-4">
          {insecure && (
            <p role="note" className="rounded-md border border-warning/30 bg-warning-soft px-3 py-2 text-xs text-warning">
              This page is served over plain http: the browser will not keep the session cookie. Open Cairn over https.
            </p>
          )}
          <Field id={ids.email} label="Email" error={emailError}>
            <Input
              id={ids.email}
              type="email"
              name="email"
              value={email}
              autoComplete="username"
              autoFocus
              spellCheck={false}
              aria-invalid={emailError ? true : undefined}
              aria-describedby={fieldDescribedBy(ids.email, { error: emailError })}
              onChange={(event) => {
                setEmail(event.target.value);
                touch();
              }}
            />
          </Field>
          <Field id={ids.password} label="Password" hint={mode === "setup" ? "At least 8 characters." : undefined} error={passwordError}>
            <Input
              id={ids.password}
              type="password"
              name="password"
              value={password}
              autoComplete={mode === "setup" ? "new-password" : "current-password"}
              aria-invalid={passwordError ? true : undefined}
              aria-describedby={fieldDescribedBy(ids.password, { hint: mode === "setup", error: passwordError })}
              onChange={(event) => {
                setPassword(event.target.value);
                touch();
              }}
            />
          </Field>
          <InlineError id={ids.error} className="rounded-md border border-danger/30 bg-danger-soft px-3 py-2">
            {formError}
          </InlineError>
          <Button type="submit" pending={pending} className="w-full">
            {pending ? copy.pending : copy.submit}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
