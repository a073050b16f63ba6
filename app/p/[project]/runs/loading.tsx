import { Loading, Skeleton, SkeletonRows } from "../../../_components/ui/skeleton";

export default function RunsLoading() {
  return (
    <Loading label="Loading runs…">
      <div className="mb-6 flex flex-col gap-2">
        <Skeleton className="h-6 w-24" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="mb-4 flex gap-3">
        <Skeleton className="h-[52px] w-64" />
        <Skeleton className="h-[52px] w-56" />
        <Skeleton className="h-[52px] w-40" />
      </div>
      <div className="rounded-lg border border-border bg-card">
        <div className="h-9 border-b border-border" />
        <SkeletonRows rows={8} />
      </div>
    </Loading>
  );
}
