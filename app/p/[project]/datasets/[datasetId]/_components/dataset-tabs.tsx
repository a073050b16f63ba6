"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Tabs } from "../../../../../_components/ui/tabs";
import { useTRPC } from "../../../../../_trpc/client";
import { datasetHref, type DatasetTab } from "../../_components/paths";

const count = new Intl.NumberFormat("en-US");

export function DatasetTabs({ project, datasetId, tab }: { project: string; datasetId: string; tab: DatasetTab }) {
  const trpc = useTRPC();
  const { data: dataset } = useSuspenseQuery(trpc.datasets.get.queryOptions({ datasetId }));
  const items = [
    { tab: "examples" as const, label: "Examples", meta: count.format(dataset.exampleCount) },
    { tab: "versions" as const, label: "Versions", meta: dataset.latestVersion === null ? "0" : String(dataset.latestVersion) },
    { tab: "runs" as const, label: "Runs", meta: count.format(dataset.runCount) },
    { tab: "metrics" as const, label: "Metrics", meta: undefined },
  ].map((item) => ({ href: datasetHref(project, datasetId, { tab: item.tab }), label: item.label, meta: item.meta }));
  return <Tabs label="Dataset sections" items={items} active={datasetHref(project, datasetId, { tab })} />;
}
