"use client";

import { useQuery } from "@tanstack/react-query";
import type { Revision } from "@/lib/contracts";
import { Badge } from "../../../../../_components/ui/badge";
import { cn } from "../../../../../_components/ui/cn";
import { Dialog } from "../../../../../_components/ui/dialog";
import { ErrorState } from "../../../../../_components/ui/error-state";
import { Loading, Skeleton } from "../../../../../_components/ui/skeleton";
import { useTRPC } from "../../../../../_trpc/client";
import { errorMessage } from "../../../../../_trpc/errors";
import { ExampleContentView, ExampleDiff } from "../../_components/example-diff";

/** `?example=<id>`: the example's revisions, newest first, each with what it changed. */
export function ExampleDialog({
  datasetId,
  exampleId,
  version,
  onClose,
}: {
  datasetId: string;
  exampleId: string | null;
  version: number | undefined;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={exampleId !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Example history"
      description="Every revision of this example, newest first. A revision is in force from the version it was made in until the next one."
      className="max-w-5xl"
    >
      {exampleId && <History datasetId={datasetId} exampleId={exampleId} version={version} />}
    </Dialog>
  );
}

function History({ datasetId, exampleId, version }: { datasetId: string; exampleId: string; version: number | undefined }) {
  const trpc = useTRPC();
  const example = useQuery(trpc.examples.get.queryOptions({ datasetId, exampleId }));
  if (example.isPending) {
    return (
      <Loading label="Loading example history…" className="flex flex-col gap-3">
        <Skeleton className="h-5 w-56" />
        <Skeleton className="h-28 w-full" />
        <Skeleton className="h-28 w-full" />
      </Loading>
    );
  }
  if (example.isError) return <ErrorState title="The example could not be loaded" message={errorMessage(example.error)} />;
  const { history, sourceId } = example.data;
  return (
    <div className="flex max-h-[70vh] flex-col gap-3 overflow-y-auto pr-1">
      <p className="text-sm">
        Source id <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{sourceId ?? "—"}</code>
        <span className="ml-2 text-xs text-muted-foreground">
          {history.length} {history.length === 1 ? "revision" : "revisions"}
        </span>
      </p>
      <ol className="flex flex-col gap-3">
        {history.map((revision, i) => (
          <RevisionItem key={revision.validFrom} revision={revision} previous={history[i + 1]} viewed={inForceAt(revision, version)} />
        ))}
      </ol>
    </div>
  );
}

function inForceAt(revision: Revision, version: number | undefined): boolean {
  if (version === undefined) return revision.validTo === null;
  return revision.validFrom <= version && (revision.validTo === null || version < revision.validTo);
}

const kindLabel: Record<Revision["kind"], string> = { CREATE: "Added", PATCH: "Changed", DELETE: "Deleted" };
const kindTone = { CREATE: "success", PATCH: "info", DELETE: "danger" } as const;

function RevisionItem({ revision, previous, viewed }: { revision: Revision; previous: Revision | undefined; viewed: boolean }) {
  const range = revision.validTo === null ? `v${revision.validFrom} – now` : `v${revision.validFrom} – v${revision.validTo - 1}`;
  const compareWith = previous && previous.kind !== "DELETE" && revision.kind !== "DELETE" ? previous : undefined;
  return (
    <li className={cn("rounded-lg border bg-card p-3", viewed ? "border-ring/60" : "border-border")}>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <Badge tone={kindTone[revision.kind]}>{kindLabel[revision.kind]}</Badge>
        <span className="font-medium text-foreground">in v{revision.validFrom}</span>
        <span className="text-muted-foreground">in force {range}</span>
        {viewed && <Badge tone="info">shown version</Badge>}
        {revision.hash && (
          <code className="ml-auto font-mono text-[11px] text-muted-foreground" title={`sha256 ${revision.hash}`}>
            {revision.hash.slice(0, 12)}
          </code>
        )}
      </div>
      {revision.kind === "DELETE" ? (
        <p className="text-xs text-muted-foreground">The example was removed from the dataset in this version.</p>
      ) : viewed || !compareWith ? (
        // The revision being looked at: its content first, then what it changed.
        <>
          <ExampleContentView content={revision} />
          {compareWith && (
            <details className="mt-2" open>
              <summary className="cursor-pointer text-xs text-muted-foreground select-none hover:text-foreground">Changes from v{compareWith.validFrom}</summary>
              <ExampleDiff before={compareWith} after={revision} className="mt-2" />
            </details>
          )}
        </>
      ) : (
        <>
          <p className="mb-2 text-xs text-muted-foreground">Changes from v{compareWith.validFrom}</p>
          <ExampleDiff before={compareWith} after={revision} />
          <details className="mt-2">
            <summary className="cursor-pointer text-xs text-muted-foreground select-none hover:text-foreground">Full content</summary>
            <ExampleContentView content={revision} className="mt-2" />
          </details>
        </>
      )}
    </li>
  );
}
