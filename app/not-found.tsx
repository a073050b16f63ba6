import type { Metadata } from "next";
import { SearchOffIcon } from "./_components/icons";
import { ButtonLink } from "./_components/ui/button";
import { EmptyState } from "./_components/ui/empty-state";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl items-center px-5">
      <EmptyState
        className="w-full bg-card"
        icon={<SearchOffIcon />}
        title="Page not found"
        action={
          <>
            <ButtonLink href="/" variant="primary">
              Open Cairn
            </ButtonLink>
            <ButtonLink href="/projects">All projects</ButtonLink>
          </>
        }
      >
        There is nothing at this address. It may have been renamed or deleted.
      </EmptyState>
    </main>
  );
}
