import { Loading, Skeleton, SkeletonRows } from "../../../_components/ui/skeleton";

export default function CompareLoading() {
  return (
    <Loading label="Loading comparison…" className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-6 w-28" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <Skeleton className="h-48 rounded-lg" />
      <div className="rounded-lg border border-border bg-card">
        <div className="h-9 border-b border-border" />
        <SkeletonRows rows={6} />
      </div>
    </Loading>
  );
}
