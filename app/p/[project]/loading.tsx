import { Loading, Skeleton, SkeletonRows } from "../../_components/ui/skeleton";

export default function ProjectLoading() {
  return (
    <Loading label="Loading page…">
      <div className="mb-6 flex flex-col gap-2">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="h-4 w-72" />
      </div>
      <div className="rounded-lg border border-border bg-card">
        <SkeletonRows rows={6} />
      </div>
    </Loading>
  );
}
