import { Loading, Skeleton } from "../../../_components/ui/skeleton";
import { DatasetsTableSkeleton } from "./_components/datasets-table";

export default function DatasetsLoading() {
  return (
    <Loading label="Loading datasets…">
      <div className="mb-6 flex items-start justify-between gap-4">
        <div className="flex flex-col gap-2">
          <Skeleton className="h-6 w-32" />
          <Skeleton className="h-4 w-72" />
        </div>
        <Skeleton className="h-8 w-56" />
      </div>
      <Skeleton className="mb-3 h-8 w-full max-w-xs" />
      <DatasetsTableSkeleton announce={false} />
    </Loading>
  );
}
