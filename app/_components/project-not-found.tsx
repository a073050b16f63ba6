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
      No project you can see has this name. It may have been renamed or deleted, the link may have a typo, or you are not a member of it (ask one of its owners to add you).
    </EmptyState>
  );
}
