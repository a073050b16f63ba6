"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { Spinner } from "../../_components/ui/button";
import { signInHref } from "../_lib/paths";

/**
 * Rendered by a layout instead of the page when nobody is signed in. A layout cannot know the
 * page's path on the server, so the redirect happens here, carrying the exact path and query
 * (a shared link opens where it points once signed in).
 */
export function RedirectToSignIn() {
  const router = useRouter();
  const pathname = usePathname();
  const query = useSearchParams().toString();
  useEffect(() => {
    router.replace(signInHref(query ? `${pathname}?${query}` : pathname));
  }, [router, pathname, query]);
  return (
    <main className="flex min-h-dvh items-center justify-center px-5">
      <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
        <Spinner className="size-4" />
        Redirecting to sign-in…
      </p>
    </main>
  );
}
