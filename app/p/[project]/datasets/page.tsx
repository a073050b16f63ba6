import type { Metadata } from "next";
import { DatasetIcon } from "../../../_components/icons";
import { PageHeader } from "../../../_components/page-header";
import { EmptyState } from "../../../_components/ui/empty-state";

export const metadata: Metadata = { title: "Datasets" };

export default function DatasetsPage() {
  return (
    <>
      <PageHeader title="Datasets" description="Evaluation datasets, versioned on every change." />
      <EmptyState icon={<DatasetIcon />} title="No datasets yet">
        Upload a JSONL file or sync one from code with the TypeScript SDK. Each sync that changes something becomes a new
        version, so a run always points at exactly the data it saw.
      </EmptyState>
    </>
  );
}
