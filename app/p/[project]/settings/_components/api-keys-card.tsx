"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ApiKey, MemberRole } from "@/lib/contracts";
import { DateTime } from "../../../../_components/date-time";
import { ApiIcon } from "../../../../_components/icons";
import { Badge } from "../../../../_components/ui/badge";
import { Button } from "../../../../_components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../../../_components/ui/card";
import { EmptyState } from "../../../../_components/ui/empty-state";
import { ErrorState } from "../../../../_components/ui/error-state";
import { Loading, SkeletonRows } from "../../../../_components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../../../_components/ui/table";
import { useTRPC } from "../../../../_trpc/client";
import { errorCode, errorMessage } from "../../../../_trpc/errors";
import { ROLE_LABELS } from "./roles";
import { CreateApiKeyForm, type CreatedKey } from "./create-api-key-form";
import { KeysPurpose } from "./key-docs";
import { NewKeyCallout } from "./new-key-callout";
import { RevokeKeyDialog } from "./revoke-key-dialog";

export function ApiKeysCard({ project }: { project: string }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  // Someone demoted this owner meanwhile: the server says so, and the page says what it means.
  if (errorCode(keys.error) === "FORBIDDEN") return <OwnersOnlyNote project={project} role={null} />;

  return (
    <Card aria-labelledby="api-keys-heading">
      <CardHeader>
        <CardTitle id="api-keys-heading">API keys</CardTitle>
        <CardDescription>Each key acts in this project only, with its role, until it is revoked.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <CreateApiKeyForm onCreated={setCreated} />
        {created && <NewKeyCallout created={created} onDismiss={() => setCreated(null)} />}
      </CardContent>
      {keys.isPending ? (
        <Loading label="Loading API keys…">
          <div className="border-t border-border">
            <SkeletonRows rows={2} />
          </div>
        </Loading>
      ) : keys.isError ? (
        <div className="px-4 pb-4">
          <ErrorState
            title="The API keys could not be loaded"
            message={errorMessage(keys.error)}
            action={
              <Button variant="secondary" size="sm" onClick={() => keys.refetch()}>
                Try again
              </Button>
            }
          />
        </div>
      ) : keys.data.length === 0 ? (
        <div className="px-4 pb-4">
          <EmptyState icon={<ApiIcon />} title="No API keys yet">
            <KeysPurpose /> Make one per script, notebook or CI job, so each can be revoked on its own.
          </EmptyState>
        </div>
      ) : (
        <Table aria-labelledby="api-keys-heading" className="border-t border-border">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-4">Name</TableHead>
              <TableHead>Key</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Last used</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="pr-4 text-right">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.data.map((key) => (
              <KeyRow key={key.id} apiKey={key} onRevoke={() => setRevoking(key)} />
            ))}
          </TableBody>
        </Table>
      )}
      <RevokeKeyDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

function KeyRow({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: () => void }) {
  const revoked = apiKey.revokedAt !== null;
  return (
    <TableRow className={revoked ? "text-muted-foreground" : undefined}>
      <TableCell className="max-w-0 min-w-36 pl-4">
        <span className={revoked ? "block truncate" : "block truncate font-medium text-foreground"}>{apiKey.name}</span>
      </TableCell>
      <TableCell className="font-mono text-xs whitespace-nowrap">{apiKey.prefix}…</TableCell>
      <TableCell>{ROLE_LABELS[apiKey.role]}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">
        <DateTime value={apiKey.createdAt} />
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">{apiKey.lastUsedAt ? <DateTime value={apiKey.lastUsedAt} /> : "Never"}</TableCell>
      <TableCell className="whitespace-nowrap">
        {revoked ? (
          <span className="inline-flex items-center gap-1.5">
            <Badge>Revoked</Badge>
            <DateTime value={apiKey.revokedAt!} className="text-xs" />
          </span>
        ) : (
          <Badge tone="success">Active</Badge>
        )}
      </TableCell>
      <TableCell className="pr-3 text-right">
        {!revoked && (
          <Button variant="ghost" size="sm" className="text-danger hover:bg-danger-soft" aria-label={`Revoke key ${apiKey.name}`} onClick={onRevoke}>
            Revoke
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}

/** For members and viewers: keys and members are the owners' business, and who those are is below. */
export function OwnersOnlyNote({ project, role }: { project: string; role: MemberRole | null }) {
  return (
    <Card aria-labelledby="api-keys-heading">
      <CardHeader className="pb-4">
        <CardTitle id="api-keys-heading">API keys</CardTitle>
        <CardDescription className="text-sm">
          Only owners of project &apos;{project}&apos; manage its API keys and members
          {role ? `; you are a ${ROLE_LABELS[role].toLowerCase()} here` : ""}. Ask one of the owners below for a key.
        </CardDescription>
      </CardHeader>
    </Card>
  );
}
