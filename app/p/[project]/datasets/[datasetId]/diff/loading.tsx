import { DiffSkeleton } from "./_components/diff-view";

export default function DiffLoading() {
  return <DiffSkeleton />;
}
