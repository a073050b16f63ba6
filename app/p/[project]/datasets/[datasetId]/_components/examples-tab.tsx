"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { JsonPreview } from "../../../../../_components/json-view";
import { DatasetIcon, SearchOffIcon } from "../../../../../_components/icons";
import { Badge } from "../../../../../_components/ui/badge";
import { ButtonLink } from "../../../../../_components/ui/button";
import { Card } from "../../../../../_components/ui/card";
import { cn } from "../../../../../_components/ui/cn";
import { EmptyState } from "../../../../../_components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../../../../_components/ui/table";
import { useTRPC } from "../../../../../_trpc/client";
import { LoadMore } from "../../_components/load-more";
import { positiveIntParam, uploadHref } from "../../_components/paths";
import { exampleListInput, nextCursor } from "../../_components/queries";
import { SearchBox } from "../../_components/search-box";
import { ExampleDialog } from "./example-dialog";
import { useUrlState } from "./url-state";
import { VersionSelect } from "./version-select";
import { useAllVersions } from "./versions-query";

export function ExamplesTab({ project, datasetId }: { project: string; datasetId: string }) {
  const { searchParams, set, hrefWith } = useUrlState();
  const version = positiveIntParam(searchParams.get("version") ?? undefined);
  const q = searchParams.get("q")?.trim() ?? "";
  const selected = searchParams.get("example");

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <VersionSelect
          datasetId={datasetId}
          value={version}
          label="Examples at version"
          className="w-72"
          onChange={(v) => set({ version: v ?? null, example: null })}
        />
        <SearchBox label="Filter examples" placeholder="Filter by text in id, input, output, metadata…" reset={["example"]} className="w-full max-w-sm" />
      </div>
      <ExamplesTable project={project} datasetId={datasetId} version={version} q={q} selected={selected} hrefWith={hrefWith} />
      <ExampleDialog datasetId={datasetId} exampleId={selected} version={version} onClose={() => set({ example: null })} />
    </div>
  );
}

function ExamplesTable({
  project,
  datasetId,
  version,
  q,
  selected,
  hrefWith,
}: {
  project: string;
  datasetId: string;
  version: number | undefined;
  q: string;
  selected: string | null;
  hrefWith: (changes: Record<string, string | null>) => string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const query = useSuspenseInfiniteQuery(trpc.examples.list.infiniteQueryOptions(exampleListInput(datasetId, version, q), { getNextPageParam: nextCursor }));
  const { versions } = useAllVersions(datasetId);
  const examples = query.data.pages.flatMap((page) => page.items);
  const at = query.data.pages[0]?.version ?? null;
  const total = q ? null : (versions.find((v) => v.number === at)?.exampleCount ?? null);

  if (at === null) {
    return (
      <EmptyState
        icon={<DatasetIcon />}
        title="No examples yet"
        action={
          <ButtonLink href={uploadHref(project, datasetId)} variant="primary">
            Upload JSONL
          </ButtonLink>
        }
      >
        This dataset has no version. Upload a JSONL file (one example per line) or sync from the SDK to create version 1.
      </EmptyState>
    );
  }
  // A filtered page may come back empty with more to read (the server bounds each page's scan):
  // then the table shows "0 so far" with Load more, not "no match".
  if (examples.length === 0 && !query.hasNextPage) {
    return q ? (
      <EmptyState
        icon={<SearchOffIcon />}
        title={`No examples match '${q}' at v${at}`}
        action={
          <ButtonLink href={hrefWith({ q: null })} variant="secondary">
            Clear filter
          </ButtonLink>
        }
      >
        The filter looks for the text, ignoring case, in the source id and anywhere in input, output and metadata.
      </EmptyState>
    ) : (
      <EmptyState icon={<DatasetIcon />} title={`Version ${at} has no examples`}>
        Every example was deleted in this version. Pick another version above.
      </EmptyState>
    );
  }

  return (
    <Card>
      <Table aria-label={`Examples at version ${at}`} className="table-fixed">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="w-44 pl-4">Source id</TableHead>
            <TableHead>Input</TableHead>
            <TableHead>Output</TableHead>
            <TableHead className="w-[22%]">Metadata</TableHead>
            <TableHead className="w-24 pr-4 text-right">Revised</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {examples.map((example) => {
            const href = hrefWith({ example: example.id });
            return (
              <TableRow
                key={example.id}
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest("a,button")) return;
                  router.replace(href, { scroll: false });
                }}
                className={cn("cursor-pointer", selected === example.id && "bg-hover")}
              >
                <TableCell className="truncate pl-4 font-mono text-xs">
                  <Link href={href} replace scroll={false} className="text-foreground hover:underline hover:underline-offset-4" title="Open revision history">
                    {example.sourceId ?? <span className="text-muted-foreground italic">no id</span>}
                  </Link>
                </TableCell>
                <TableCell>
                  <JsonPreview value={example.input} />
                </TableCell>
                <TableCell>
                  <JsonPreview value={example.output} />
                </TableCell>
                <TableCell>
                  <JsonPreview value={example.metadata} className="text-muted-foreground" />
                </TableCell>
                <TableCell className="pr-4 text-right">
                  <Badge tone={example.kind === "CREATE" ? "neutral" : "info"} title={example.kind === "CREATE" ? `Added in v${example.revisedAt}` : `Changed in v${example.revisedAt}`}>
                    v{example.revisedAt}
                  </Badge>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <LoadMore query={query} shown={examples.length} total={total} noun={q ? [`matching example at v${at}`, `matching examples at v${at}`] : [`example at v${at}`, `examples at v${at}`]} />
    </Card>
  );
}
