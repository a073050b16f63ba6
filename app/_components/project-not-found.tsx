import { SearchOffIcon } from "./icons";
import { ButtonLink } from "./ui/button";
import { EmptyState } from "./ui/empty-state";

export function ProjectNotFound({ name }: { name: string }) {
  return (
    <EmptyState
      className="mt-8"
      icon={<SearchOffIcon />}
      title={`Project '${name}' not found`}
      action={
        <ButtonLink href="/projects" variant="primary">
          See all projects
        </ButtonLink>
      }
    >
      No project has this name. It may have been renamed or deleted, or the link has a typo.
    </EmptyState>
  );
}
