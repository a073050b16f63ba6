"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useId } from "react";
import { useTRPC } from "../../_trpc/client";
import { projectHref, sectionFromPathname, SECTIONS } from "../../_lib/paths";
import { Select } from "../ui/input";

// Settings exists in every project too: switching there stays in Settings.
const SWITCHABLE: readonly string[] = [...SECTIONS, "settings"];

/** Switches project, staying in the same section (Runs in one project -> Runs in the other). */
export function ProjectSwitcher({ current }: { current: string | null }) {
  const trpc = useTRPC();
  const { data: projects } = useSuspenseQuery(trpc.projects.list.queryOptions());
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const section = sectionFromPathname(pathname);
  const target = section && SWITCHABLE.includes(section) ? section : "datasets";
  const known = current !== null && projects.some((p) => p.name === current);

  return (
    <div className="flex flex-col gap-1 px-0.5">
      <label htmlFor={id} className="px-1.5 text-[11px] font-medium tracking-wide text-muted-foreground uppercase">
        Project
      </label>
      <Select
        id={id}
        value={known ? current : ""}
        onChange={(event) => {
          if (event.target.value) router.push(projectHref(event.target.value, target));
        }}
      >
        {!known && (
          <option value="" disabled>
            {projects.length ? "Choose a project…" : "No projects yet"}
          </option>
        )}
        {projects.map((project) => (
          <option key={project.id} value={project.name}>
            {project.name}
          </option>
        ))}
      </Select>
    </div>
  );
}
