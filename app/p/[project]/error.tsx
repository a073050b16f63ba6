"use client";

import { RouteError } from "../../_components/route-error";

export default function ProjectError({ error, retry }: { error: unknown; retry?: () => void }) {
  return <RouteError error={error} retry={retry} />;
}
