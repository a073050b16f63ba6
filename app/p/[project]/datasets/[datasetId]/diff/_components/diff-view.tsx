"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import type { DiffEntry } from "@/lib/contracts";
import { Badge } from "../../../../../../_components/ui/badge";
import { Button, ButtonLink, Spinner } from "../../../../../../_components/ui/button";
import { Card } from "../../../../../../_components/ui/card";
import { EmptyState } from "../../../../../../_components/ui/empty-state";
import { Loading, Skeleton } from "../../../../../../_components/ui/skeleton";
import { useTRPC } from "../../../../../../_trpc/client";
import { ExampleContentView, ExampleDiff } from "../../../_components/example-diff";
import { LoadMore } from "../../../_components/load-more";
import { datasetHref, datasetsHref, diffHref } from "../../../_components/paths";
import { diffInput, nextCursor } from "../../../_components/queries";
import { VersionSelect } from "../../_components/version-select";

const fmt = new Intl.NumberFormat("en-US");

export function DiffView({ project, dataset, from, to }: { project: string; dataset: { id: string; name: string }; from: number; to: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const query = useSuspenseInfiniteQuery(trpc.versions.diff.infiniteQueryOptions(diffInput(dataset.id, from, to), { getNextPageParam: nextCursor }));
  const entries = query.data.pages.flatMap((p) => p.items);
  const counts = query.data.pages[0]?.counts ?? { added: 0, updated: 0, deleted: 0 };
  const total = counts.added + counts.updated + counts.deleted;
  const go = (nextFrom: number, nextTo: number) => startTransition(() => router.replace(diffHref(project, dataset.id, nextFrom, nextTo), { scroll: false }));

  return (
    <div className="flex flex-col gap-5">
      <header className="flex flex-col gap-3">
        <nav aria-label="Breadcrumb" className="text-xs text-muted-foreground">
          <Link href={datasetsHref(project)} className="hover:text-foreground hover:underline hover:underline-offset-4">
            Datasets
          </Link>
          <span aria-hidden="true" className="mx-1.5">
            /
          </span>
          <Link href={datasetHref(project, dataset.id, { tab: "versions" })} className="hover:text-foreground hover:underline hover:underline-offset-4">
            {dataset.name}
          </Link>
          <span aria-hidden="true" className="mx-1.5">
            /
          </span>
          <span className="text-foreground">Diff</span>
        </nav>
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div className="flex flex-col gap-1">
            <h1 className="text-xl font-semibold tracking-tight text-foreground">
              {from === 0 ? `Everything in v${to}` : `Changes from v${from} to v${to}`}
            </h1>
            <p className="text-sm text-muted-foreground">Examples added, removed or changed between the two versions, in dataset order.</p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-xs text-muted-foreground">From</span>
            <VersionSelect datasetId={dataset.id} value={from} label="From version" allowLatest={false} allowEmpty className="w-64" onChange={(v) => go(v ?? 0, to)} />
            <Button variant="ghost" size="icon" aria-label="Swap versions" title="Swap versions" onClick={() => go(to, from)}>
              <svg viewBox="0 0 16 16" fill="none" aria-hidden="true">
                <path d="M3 5.5h10M10.5 3L13 5.5 10.5 8M13 10.5H3M5.5 8L3 10.5 5.5 13" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            </Button>
            <span className="text-xs text-muted-foreground">to</span>
            <VersionSelect datasetId={dataset.id} value={to} label="To version" allowLatest={false} allowEmpty className="w-64" onChange={(v) => go(from, v ?? 0)} />
            {pending && <Spinner className="size-4 text-muted-foreground" />}
          </div>
        </div>
        <div className="flex flex-wrap gap-2" aria-label="Totals">
          <CountPill tone="success" label="added" value={counts.added} />
          <CountPill tone="danger" label="removed" value={counts.deleted} />
          <CountPill tone="info" label="changed" value={counts.updated} />
        </div>
      </header>

      {total === 0 ? (
        <EmptyState
          title={from === to ? "Same version on both sides" : "No differences"}
          action={
            <ButtonLink href={datasetHref(project, dataset.id, { tab: "versions" })} variant="secondary">
              Back to versions
            </ButtonLink>
          }
        >
          {from === to ? "Pick two different versions above." : `The examples at v${from} and v${to} are identical.`}
        </EmptyState>
      ) : (
        <Card>
          <ol className="flex flex-col divide-y divide-border" aria-label="Differences">
            {entries.map((entry) => (
              <DiffItem key={entry.exampleId} project={project} datasetId={dataset.id} entry={entry} />
            ))}
          </ol>
          <LoadMore query={query} shown={entries.length} total={total} noun={["difference", "differences"]} />
        </Card>
      )}
    </div>
  );
}

function CountPill({ tone, label, value }: { tone: "success" | "danger" | "info"; label: string; value: number }) {
  return (
    <Badge tone={value ? tone : "neutral"} className="h-6 px-2.5 text-xs">
      <span className="tabular-nums">{fmt.format(value)}</span> {label}
    </Badge>
  );
}

const changeLabel = { added: "Added", deleted: "Removed", updated: "Changed" } as const;
const changeTone = { added: "success", deleted: "danger", updated: "info" } as const;

function DiffItem({ project, datasetId, entry }: { project: string; datasetId: string; entry: DiffEntry }) {
  return (
    <li className="flex flex-col gap-2.5 px-4 py-3" aria-label={`${changeLabel[entry.change]} ${entry.sourceId ?? entry.exampleId}`}>
      <div className="flex items-center gap-2">
        <Badge tone={changeTone[entry.change]}>{changeLabel[entry.change]}</Badge>
        <code className="truncate font-mono text-xs text-foreground">{entry.sourceId ?? entry.exampleId}</code>
        <Link
          href={datasetHref(project, datasetId, { example: entry.exampleId })}
          className="ml-auto text-xs font-medium whitespace-nowrap text-accent hover:underline"
        >
          History
        </Link>
      </div>
      {entry.change === "updated" && entry.before && entry.after && <ExampleDiff before={entry.before} after={entry.after} />}
      {entry.change === "added" && entry.after && <ExampleContentView content={entry.after} />}
      {entry.change === "deleted" && entry.before && <ExampleContentView content={entry.before} className="opacity-75" />}
    </li>
  );
}

export function DiffSkeleton() {
  return (
    <Loading label="Loading diff…" className="flex flex-col gap-5">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-4 w-48" />
        <Skeleton className="h-6 w-64" />
        <Skeleton className="h-4 w-96" />
        <div className="flex gap-2">
          <Skeleton className="h-6 w-20" />
          <Skeleton className="h-6 w-20" />
          <Skeleton className="h-6 w-20" />
        </div>
      </div>
      <div className="flex flex-col gap-3 rounded-lg border border-border bg-card p-4">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="flex flex-col gap-2">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-16 w-full" />
          </div>
        ))}
      </div>
    </Loading>
  );
}
