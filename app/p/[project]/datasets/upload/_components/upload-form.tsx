"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type ReactNode } from "react";
import { nameSchema } from "@/lib/contracts";
import { JsonPreview } from "../../../../../_components/json-view";
import { PageHeader } from "../../../../../_components/page-header";
import { Badge } from "../../../../../_components/ui/badge";
import { Button, ButtonLink, Spinner } from "../../../../../_components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../../../../_components/ui/card";
import { cn } from "../../../../../_components/ui/cn";
import { ErrorState } from "../../../../../_components/ui/error-state";
import { Input, Select } from "../../../../../_components/ui/input";
import { Field, fieldDescribedBy } from "../../../../../_components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../../../../_components/ui/table";
import { useTRPC } from "../../../../../_trpc/client";
import { errorMessage } from "../../../../../_trpc/errors";
import { useUploadWorker, type UploadState } from "../../../../../_workers/upload-client";
import type { UploadMapping, UploadPlan } from "../../../../../_workers/upload-protocol";
import { FileIcon, UploadIcon } from "../../../../../_components/icons";
import { datasetHref, datasetsHref, uploadHref } from "../../_components/paths";
import { formatBytes, ProgressBar } from "./progress-bar";
import { guessRole, guessSourceIdKey, readPreview, type FilePreview, type KeyRole } from "./preview";
import { ProblemList } from "./problem-list";

const fmt = new Intl.NumberFormat("en-US");

type Mode = "mirror" | "merge";
const MODES: { value: Mode; label: string; explanation: string }[] = [
  { value: "mirror", label: "Mirror", explanation: "The dataset becomes exactly this file: examples that are not in it are deleted." },
  { value: "merge", label: "Merge", explanation: "Adds new examples and updates changed ones; examples that are not in the file stay." },
];

const BUSY: UploadState["step"][] = ["planning", "confirm", "uploading", "committing"];

export function UploadForm({ project, datasetId }: { project: string; datasetId: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const uploader = useUploadWorker();
  const { state } = uploader;
  const ids = { file: useId(), idKey: useId(), name: useId(), message: useId(), names: useId() };

  const target = useQuery({ ...trpc.datasets.get.queryOptions({ datasetId: datasetId ?? "" }), enabled: datasetId !== null });
  const existing = useQuery({ ...trpc.datasets.list.queryOptions({ limit: 200 }), enabled: datasetId === null });

  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [sourceIdKey, setSourceIdKey] = useState("id");
  const [shape, setShape] = useState<UploadMapping["shape"]>("keys");
  const [roles, setRoles] = useState<Record<string, KeyRole>>({});
  const [name, setName] = useState("");
  const [nameTouched, setNameTouched] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>("mirror");
  const [message, setMessage] = useState("");
  const [dragging, setDragging] = useState(false);

  const keys = preview?.shape.keys ?? [];
  const busy = BUSY.includes(state.step);

  const mappingOf = (next: { sourceIdKey?: string; shape?: UploadMapping["shape"]; roles?: Record<string, KeyRole> } = {}): UploadMapping => {
    const idKey = next.sourceIdKey ?? sourceIdKey;
    const r = next.roles ?? roles;
    const pick = (role: KeyRole) => Object.keys(r).filter((k) => r[k] === role && k !== idKey);
    return { sourceIdKey: idKey, shape: next.shape ?? shape, outputKeys: pick("output"), metadataKeys: pick("metadata"), ignoredKeys: pick("ignore") };
  };

  async function choose(chosen: File | null | undefined) {
    if (!chosen || busy) return;
    setFile(chosen);
    setPreview(null);
    setPreviewError(null);
    uploader.reset();
    if (!nameTouched && !datasetId) setName(chosen.name.replace(/\.(jsonl|ndjson|json|txt)$/i, ""));
    try {
      const head = await readPreview(chosen);
      const idKey = guessSourceIdKey(head.shape.keys);
      const nextShape = head.shape.shaped ? "shaped" : "keys";
      const nextRoles = Object.fromEntries(head.shape.keys.map((k) => [k, guessRole(k)]));
      setPreview(head);
      setSourceIdKey(idKey);
      setShape(nextShape);
      setRoles(nextRoles);
      uploader.validate(chosen, mappingOf({ sourceIdKey: idKey, shape: nextShape, roles: nextRoles }));
    } catch (error) {
      setPreviewError(`The file could not be read: ${errorMessage(error)}`);
    }
  }

  const remap = (next: { sourceIdKey?: string; shape?: UploadMapping["shape"]; roles?: Record<string, KeyRole> }) => {
    if (next.sourceIdKey !== undefined) setSourceIdKey(next.sourceIdKey);
    if (next.shape !== undefined) setShape(next.shape);
    if (next.roles !== undefined) setRoles(next.roles);
    if (file) uploader.validate(file, mappingOf(next));
  };

  function plan() {
    if (datasetId) {
      uploader.startSync({ dataset: { datasetId }, mode, message: message.trim() });
      return;
    }
    const parsed = nameSchema.safeParse(name);
    if (!parsed.success) {
      setNameError(`Dataset name ${parsed.error.issues[0]?.message ?? "is not valid"}`);
      return;
    }
    uploader.startSync({ dataset: { datasetName: parsed.data }, mode, message: message.trim() });
  }

  // A new version exists: show it (the Versions tab opens with its summary).
  const landed = state.step === "done" && !state.result.noop ? state.result : null;
  useEffect(() => {
    if (!landed) return;
    router.push(datasetHref(project, landed.datasetId, { tab: "versions", created: landed.versionNumber }));
  }, [landed, project, router]);

  const dataset = target.data;
  const title = datasetId ? (dataset ? `Upload a new version of ${dataset.name}` : "Upload a new version") : "Upload JSONL";

  return (
    <div className="flex flex-col gap-5">
      <nav aria-label="Breadcrumb" className="-mb-3 text-xs text-muted-foreground">
        <Link href={datasetsHref(project)} className="hover:text-foreground hover:underline hover:underline-offset-4">
          Datasets
        </Link>
        {dataset && (
          <>
            <span aria-hidden="true" className="mx-1.5">
              /
            </span>
            <Link href={datasetHref(project, dataset.id)} className="hover:text-foreground hover:underline hover:underline-offset-4">
              {dataset.name}
            </Link>
          </>
        )}
        <span aria-hidden="true" className="mx-1.5">
          /
        </span>
        <span className="text-foreground">Upload</span>
      </nav>
      <PageHeader
        className="mb-0"
        title={title}
        description="One JSON object per line. The whole file is checked in your browser first; then only new and changed examples are sent, and a new version is created if anything changed."
      />

      {datasetId && target.isError && (
        <ErrorState
          title="This dataset cannot be found"
          message={errorMessage(target.error)}
          action={
            <ButtonLink href={uploadHref(project)} variant="secondary" size="sm">
              Upload to a new dataset instead
            </ButtonLink>
          }
        />
      )}
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="flex min-w-0 flex-col gap-5">
          <Card>
            <CardContent className="pt-4">
              <div
                onDragEnter={() => setDragging(true)}
                onDragLeave={() => setDragging(false)}
                onDrop={() => setDragging(false)}
                className={cn(
                  "relative flex flex-col items-center justify-center gap-1.5 rounded-lg border border-dashed px-6 py-7 text-center transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring",
                  dragging ? "border-accent bg-info-soft" : "border-input hover:bg-hover/60",
                  busy && "pointer-events-none opacity-60",
                )}
              >
                {/* The native input covers the zone: it takes clicks, keyboard and dropped files itself. */}
                <input
                  id={ids.file}
                  type="file"
                  accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson,application/jsonl,text/plain"
                  disabled={busy}
                  aria-describedby={`${ids.file}-hint`}
                  className="absolute inset-0 cursor-pointer opacity-0"
                  onClick={(e) => (e.currentTarget.value = "")}
                  onChange={(e) => void choose(e.currentTarget.files?.[0])}
                />
                <span className="flex size-9 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-4.5" aria-hidden="true">
                  {file ? <FileIcon /> : <UploadIcon />}
                </span>
                <label htmlFor={ids.file} className="text-sm font-medium text-foreground">
                  Upload JSONL
                </label>
                <p id={`${ids.file}-hint`} className="text-xs text-muted-foreground">
                  {file ? (
                    <>
                      <span className="font-medium text-foreground">{file.name}</span> · {formatBytes(file.size)} · drop or click to choose another file
                    </>
                  ) : (
                    "Drop a .jsonl file here, or click to choose one. Large files are fine: they are read as a stream."
                  )}
                </p>
              </div>
              {previewError && <ErrorState className="mt-3" title="Cannot read the file" message={previewError} />}
            </CardContent>
          </Card>
          {preview && file && (
            <>
              <PreviewCard preview={preview} keys={keys} sourceIdKey={sourceIdKey} />
              <Card>
                <CardHeader>
                  <CardTitle>Mapping</CardTitle>
                  <CardDescription>How each record becomes an example: its source id (stable across uploads), input, output and metadata.</CardDescription>
                </CardHeader>
                <CardContent className="flex flex-col gap-4">
                  <Field id={ids.idKey} label="Source id key" hint="Unique per line; the same id in a later upload updates that example." className="max-w-xs">
                    <Select
                      id={ids.idKey}
                      value={sourceIdKey}
                      disabled={busy}
                      aria-describedby={fieldDescribedBy(ids.idKey, { hint: true })}
                      onChange={(e) => remap({ sourceIdKey: e.target.value })}
                    >
                      {!keys.includes(sourceIdKey) && <option value={sourceIdKey}>{sourceIdKey}</option>}
                      {keys.map((k) => (
                        <option key={k} value={k}>
                          {k}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <fieldset className="flex flex-col gap-2" disabled={busy}>
                    <legend className="mb-1.5 text-xs font-medium text-foreground">Record shape</legend>
                    <RadioOption
                      name="shape"
                      checked={shape === "shaped"}
                      onChange={() => remap({ shape: "shaped" })}
                      label={
                        <>
                          Records are <code className="font-mono text-xs">{"{input, output, metadata}"}</code>
                          {preview.shape.shaped && <Badge tone="info" className="ml-2">detected</Badge>}
                        </>
                      }
                      hint="Each record's input, output and metadata objects are used as they are; other top-level keys are ignored."
                    />
                    <RadioOption
                      name="shape"
                      checked={shape === "keys"}
                      onChange={() => remap({ shape: "keys" })}
                      label="Map top-level keys"
                      hint="Assign each key of the records to input, output or metadata."
                    />
                  </fieldset>
                  {shape === "keys" && (
                    <KeyRoles
                      keys={keys.filter((k) => k !== sourceIdKey)}
                      roles={roles}
                      sample={preview.rows.find((r) => typeof r.value === "object" && r.value !== null)?.value as Record<string, unknown> | undefined}
                      disabled={busy}
                      onChange={(key, role) => remap({ roles: { ...roles, [key]: role } })}
                    />
                  )}
                </CardContent>
              </Card>
            </>
          )}
        </div>
        <div className="flex min-w-0 flex-col gap-5 lg:sticky lg:top-6">
          {preview && file ? (
            <>
              <Card>
                <CardHeader>
                  <CardTitle>Destination</CardTitle>
                </CardHeader>
                <CardContent className="flex flex-col gap-4">
                  {datasetId ? (
                    <p className="text-sm">
                      {dataset ? (
                        <>
                          A new version of <Link href={datasetHref(project, dataset.id)} className="font-medium hover:underline">{dataset.name}</Link>{" "}
                          <span className="text-muted-foreground">
                            (now {dataset.latestVersion ? `v${dataset.latestVersion}` : "no versions"}, {fmt.format(dataset.exampleCount)} examples)
                          </span>
                          .{" "}
                          <Link href={uploadHref(project)} className="text-xs text-accent hover:underline">
                            Upload to another dataset
                          </Link>
                        </>
                      ) : (
                        <span className="text-muted-foreground">Loading the dataset…</span>
                      )}
                    </p>
                  ) : (
                    <Field
                      id={ids.name}
                      label="Dataset name"
                      className="max-w-sm"
                      error={nameError}
                      hint="A new dataset, or a new version of the dataset with this name if it exists."
                    >
                      <Input
                        id={ids.name}
                        value={name}
                        list={ids.names}
                        autoComplete="off"
                        spellCheck={false}
                        disabled={busy}
                        aria-invalid={nameError ? true : undefined}
                        aria-describedby={fieldDescribedBy(ids.name, { hint: true, error: nameError })}
                        onChange={(e) => {
                          setName(e.target.value);
                          setNameTouched(true);
                          setNameError(null);
                        }}
                      />
                      <datalist id={ids.names}>
                        {existing.data?.items.map((d) => (
                          <option key={d.id} value={d.name} />
                        ))}
                      </datalist>
                    </Field>
                  )}
                  <fieldset className="flex flex-col gap-2" disabled={busy}>
                    <legend className="mb-1.5 text-xs font-medium text-foreground">Mode</legend>
                    {MODES.map((m) => (
                      <RadioOption key={m.value} name="mode" checked={mode === m.value} onChange={() => setMode(m.value)} label={m.label} hint={m.explanation} />
                    ))}
                  </fieldset>
                  <Field id={ids.message} label="Version message" hint="Optional. Says why this version exists, e.g. “fix typos in the answers”." className="max-w-xl">
                    <Input
                      id={ids.message}
                      value={message}
                      autoComplete="off"
                      disabled={busy}
                      aria-describedby={fieldDescribedBy(ids.message, { hint: true })}
                      onChange={(e) => setMessage(e.target.value)}
                    />
                  </Field>
                </CardContent>
              </Card>
              <StatusPanel
                state={state}
                project={project}
                canPlan={!datasetId || Boolean(dataset)}
                onPlan={plan}
                onConfirm={uploader.confirm}
                onAbort={() => void uploader.abort()}
                onRetry={() => (state.step === "failed" && state.records ? plan() : file && uploader.validate(file, mappingOf()))}
              />
            </>
          ) : (
            <HowItWorks />
          )}
        </div>
      </div>
    </div>
  );
}

function RadioOption({ name, checked, onChange, label, hint }: { name: string; checked: boolean; onChange: () => void; label: ReactNode; hint: string }) {
  const id = useId();
  return (
    <div className="flex items-start gap-2.5">
      <input id={id} type="radio" name={name} checked={checked} onChange={onChange} aria-describedby={`${id}-hint`} className="mt-0.5 size-3.5 accent-[var(--accent)]" />
      <div className="flex flex-col">
        <label htmlFor={id} className="text-sm font-medium text-foreground">
          {label}
        </label>
        <span id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </span>
      </div>
    </div>
  );
}

function PreviewCard({ preview, keys, sourceIdKey }: { preview: FilePreview; keys: string[]; sourceIdKey: string }) {
  const shown = keys.slice(0, 6);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Preview</CardTitle>
        <CardDescription>
          The first {preview.rows.length} {preview.rows.length === 1 ? "record" : "records"}
          {keys.length > shown.length && ` · ${keys.length - shown.length} more keys not shown`}.
        </CardDescription>
      </CardHeader>
      {preview.rows.length === 0 ? (
        <CardContent>
          <p className="text-sm text-muted-foreground">No readable record in the first lines of the file; the check below lists what is wrong.</p>
        </CardContent>
      ) : (
        <Table aria-label="First records of the file" className="table-fixed">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="w-12 pl-4">Line</TableHead>
              {shown.map((k) => (
                <TableHead key={k} className={cn("font-mono", k === sourceIdKey && "w-24 text-foreground")}>
                  {k}
                  {k === sourceIdKey && <span className="ml-1 font-sans text-[10px] text-muted-foreground">(id)</span>}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {preview.rows.map((row) => (
              <TableRow key={row.line}>
                <TableCell className="pl-4 text-xs text-muted-foreground tabular-nums">{row.line}</TableCell>
                {shown.map((k) => (
                  <TableCell key={k}>
                    {typeof row.value === "object" && row.value !== null && Object.hasOwn(row.value, k) ? (
                      <JsonPreview value={(row.value as Record<string, unknown>)[k]} />
                    ) : (
                      <span className="text-xs text-muted-foreground">—</span>
                    )}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

const ROLE_LABELS: Record<KeyRole, string> = { input: "Input", output: "Output", metadata: "Metadata", ignore: "Leave out" };

function KeyRoles({
  keys,
  roles,
  sample,
  disabled,
  onChange,
}: {
  keys: string[];
  roles: Record<string, KeyRole>;
  sample: Record<string, unknown> | undefined;
  disabled: boolean;
  onChange: (key: string, role: KeyRole) => void;
}) {
  if (keys.length === 0) return <p className="text-xs text-muted-foreground">The records have no other keys.</p>;
  return (
    <div className="overflow-hidden rounded-md border border-border">
      <Table aria-label="Keys and where they go" className="table-fixed">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="w-48 pl-3">Key</TableHead>
            <TableHead>Example value</TableHead>
            <TableHead className="w-40 pr-3">Goes to</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {keys.map((key) => (
            <TableRow key={key}>
              <TableCell className="truncate pl-3 font-mono text-xs">{key}</TableCell>
              <TableCell>{sample && Object.hasOwn(sample, key) ? <JsonPreview value={sample[key]} className="text-muted-foreground" /> : <span className="text-xs text-muted-foreground">—</span>}</TableCell>
              <TableCell className="pr-3">
                <Select aria-label={`Where key ${key} goes`} value={roles[key] ?? "input"} disabled={disabled} onChange={(e) => onChange(key, e.target.value as KeyRole)}>
                  {(Object.keys(ROLE_LABELS) as KeyRole[]).map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role]}
                    </option>
                  ))}
                </Select>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function StatusPanel({
  state,
  project,
  canPlan,
  onPlan,
  onConfirm,
  onAbort,
  onRetry,
}: {
  state: UploadState;
  project: string;
  canPlan: boolean;
  onPlan: () => void;
  onConfirm: (ok: boolean) => void;
  onAbort: () => void;
  onRetry: () => void;
}) {
  return (
    <Card aria-label="Upload status" className="border-input">
      <CardContent className="flex flex-col gap-3 pt-4" aria-live="polite">
        {state.step === "idle" && <p className="text-sm text-muted-foreground">Choose a file to check it.</p>}
        {state.step === "reading" && (
          <ProgressBar
            label="Checking every line"
            value={state.bytes}
            max={state.total}
            detail={`${formatBytes(state.bytes)} of ${formatBytes(state.total)} · ${fmt.format(state.records)} records`}
          />
        )}
        {state.step === "invalid" && <ProblemList problems={state.problems} count={state.problemCount} records={state.records} />}
        {state.step === "valid" && (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm">
              <span className="font-medium text-success">✓</span> All <span className="font-medium tabular-nums">{fmt.format(state.records)}</span> records are valid.
              <span className="ml-1 text-muted-foreground">Next: compare them with the dataset. Nothing is written until you confirm.</span>
            </p>
            <Button onClick={onPlan} disabled={!canPlan}>
              Check what will change
            </Button>
          </div>
        )}
        {state.step === "planning" && (
          <ProgressBar
            label="Comparing with the dataset"
            value={state.done}
            max={state.total}
            detail={`${fmt.format(state.done)} of ${fmt.format(state.total)} examples`}
          />
        )}
        {state.step === "confirm" && <PlanView plan={state.plan} onConfirm={onConfirm} />}
        {state.step === "uploading" && (
          <div className="flex flex-col gap-3">
            <ProgressBar
              label="Uploading changes"
              value={state.bytesDone}
              max={state.bytesTotal}
              detail={`${fmt.format(state.done)} of ${fmt.format(state.total)} examples · ${formatBytes(state.bytesDone)} of ${formatBytes(state.bytesTotal)}`}
            />
            <div>
              <Button variant="secondary" size="sm" onClick={onAbort}>
                Cancel upload
              </Button>
            </div>
          </div>
        )}
        {state.step === "committing" && (
          <p className="flex items-center gap-2 text-sm">
            <Spinner className="size-4" /> Creating the version…
          </p>
        )}
        {state.step === "done" &&
          (state.result.noop ? (
            <div role="status" className="flex flex-wrap items-center justify-between gap-3">
              <p className="text-sm">
                <span className="font-medium">No changes — the dataset already matches this file.</span>{" "}
                <span className="text-muted-foreground">
                  No version was created; it stays at v{state.result.versionNumber} with {fmt.format(state.result.summary.unchanged)} examples.
                </span>
              </p>
              <ButtonLink href={datasetHref(project, state.result.datasetId)} variant="secondary" size="sm">
                Open dataset
              </ButtonLink>
            </div>
          ) : (
            <p className="flex items-center gap-2 text-sm">
              <Spinner className="size-4" /> Version {state.result.versionNumber} created, opening it…
            </p>
          ))}
        {state.step === "failed" && (
          <ErrorState
            title={state.records ? "The upload failed — nothing was committed" : "The file could not be checked"}
            message={
              <>
                <p>{state.error.message}</p>
                <p className="mt-1 text-xs text-muted-foreground">Your file, mapping and message are kept: fix the cause and try again.</p>
              </>
            }
            action={
              <Button variant="secondary" size="sm" onClick={onRetry}>
                Try again
              </Button>
            }
          />
        )}
      </CardContent>
    </Card>
  );
}

function PlanView({ plan, onConfirm }: { plan: UploadPlan; onConfirm: (ok: boolean) => void }) {
  const cells: { label: string; value: number | null; tone: string }[] = [
    { label: "Added", value: plan.added, tone: "text-success" },
    { label: "Updated", value: plan.updated, tone: "text-info" },
    { label: "Deleted", value: plan.deleted, tone: "text-danger" },
    { label: "Unchanged", value: plan.unchanged, tone: "text-muted-foreground" },
  ];
  return (
    <section aria-labelledby="plan-heading" className="flex flex-col gap-3">
      <div className="flex flex-col gap-0.5">
        <h2 id="plan-heading" className="text-sm font-semibold">
          Plan: {plan.baseVersion === 0 ? "version 1 of a new dataset" : `version ${plan.baseVersion + 1} (from v${plan.baseVersion})`}
        </h2>
        <p className="text-xs text-muted-foreground">Nothing has been written yet. Confirm to upload the changes and create the version.</p>
      </div>
      <dl className="grid grid-cols-2 gap-2">
        {cells.map((cell) => (
          <div key={cell.label} className="rounded-md border border-border px-3 py-2">
            <dt className="text-xs text-muted-foreground">{cell.label}</dt>
            <dd className={cn("text-lg font-semibold tabular-nums", cell.value ? cell.tone : "text-muted-foreground")}>{cell.value === null ? "?" : fmt.format(cell.value)}</dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-xs text-muted-foreground">
          {fmt.format(plan.needed)} {plan.needed === 1 ? "example" : "examples"} (about {formatBytes(plan.neededBytes)}) will be sent; unchanged ones are not.
        </p>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => onConfirm(false)}>
            Cancel
          </Button>
          <Button onClick={() => onConfirm(true)} data-autofocus>
            Upload and create version
          </Button>
        </div>
      </div>
    </section>
  );
}

function HowItWorks() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>What the file looks like</CardTitle>
        <CardDescription>One JSON object per line, each with a unique id.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-xs text-muted-foreground">
        <pre className="overflow-x-auto rounded-md border border-border bg-muted/50 px-3 py-2 font-mono text-[11px] leading-5 text-foreground">
          {`{"id": "q1", "input": {"question": "…"}, "output": {"answer": "…"}}
{"id": "q2", "input": {"question": "…"}, "output": {"answer": "…"}}`}
        </pre>
        <p>Records shaped like this are mapped for you. Flat records work too: you pick which keys are input, output and metadata.</p>
        <p>
          Each upload is compared with the latest version: only new and changed examples are sent, and a version is created only when something
          changed. Re-uploading the same file changes nothing.
        </p>
      </CardContent>
    </Card>
  );
}
