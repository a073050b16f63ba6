import { Loading, Skeleton, SkeletonRows } from "../../../../../_components/ui/skeleton";

export function TabSkeleton({ announce = true }: { announce?: boolean }) {
  const body = (
    <div className="flex flex-col gap-3">
      <div className="flex gap-2">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-8 w-64" />
      </div>
      <div className="rounded-lg border border-border bg-card">
        <div className="h-9 border-b border-border" />
        <SkeletonRows rows={8} />
      </div>
    </div>
  );
  return announce ? <Loading label="Loading…">{body}</Loading> : body;
}
