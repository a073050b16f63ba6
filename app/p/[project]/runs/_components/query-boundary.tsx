"use client";

import { QueryErrorResetBoundary } from "@tanstack/react-query";
import { Component, type ReactNode } from "react";
import { Button } from "../../../../_components/ui/button";
import { ErrorState } from "../../../../_components/ui/error-state";
import { errorMessage } from "../../../../_trpc/errors";

interface BoundaryProps {
  title: string;
  /** Changing it (e.g. the filters' query) clears a shown error and renders the children again. */
  resetKey?: string;
  onReset: () => void;
  children: ReactNode;
}

/**
 * A query that failed during the server render reaches the browser as React's redacted
 * "error in the Server Components render" (a digest, no tRPC data): the real message is lost.
 * Asking again from the browser gets the API's own answer ("dataset 'x' not found").
 */
function isRedactedServerError(error: unknown): boolean {
  const e = error as { data?: unknown; digest?: unknown } | null;
  return typeof e?.digest === "string" && e.data === undefined;
}

class Boundary extends Component<BoundaryProps, { error: unknown; key: string | undefined; retried: boolean }> {
  state = { error: null as unknown, key: this.props.resetKey, retried: false };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  componentDidCatch(error: unknown) {
    if (isRedactedServerError(error) && !this.state.retried) {
      this.props.onReset();
      this.setState({ error: null, retried: true });
    }
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: { error: unknown; key: string | undefined }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey, retried: false } : null;
  }

  render() {
    if (this.state.error == null) return this.props.children;
    if (isRedactedServerError(this.state.error) && !this.state.retried) return null;
    return (
      <ErrorState
        title={this.props.title}
        message={errorMessage(this.state.error)}
        action={
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              this.props.onReset();
              this.setState({ error: null });
            }}
          >
            Try again
          </Button>
        }
      />
    );
  }
}

/**
 * Catches a failed query below it and shows the server's message with a retry, in place: the
 * controls above it (filters, search text) stay as the user left them.
 */
export function QueryBoundary({ title, resetKey, children }: { title: string; resetKey?: string; children: ReactNode }) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <Boundary title={title} resetKey={resetKey} onReset={reset}>
          {children}
        </Boundary>
      )}
    </QueryErrorResetBoundary>
  );
}
