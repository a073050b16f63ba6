"use client";

import { useEffect } from "react";
import { errorMessage } from "../_trpc/errors";
import { Button, ButtonLink } from "./ui/button";
import { ErrorState } from "./ui/error-state";

/** The body of every error.tsx: what happened, a retry, and a way back. */
export function RouteError({ error, retry, title }: { error: unknown; retry?: () => void; title?: string }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = (error as { digest?: unknown } | null)?.digest;
  return (
    <div className="mx-auto max-w-xl py-10">
      <ErrorState
        title={title ?? "This page could not be loaded"}
        message={
          <>
            <p>{errorMessage(error)}</p>
            {typeof digest === "string" && <p className="mt-1 text-xs text-muted-foreground">Reference: {digest} (see the server log)</p>}
          </>
        }
        action={
          <>
            {retry && (
              <Button variant="secondary" size="sm" onClick={() => retry()}>
                Try again
              </Button>
            )}
            <ButtonLink href="/projects" variant="ghost" size="sm">
              Go to projects
            </ButtonLink>
          </>
        }
      />
    </div>
  );
}
