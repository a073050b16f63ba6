import { Loading, Skeleton, SkeletonRows } from "../../../_components/ui/skeleton";

function CardSkeleton({ rows }: { rows: number }) {
  return (
    <div className="rounded-lg border border-border bg-card">
      <div className="flex flex-col gap-2 px-4 pt-4 pb-3">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-3 w-96 max-w-full" />
      </div>
      <div className="flex gap-2 px-4 pb-4">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-8 w-32" />
        <Skeleton className="h-8 w-24" />
      </div>
      <div className="h-9 border-y border-border" />
      <SkeletonRows rows={rows} />
    </div>
  );
}

export default function SettingsLoading() {
  return (
    <Loading label="Loading settings…">
      <div className="mb-6 flex flex-col gap-2">
        <Skeleton className="h-6 w-28" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="flex max-w-5xl flex-col gap-6">
        <CardSkeleton rows={2} />
        <CardSkeleton rows={3} />
      </div>
    </Loading>
  );
}
