import Link from "next/link";
import type { ReactNode } from "react";
import type { AuthStatus } from "@/lib/contracts";
import { CairnMark } from "../icons";
import { AccountArea } from "./account";
import { ProjectSwitcher } from "./project-switcher";
import { ApiDocsLink, ProjectsLink, SectionNav } from "./sidebar-nav";

/**
 * The app frame: a sidebar (brand, project switcher, sections, projects) and the main area.
 * `project` is the project of the URL, or null outside one (the projects page, an unknown project).
 * The switcher reads `projects.list`: the layout rendering the shell must prefetch it. `auth` is the
 * caller's `auth.status` (the account shown at the bottom of the sidebar).
 */
export function AppShell({ project, auth, children }: { project: string | null; auth: AuthStatus; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      {/* The wrapper stretches to the page's height (its background and border run the whole way
          down); the sidebar inside stays in view while the page scrolls. */}
      <div className="shrink-0 border-b border-border bg-sidebar md:w-60 md:border-r md:border-b-0">
        <aside className="flex flex-col gap-4 px-3 py-3 md:sticky md:top-0 md:h-dvh md:py-4">
          <Link
            href={project ? `/p/${encodeURIComponent(project)}/datasets` : "/"}
            className="flex items-center gap-2 rounded-md px-2 py-1 text-[15px] font-semibold tracking-tight text-foreground"
          >
            <CairnMark className="size-6 text-foreground" />
            Cairn
          </Link>
          <ProjectSwitcher current={project} />
          {project && <SectionNav project={project} />}
          <div className="flex flex-col gap-3 md:mt-auto">
            <div className="flex flex-row gap-0.5 md:flex-col">
              <ProjectsLink />
              <ApiDocsLink />
            </div>
            <AccountArea auth={auth} />
          </div>
        </aside>
      </div>
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
        <div className="mx-auto w-full max-w-[1400px] px-5 py-6 md:px-8 md:py-8">{children}</div>
      </main>
    </div>
  );
}
