import { Suspense } from "react";
import { PageHeader } from "../_components/page-header";
import { getTRPC, HydrateClient, prefetch } from "../_trpc/server";
import { CreateProjectForm } from "./_components/create-project-form";
import { ProjectsTable, ProjectsTableSkeleton } from "./_components/projects-table";

export const dynamic = "force-dynamic";

export default function ProjectsPage() {
  prefetch(getTRPC(null).projects.list.queryOptions());
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <PageHeader
        className="mb-0"
        title="Projects"
        description="A project holds datasets, their versions, and the runs recorded against them."
      />
      <CreateProjectForm />
      <HydrateClient>
        <Suspense fallback={<ProjectsTableSkeleton />}>
          <ProjectsTable />
        </Suspense>
      </HydrateClient>
    </div>
  );
}
