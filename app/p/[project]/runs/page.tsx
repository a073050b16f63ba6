import type { Metadata } from "next";
import { RunIcon } from "../../../_components/icons";
import { PageHeader } from "../../../_components/page-header";
import { EmptyState } from "../../../_components/ui/empty-state";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Experiments recorded against an exact dataset version." />
      <EmptyState icon={<RunIcon />} title="No runs yet">
        Record an experiment with the SDK: each run keeps its dataset version, configuration, per-example results and
        metrics.
      </EmptyState>
    </>
  );
}
