"use client";

import { RouteError } from "../_components/route-error";

export default function ProjectsError({ error, retry }: { error: unknown; retry?: () => void }) {
  return <RouteError error={error} retry={retry} title="Projects could not be loaded" />;
}
