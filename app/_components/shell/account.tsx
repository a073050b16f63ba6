"use client";

import { useMutation } from "@tanstack/react-query";
import type { AuthStatus } from "@/lib/contracts";
import { useTRPC } from "../../_trpc/client";
import { errorMessage } from "../../_trpc/errors";
import { ArrowRightIcon } from "../icons";
import { Spinner } from "../ui/button";
import { cn } from "../ui/cn";
import { useToast } from "../ui/toast";
import { linkClass } from "./sidebar-nav";

/** The bottom of the sidebar: who is signed in and the way out, or the note that nobody needs to. */
export function AccountArea({ auth }: { auth: AuthStatus }) {
  if (auth.mode === "local" || !auth.user) {
    return (
      <p
        className="px-2 text-xs text-muted-foreground md:border-t md:border-border md:pt-3"
        title="No sign-in: Cairn runs on this machine only (embedded database on a loopback address)"
      >
        Single-user mode
      </p>
    );
  }
  return <SignedIn email={auth.user.email} />;
}

function SignedIn({ email }: { email: string }) {
  const trpc = useTRPC();
  const toast = useToast();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      // A full load on purpose: nothing the account read stays in this tab's query or router cache.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      onSuccess: () => window.location.assign("/sign-in"),
      onError: (error) => toast({ title: "Could not sign out", description: errorMessage(error), tone: "danger" }),
    }),
  );
  const pending = signOut.isPending || signOut.isSuccess;
  return (
    <div className="flex flex-col gap-0.5 md:border-t md:border-border md:pt-3">
      <div className="flex min-w-0 items-center gap-2.5 px-2 py-1">
        <span
          aria-hidden="true"
          className="flex size-6 shrink-0 items-center justify-center rounded-full bg-muted text-[11px] font-semibold text-muted-foreground uppercase"
        >
          {email.slice(0, 1)}
        </span>
        <p className="flex min-w-0 flex-col leading-tight">
          <span className="text-[11px] text-muted-foreground">Signed in as</span>
          <span className="truncate text-xs font-medium text-foreground" title={email}>
            {email}
          </span>
        </p>
      </div>
      <button
        type="button"
        className={cn(linkClass(false), "w-full disabled:opacity-60")}
        disabled={pending}
        aria-busy={pending || undefined}
        onClick={() => signOut.mutate()}
      >
        {pending ? <Spinner /> : <ArrowRightIcon />}
        Sign out
      </button>
    </div>
  );
}
