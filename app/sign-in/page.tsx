import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CairnMark } from "../_components/icons";
import { fetchQuery, getTRPC } from "../_trpc/server";
import { SignInForm } from "./_components/sign-in-form";
import { safeNextPath } from "./_lib/paths";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const authStatus = () => fetchQuery(getTRPC(null).auth.status.queryOptions());

export async function generateMetadata(): Promise<Metadata> {
  const auth = await authStatus();
  return { title: auth.setupNeeded ? "Create the owner account" : "Sign in" };
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(typeof raw === "string" ? raw : undefined);
  const auth = await authStatus();
  if (auth.mode === "local") redirect("/");
  if (auth.user) redirect(next);

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 bg-sidebar px-5 py-10">
      <div className="flex items-center gap-2 text-[15px] font-semibold tracking-tight">
        <CairnMark className="size-7" />
        Cairn
      </div>
      <SignInForm mode={auth.setupNeeded ? "setup" : "signIn"} next={next} />
    </main>
  );
}
