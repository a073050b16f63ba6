"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentType, SVGProps } from "react";
import { PROJECTS_HREF, projectHref, sectionFromPathname, type Section } from "../../_lib/paths";
import { ApiIcon, CompareIcon, DatasetIcon, ProjectsIcon, RunIcon } from "../icons";
import { cn } from "../ui/cn";

/** A gear. Kept here until icons.tsx (not this change's file) takes it. */
function SettingsIcon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" {...props}>
      <circle cx="8" cy="8" r="2" />
      <path d="M8 1.75v1.5M8 12.75v1.5M14.25 8h-1.5M3.25 8h-1.5M12.42 3.58l-1.06 1.06M4.64 11.36l-1.06 1.06M12.42 12.42l-1.06-1.06M4.64 4.64 3.58 3.58" />
      <circle cx="8" cy="8" r="4.25" />
    </svg>
  );
}

const SECTION_LINKS: { section: Section | "settings"; label: string; icon: ComponentType<SVGProps<SVGSVGElement>> }[] = [
  { section: "datasets", label: "Datasets", icon: DatasetIcon },
  { section: "runs", label: "Runs", icon: RunIcon },
  { section: "compare", label: "Compare", icon: CompareIcon },
  { section: "settings", label: "Settings", icon: SettingsIcon },
];

/** A sidebar entry (links, and the sign-out button that sits with them). */
export const linkClass = (active: boolean) =>
  cn(
    "flex h-8 items-center gap-2.5 rounded-md px-2 text-sm transition-colors [&_svg]:size-4 [&_svg]:shrink-0",
    active ? "bg-hover font-medium text-foreground" : "text-muted-foreground hover:bg-hover hover:text-foreground",
  );

export function SectionNav({ project }: { project: string }) {
  const current = sectionFromPathname(usePathname());
  return (
    <nav aria-label="Project sections">
      <ul className="flex flex-row gap-0.5 md:flex-col">
        {SECTION_LINKS.map(({ section, label, icon: Icon }) => {
          const active = current === section;
          return (
            <li key={section}>
              <Link href={projectHref(project, section)} aria-current={active ? "page" : undefined} className={linkClass(active)}>
                <Icon />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function ProjectsLink() {
  const active = usePathname() === PROJECTS_HREF;
  return (
    <Link href={PROJECTS_HREF} aria-current={active ? "page" : undefined} className={linkClass(active)}>
      <ProjectsIcon />
      All projects
    </Link>
  );
}

export function ApiDocsLink() {
  const active = usePathname() === "/api-docs";
  return (
    <Link href="/api-docs" aria-current={active ? "page" : undefined} className={linkClass(active)}>
      <ApiIcon />
      API reference
    </Link>
  );
}
