"use client";

import { useRef, useState } from "react";
import { Button } from "../../../../_components/ui/button";
import { Code } from "./key-docs";
import type { CreatedKey } from "./create-api-key-form";

/** The new key's secret, shown this once: the server keeps only its hash. */
export function NewKeyCallout({ created, onDismiss }: { created: CreatedKey; onDismiss: () => void }) {
  const secretRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied("yes");
    } catch {
      // No clipboard (permissions, plain http): select the key so Ctrl+C does it.
      const range = document.createRange();
      if (secretRef.current) range.selectNodeContents(secretRef.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied("failed");
    }
  }

  return (
    <div role="region" aria-label="New API key" className="flex flex-col gap-3 rounded-lg border border-success/30 bg-success-soft px-4 py-3">
      <div className="flex flex-col gap-0.5">
        <p className="text-sm font-semibold text-foreground">Key &apos;{created.name}&apos; created. Copy it now.</p>
        <p className="text-xs text-muted-foreground">
          You will not see this key again: Cairn stores only a hash of it. Set it as <Code>CAIRN_API_KEY</Code> where it runs.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <code
          ref={secretRef}
          aria-label="API key secret"
          className="min-w-0 flex-1 rounded-md border border-border bg-card px-2.5 py-1.5 font-mono text-xs break-all text-foreground select-all"
        >
          {created.secret}
        </code>
        <Button variant="secondary" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      </div>
      <p role="status" className="text-xs text-muted-foreground empty:hidden">
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "The browser did not allow copying: the key is selected, press Ctrl+C (⌘C)." : ""}
      </p>
    </div>
  );
}
