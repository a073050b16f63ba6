import type { ReactNode } from "react";
import type { OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiResponse } from "@/server/rest/openapi";
import { Badge, type BadgeTone } from "../../_components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../_components/ui/table";
import { Inline, Prose } from "./markdown";
import { notesOf, refName, schemaRows, typeOf, type JsonSchema } from "./schema-rows";
import { RequiredMark, SchemaTable, TypeLabel } from "./schema-table";

const METHOD_TONES: Record<string, BadgeTone> = { get: "info", post: "success", put: "warning", patch: "warning", delete: "danger" };

export function MethodBadge({ method, className }: { method: string; className?: string }) {
  return (
    <Badge tone={METHOD_TONES[method] ?? "neutral"} className={`w-14 justify-center font-mono text-[11px] tracking-wide ${className ?? ""}`}>
      {method.toUpperCase()}
    </Badge>
  );
}

function Subheading({ children }: { children: ReactNode }) {
  return <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{children}</h4>;
}

function ParameterNotes({ parameter }: { parameter: OpenApiParameter }) {
  const nested = schemaRows(parameter.schema);
  const notes: ReactNode[] = [];
  if (parameter.description) notes.push(<Inline text={parameter.description} />);
  for (const note of notesOf(parameter.schema)) notes.push(note);
  if (parameter.explode && parameter.style === "form") notes.push("repeat the parameter for several values");
  if (nested.length > 0) {
    notes.push(
      <>
        as{" "}
        {nested.map((row, i) => (
          <span key={row.name}>
            {i > 0 && ", "}
            <code className="font-mono">
              {parameter.name}[{row.name}]
            </code>
          </span>
        ))}
      </>,
    );
  }
  return (
    <>
      {notes.map((note, i) => (
        <span key={i}>
          {i > 0 && " · "}
          {note}
        </span>
      ))}
    </>
  );
}

/** A body schema: a link to its named schema, or its fields. */
function BodySchema({ schema, label }: { schema: JsonSchema; label: string }) {
  if (typeof schema.$ref === "string") {
    return (
      <p className="text-sm text-muted-foreground">
        Schema{" "}
        <a href={`#schema-${refName(schema.$ref)}`} className="font-mono text-accent underline-offset-2 hover:underline">
          {refName(schema.$ref)}
        </a>
      </p>
    );
  }
  const rows = schemaRows(schema);
  if (rows.length === 0) {
    return (
      <p className="text-sm">
        <TypeLabel type={typeOf(schema)} />
      </p>
    );
  }
  return <SchemaTable rows={rows} label={label} />;
}

function errorStatus(response: OpenApiResponse | { $ref: string }): string | null {
  return "$ref" in response ? refName(response.$ref) : null;
}

export function OperationSection({ doc, method, path, operation }: { doc: OpenApiDocument; method: string; path: string; operation: OpenApiOperation }) {
  const id = operation.operationId;
  const responses = Object.entries(operation.responses);
  const success = responses.filter(([, r]) => !errorStatus(r)) as [string, OpenApiResponse][];
  const errors = responses.filter(([, r]) => errorStatus(r));
  return (
    <article aria-label={operation.summary} className="rounded-lg border border-border bg-card shadow-card">
      <details id={id} className="group scroll-mt-16">
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 rounded-lg px-4 py-3 hover:bg-hover/60 [&::-webkit-details-marker]:hidden">
          <MethodBadge method={method} />
          <code className="font-mono text-[13px] break-all text-foreground">{path}</code>
          <span className="text-sm text-muted-foreground">{operation.summary}</span>
          <span aria-hidden="true" className="ml-auto text-muted-foreground transition-transform group-open:rotate-90">
            ›
          </span>
        </summary>
        <div className="flex flex-col gap-4 border-t border-border px-4 py-4">
          <header className="flex flex-col gap-2">
            <h3 className="text-base font-semibold tracking-tight text-foreground">{operation.summary}</h3>
            {operation.description && <Prose text={operation.description} />}
            <p className="text-xs text-muted-foreground">
              operationId <code className="font-mono">{id}</code>
            </p>
          </header>
          {operation.parameters.length > 0 && (
            <section className="flex flex-col gap-2">
              <Subheading>Parameters</Subheading>
              <div className="rounded-md border border-border">
                <Table aria-label={`${operation.summary}: parameters`}>
                  <TableHeader>
                    <TableRow className="hover:bg-transparent">
                      <TableHead className="w-[32%]">Name</TableHead>
                      <TableHead className="w-[30%]">Type</TableHead>
                      <TableHead className="w-[12%]">In</TableHead>
                      <TableHead>Notes</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {operation.parameters.map((parameter) => {
                      return (
                        <TableRow key={`${parameter.in}:${parameter.name}`}>
                          <TableCell className="py-2 align-top text-xs leading-5">
                            <span className="font-mono text-foreground">{parameter.name}</span>{" "}
                            <RequiredMark required={parameter.required} />
                          </TableCell>
                          <TableCell className="py-2 align-top text-xs leading-5">
                            <TypeLabel type={typeOf(parameter.schema)} />
                          </TableCell>
                          <TableCell className="py-2 align-top text-xs leading-5 text-muted-foreground">{parameter.in}</TableCell>
                          <TableCell className="py-2 align-top text-xs leading-5 text-muted-foreground">
                            <ParameterNotes parameter={parameter} />
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </div>
            </section>
          )}

          {operation.requestBody && (
            <section className="flex flex-col gap-2">
              <Subheading>Request body</Subheading>
              {Object.entries(operation.requestBody.content).map(([type, media]) => (
                <div key={type} className="flex flex-col gap-2">
                  <p className="text-xs text-muted-foreground">
                    <code className="font-mono">{type}</code>
                    {operation.requestBody!.description && <> · {operation.requestBody!.description}</>}
                  </p>
                  {type === "application/json" && <BodySchema schema={media.schema} label={`${operation.summary}: request body`} />}
                </div>
              ))}
            </section>
          )}

          <section className="flex flex-col gap-2">
            <Subheading>Responses</Subheading>
            {success.map(([status, response]) => (
              <div key={status} className="flex flex-col gap-2">
                {Object.entries(response.content ?? {}).map(([type, media]) => (
                  <div key={type} className="flex flex-col gap-2">
                    <p className="flex flex-wrap items-center gap-2 text-sm">
                      <Badge tone="success">{status}</Badge>
                      <span className="text-muted-foreground">{response.description}</span>
                      <code className="font-mono text-xs text-muted-foreground">{type}</code>
                    </p>
                    <BodySchema schema={media["x-line-schema"] ?? media.schema} label={`${operation.summary}: response`} />
                  </div>
                ))}
              </div>
            ))}
            <p className="flex flex-wrap items-center gap-1.5 text-sm text-muted-foreground">
              {errors.map(([status, response]) => (
                <a key={status} href="#errors" title={doc.components.responses[errorStatus(response)!]?.description}>
                  <Badge tone={status === "500" ? "danger" : "warning"}>{status}</Badge>
                </a>
              ))}
              <span className="ml-1">
                errors, as <a href="#errors" className="text-accent underline-offset-2 hover:underline">the error shape</a>
              </span>
            </p>
          </section>
        </div>
      </details>
    </article>
  );
}
