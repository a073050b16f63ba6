import type { Metadata } from "next";
import { CompareIcon } from "../../../_components/icons";
import { PageHeader } from "../../../_components/page-header";
import { ButtonLink } from "../../../_components/ui/button";
import { EmptyState } from "../../../_components/ui/empty-state";
import { projectHref } from "../../../_lib/paths";
import { projectParam, type ProjectParams } from "../params";

export const metadata: Metadata = { title: "Compare" };

export default async function ComparePage({ params }: { params: ProjectParams }) {
  const project = await projectParam(params);
  return (
    <>
      <PageHeader title="Compare" description="Two to five runs side by side, example by example." />
      <EmptyState
        icon={<CompareIcon />}
        title="Nothing to compare yet"
        action={<ButtonLink href={projectHref(project, "runs")}>Go to runs</ButtonLink>}
      >
        Pick two to five runs on the Runs page to compare their metrics and outputs on the same examples.
      </EmptyState>
    </>
  );
}
