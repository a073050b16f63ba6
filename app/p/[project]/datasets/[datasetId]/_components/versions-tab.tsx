"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Version } from "@/lib/contracts";
import { DateTime } from "../../../../../_components/date-time";
import { ArrowRightIcon, DatasetIcon } from "../../../../../_components/icons";
import { Badge } from "../../../../../_components/ui/badge";
import { ButtonLink } from "../../../../../_components/ui/button";
import { Card } from "../../../../../_components/ui/card";
import { cn } from "../../../../../_components/ui/cn";
import { EmptyState } from "../../../../../_components/ui/empty-state";
import { useTRPC } from "../../../../../_trpc/client";
import { LoadMore } from "../../_components/load-more";
import { datasetHref, diffHref, exportHref, uploadHref, versionBoundParam } from "../../_components/paths";
import { nextCursor, versionListInput } from "../../_components/queries";
import { useShownValue, useUrlState } from "./url-state";
import { SummaryCounts } from "./version-summary";

const fmt = new Intl.NumberFormat("en-US");

export function VersionsTab({ project, datasetId }: { project: string; datasetId: string }) {
  const trpc = useTRPC();
  const { searchParams, set } = useUrlState();
  const query = useSuspenseInfiniteQuery(trpc.versions.list.infiniteQueryOptions(versionListInput(datasetId), { getNextPageParam: nextCursor }));
  const versions = query.data.pages.flatMap((p) => p.items);
  const created = versionBoundParam(searchParams.get("created") ?? undefined);
  // The two versions picked for a diff live in the URL (?from=&to=).
  const fromUrl = [versionBoundParam(searchParams.get("from") ?? undefined), versionBoundParam(searchParams.get("to") ?? undefined)].filter(
    (v): v is number => v !== undefined,
  );
  // Shown at once on a click; the URL follows in a transition.
  const [picked, setPicked] = useShownValue(fromUrl, (v) => v.join(","));

  if (versions.length === 0) {
    return (
      <EmptyState
        icon={<DatasetIcon />}
        title="No versions yet"
        action={
          <ButtonLink href={uploadHref(project, datasetId)} variant="primary">
            Upload JSONL
          </ButtonLink>
        }
      >
        Every upload or sync that changes something creates a version. Upload a JSONL file to create version 1.
      </EmptyState>
    );
  }

  const toggle = (number: number) => {
    const next = picked.includes(number) ? picked.filter((n) => n !== number) : [...picked, number].slice(-2);
    next.sort((a, b) => a - b);
    setPicked(next);
    set({ from: next[0] ?? null, to: next[1] ?? null, created: null });
  };
  const newest = versions[0];
  const createdVersion = created === undefined ? undefined : versions.find((v) => v.number === created);

  return (
    <div className="flex flex-col gap-3">
      {createdVersion && (
        <div role="status" className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-success/30 bg-success-soft px-4 py-3 text-sm">
          <span className="font-medium text-foreground">Version {createdVersion.number} created</span>
          <SummaryCounts summary={createdVersion.summary} unchanged />
          <span className="text-xs text-muted-foreground tabular-nums">{fmt.format(createdVersion.exampleCount)} examples in total</span>
          <Link href={datasetHref(project, datasetId, { version: createdVersion.number })} className="ml-auto text-xs font-medium text-accent hover:underline">
            See its examples
          </Link>
        </div>
      )}
      <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-border bg-card px-4 py-2.5 text-sm">
        <span className="text-muted-foreground">
          {picked.length === 2 ? (
            <>
              Selected <span className="font-medium text-foreground">v{picked[0]}</span> and{" "}
              <span className="font-medium text-foreground">v{picked[1]}</span>
            </>
          ) : picked.length === 1 ? (
            <>
              Selected <span className="font-medium text-foreground">v{picked[0]}</span>: pick one more version to compare.
            </>
          ) : (
            "Pick two versions to see what changed between them."
          )}
        </span>
        {picked.length === 2 ? (
          <ButtonLink href={diffHref(project, datasetId, picked[0], picked[1])} variant="primary" size="sm">
            Diff v{picked[0]} → v{picked[1]}
            <ArrowRightIcon />
          </ButtonLink>
        ) : (
          <span className="inline-flex h-7 items-center rounded-md border border-input px-2.5 text-xs font-medium text-muted-foreground opacity-60" aria-disabled="true">
            Diff
          </span>
        )}
      </div>
      <Card>
        <ol aria-label="Versions, newest first" className="flex flex-col">
          {versions.map((version, i) => (
            <VersionItem
              key={version.id}
              project={project}
              datasetId={datasetId}
              version={version}
              latest={version.number === newest.number}
              last={i === versions.length - 1 && !query.hasNextPage}
              checked={picked.includes(version.number)}
              highlight={version.number === created}
              onToggle={() => toggle(version.number)}
            />
          ))}
        </ol>
        <LoadMore query={query} shown={versions.length} total={newest.number} noun={["version", "versions"]} />
      </Card>
    </div>
  );
}

function VersionItem({
  project,
  datasetId,
  version,
  latest,
  last,
  checked,
  highlight,
  onToggle,
}: {
  project: string;
  datasetId: string;
  version: Version;
  latest: boolean;
  last: boolean;
  checked: boolean;
  highlight: boolean;
  onToggle: () => void;
}) {
  const checkboxId = `pick-v${version.number}`;
  return (
    <li className={cn("relative flex gap-3 border-b border-border px-4 py-3 last:border-b-0", highlight && "bg-success-soft/40", checked && "bg-hover/70")}>
      {/* The timeline rail and its dot. */}
      <div className="relative flex w-4 shrink-0 justify-center" aria-hidden="true">
        <span className={cn("absolute top-0 w-px bg-border", last ? "h-3" : "-bottom-3")} />
        <span className={cn("relative mt-1.5 size-2.5 rounded-full border-2 bg-card", latest ? "border-foreground" : "border-muted-foreground/60")} />
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm font-semibold text-foreground tabular-nums">v{version.number}</span>
          {latest && <Badge tone="info">latest</Badge>}
          <span className={cn("min-w-0 truncate text-sm", version.message ? "text-foreground" : "text-muted-foreground italic")}>
            {version.message || "No message"}
          </span>
          <span className="ml-auto text-xs whitespace-nowrap text-muted-foreground">
            <DateTime value={version.createdAt} />
          </span>
        </div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <SummaryCounts summary={version.summary} />
          <span className="text-xs text-muted-foreground tabular-nums">{fmt.format(version.exampleCount)} examples in total</span>
        </div>
        <div className="mt-1 flex flex-wrap items-center gap-1 text-xs">
          <Link href={datasetHref(project, datasetId, { version: version.number })} className="rounded px-1.5 py-0.5 font-medium text-accent hover:bg-hover">
            Examples
          </Link>
          <Link
            href={diffHref(project, datasetId, version.number - 1, version.number)}
            className="rounded px-1.5 py-0.5 font-medium text-accent hover:bg-hover"
          >
            {version.number === 1 ? "Changes" : `Diff with v${version.number - 1}`}
          </Link>
          <a href={exportHref(project, datasetId, version.number)} download className="rounded px-1.5 py-0.5 font-medium text-accent hover:bg-hover">
            Export
          </a>
          <label htmlFor={checkboxId} className="ml-auto flex cursor-pointer items-center gap-1.5 rounded px-1.5 py-0.5 text-muted-foreground hover:bg-hover">
            <input id={checkboxId} type="checkbox" checked={checked} onChange={onToggle} className="size-3.5 accent-[var(--accent)]" />
            Select v{version.number} for diff
          </label>
        </div>
      </div>
    </li>
  );
}
