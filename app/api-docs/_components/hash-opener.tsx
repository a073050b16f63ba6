"use client";

import { useEffect } from "react";

/** Opens the collapsed section a link points at (`#runs.create`, `#schema-Run`), on load and on every hash change. */
export function HashOpener() {
  useEffect(() => {
    const open = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      const target = id ? document.getElementById(id) : null;
      if (!target) return;
      const details = target instanceof HTMLDetailsElement ? target : target.closest("details");
      if (details && !details.open) {
        details.open = true;
        target.scrollIntoView();
      }
    };
    open();
    window.addEventListener("hashchange", open);
    return () => window.removeEventListener("hashchange", open);
  }, []);
  return null;
}
