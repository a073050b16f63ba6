"use client";

import { Button } from "../../../../_components/ui/button";
import { InlineError } from "../../../../_components/ui/error-state";
import { errorMessage } from "../../../../_trpc/errors";

interface InfiniteQueryLike {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => unknown;
}

/** The footer of a keyset-paged list: how many rows are shown and a button for the next page. */
export function LoadMore({
  query,
  shown,
  noun,
  total,
}: {
  query: InfiniteQueryLike;
  shown: number;
  /** Singular and plural, e.g. ["dataset", "datasets"]. */
  noun: readonly [string, string];
  total?: number | null;
}) {
  const fmt = new Intl.NumberFormat("en-US");
  const word = (total ?? shown) === 1 ? noun[0] : noun[1];
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-t border-border px-4 py-2.5 text-xs text-muted-foreground">
      <span className="tabular-nums" aria-live="polite">
        {total != null ? `${fmt.format(shown)} of ${fmt.format(total)} ${word}` : `${fmt.format(shown)} ${word}${query.hasNextPage ? " so far" : ""}`}
      </span>
      <div className="flex items-center gap-3">
        {query.isFetchNextPageError && <InlineError>{errorMessage(query.error)}</InlineError>}
        {query.hasNextPage && (
          <Button variant="secondary" size="sm" pending={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
            {query.isFetchNextPageError ? "Retry" : "Load more"}
          </Button>
        )}
      </div>
    </div>
  );
}
