"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ApiKey } from "@/lib/contracts";
import { Button } from "../../../../_components/ui/button";
import { Dialog, DialogFooter } from "../../../../_components/ui/dialog";
import { InlineError } from "../../../../_components/ui/error-state";
import { useToast } from "../../../../_components/ui/toast";
import { useTRPC } from "../../../../_trpc/client";
import { errorMessage } from "../../../../_trpc/errors";

export function RevokeKeyDialog({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const [pending, setPending] = useState(false);
  return (
    <Dialog
      open={apiKey !== null}
      onOpenChange={(open) => !open && onClose()}
      dismissible={!pending}
      title={apiKey ? `Revoke key '${apiKey.name}'?` : "Revoke key"}
      description="Whatever uses it (a script, the CLI, a CI job) gets 401 Unauthorized from its next request. This cannot be undone."
    >
      {apiKey && <ConfirmRevoke key={apiKey.id} apiKey={apiKey} onDone={onClose} onPendingChange={setPending} />}
    </Dialog>
  );
}

function ConfirmRevoke({ apiKey, onDone, onPendingChange }: { apiKey: ApiKey; onDone: () => void; onPendingChange: (pending: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onMutate: () => onPendingChange(true),
      onSettled: () => onPendingChange(false),
      onSuccess: async () => {
        toast({ title: `Revoked key '${apiKey.name}'`, tone: "success" });
        onDone();
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
    }),
  );

  return (
    <div className="flex flex-col gap-3">
      <InlineError>{revoke.error ? errorMessage(revoke.error) : null}</InlineError>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone} disabled={revoke.isPending} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" pending={revoke.isPending} onClick={() => revoke.mutate({ id: apiKey.id })}>
          Revoke key
        </Button>
      </DialogFooter>
    </div>
  );
}
