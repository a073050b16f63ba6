import { Loading, Skeleton, SkeletonRows } from "../../../../_components/ui/skeleton";

export default function RunLoading() {
  return (
    <Loading label="Loading run…" className="flex flex-col gap-8">
      <div className="flex flex-col gap-4">
        <Skeleton className="h-3 w-32" />
        <Skeleton className="h-7 w-64" />
        <div className="grid gap-4 lg:grid-cols-2">
          <Skeleton className="h-40 rounded-lg" />
          <Skeleton className="h-40 rounded-lg" />
        </div>
      </div>
      <div className="flex flex-col gap-3">
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-32 rounded-lg md:w-1/2" />
      </div>
      <div className="rounded-lg border border-border bg-card">
        <div className="h-9 border-b border-border" />
        <SkeletonRows rows={6} />
      </div>
    </Loading>
  );
}
