import { Loading, Skeleton } from "../../../../_components/ui/skeleton";
import { TabSkeleton } from "./_components/tab-skeleton";

export default function DatasetLoading() {
  return (
    <Loading label="Loading dataset…">
      <div className="mb-5 flex items-start justify-between gap-4">
        <div className="flex flex-col gap-2">
          <Skeleton className="h-6 w-48" />
          <Skeleton className="h-4 w-80" />
          <Skeleton className="h-4 w-64" />
        </div>
        <Skeleton className="h-8 w-72" />
      </div>
      <div className="flex h-9 gap-4 border-b border-border">
        <Skeleton className="my-2 h-5 w-20" />
        <Skeleton className="my-2 h-5 w-20" />
        <Skeleton className="my-2 h-5 w-14" />
        <Skeleton className="my-2 h-5 w-16" />
      </div>
      <div className="mt-4">
        <TabSkeleton announce={false} />
      </div>
    </Loading>
  );
}
