"use client";

import { RouteError } from "./_components/route-error";

export default function Error({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <main className="px-5">
      <RouteError error={error} retry={retry} />
    </main>
  );
}
