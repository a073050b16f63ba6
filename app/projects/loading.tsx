import { Loading, Skeleton } from "../_components/ui/skeleton";
import { ProjectsTableSkeleton } from "./_components/projects-table";

export default function ProjectsLoading() {
  return (
    <Loading label="Loading projects…" className="flex max-w-4xl flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-6 w-32" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <Skeleton className="h-[118px] w-full rounded-lg" />
      <ProjectsTableSkeleton announce={false} />
    </Loading>
  );
}
