"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { Project } from "@/lib/contracts";
import { DateTime } from "../../_components/date-time";
import { PencilIcon, ProjectsIcon, TrashIcon } from "../../_components/icons";
import { Button } from "../../_components/ui/button";
import { Card } from "../../_components/ui/card";
import { EmptyState } from "../../_components/ui/empty-state";
import { Loading, SkeletonRows } from "../../_components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../_components/ui/table";
import { projectHref } from "../../_lib/paths";
import { useTRPC } from "../../_trpc/client";
import { DeleteProjectDialog } from "./delete-project-dialog";
import { RenameProjectDialog } from "./rename-project-dialog";

export function ProjectsTable() {
  const trpc = useTRPC();
  const { data: projects } = useSuspenseQuery(trpc.projects.list.queryOptions());
  const [renaming, setRenaming] = useState<Project | null>(null);
  const [deleting, setDeleting] = useState<Project | null>(null);

  return (
    <>
      {projects.length === 0 ? (
        <EmptyState icon={<ProjectsIcon />} title="No projects yet">
          Create a project above to start adding datasets and recording runs.
        </EmptyState>
      ) : (
        <Card aria-labelledby="projects-heading">
          <div className="flex items-baseline justify-between px-4 pt-4 pb-2">
            <h2 id="projects-heading" className="text-sm font-semibold">
              All projects
            </h2>
            <span className="text-xs text-muted-foreground tabular-nums">
              {projects.length} {projects.length === 1 ? "project" : "projects"}
            </span>
          </div>
          <Table aria-labelledby="projects-heading">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead className="pl-4">Name</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last changed</TableHead>
                <TableHead className="pr-4 text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {projects.map((project) => (
                <TableRow key={project.id}>
                  <TableCell className="w-1/2 max-w-0 min-w-40 pl-4">
                    <Link
                      href={projectHref(project.name)}
                      className="block truncate font-medium text-foreground hover:underline hover:underline-offset-4"
                    >
                      {project.name}
                    </Link>
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <DateTime value={project.createdAt} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <DateTime value={project.updatedAt} />
                  </TableCell>
                  <TableCell className="pr-3">
                    <div className="flex justify-end gap-1">
                      <Button variant="ghost" size="sm" aria-label={`Rename project ${project.name}`} onClick={() => setRenaming(project)}>
                        <PencilIcon />
                        Rename
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-danger hover:bg-danger-soft"
                        aria-label={`Delete project ${project.name}`}
                        onClick={() => setDeleting(project)}
                      >
                        <TrashIcon />
                        Delete
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      <RenameProjectDialog project={renaming} onClose={() => setRenaming(null)} />
      <DeleteProjectDialog project={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}

export function ProjectsTableSkeleton({ announce = true }: { announce?: boolean }) {
  const rows = (
    <div className="rounded-lg border border-border bg-card">
      <div className="h-10 border-b border-border" />
      <SkeletonRows rows={3} />
    </div>
  );
  return announce ? <Loading label="Loading projects…">{rows}</Loading> : rows;
}
