import type { Metadata } from "next";
import Link from "next/link";
import { documentedOperations } from "@/server/phoenix/operations";
import { ERROR_RESPONSES, getOpenApiDocument, type OpenApiOperation } from "@/server/rest/openapi";
import { CairnMark } from "../_components/icons";
import { Badge } from "../_components/ui/badge";
import { HashOpener } from "./_components/hash-opener";
import { Inline, Prose } from "./_components/markdown";
import { MethodBadge, OperationSection } from "./_components/operation";
import { schemaRows } from "./_components/schema-rows";
import { SchemaTable } from "./_components/schema-table";

// Rendered from the OpenAPI document the code generates; nothing here reads the database.
export const metadata: Metadata = { title: "API reference" };

interface Entry {
  method: string;
  path: string;
  operation: OpenApiOperation;
}

export default function ApiDocsPage() {
  const doc = getOpenApiDocument(documentedOperations);
  const entries: Entry[] = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
  );
  const groups = doc.tags.map((tag) => ({ tag, entries: entries.filter((e) => e.operation.tags[0] === tag.name) }));
  const errorSchema = doc.components.schemas.Error;
  const schemas = Object.entries(doc.components.schemas).filter(([name]) => name !== "Error");

  return (
    <div className="min-h-dvh">
      <HashOpener />
      <header className="sticky top-0 z-10 border-b border-border bg-background/90 backdrop-blur">
        <div className="mx-auto flex h-12 max-w-[1400px] items-center gap-3 px-5 md:px-8">
          <Link href="/" className="flex items-center gap-2 text-[15px] font-semibold tracking-tight text-foreground">
            <CairnMark className="size-6" />
            Cairn
          </Link>
          <span className="text-muted-foreground">/</span>
          <span className="text-sm text-foreground">API reference</span>
          <a href="/api/openapi.json" className="ml-auto text-sm text-accent underline-offset-2 hover:underline">
            openapi.json
          </a>
        </div>
      </header>

      <div className="mx-auto flex max-w-[1400px] gap-8 px-5 py-6 md:px-8 md:py-8">
        <nav aria-label="Operations" className="sticky top-16 hidden max-h-[calc(100dvh-5rem)] w-72 shrink-0 overflow-y-auto lg:block">
          <ul className="flex flex-col gap-4 text-sm">
            {groups.map(({ tag, entries: group }) => (
              <li key={tag.name}>
                <a href={`#tag-${tag.name}`} className="font-semibold text-foreground hover:underline">
                  {tag.name}
                </a>
                <ul className="mt-1 flex flex-col gap-0.5">
                  {group.map(({ method, operation }) => (
                    <li key={operation.operationId}>
                      <a
                        href={`#${operation.operationId}`}
                        className="flex items-center gap-2 rounded-md px-1.5 py-1 text-muted-foreground hover:bg-hover hover:text-foreground"
                      >
                        <MethodBadge method={method} className="w-12 shrink-0 text-[10px]" />
                        <span className="truncate">{operation.summary}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
            <li>
              <a href="#errors" className="font-semibold text-foreground hover:underline">
                Errors
              </a>
            </li>
            <li>
              <a href="#schemas" className="font-semibold text-foreground hover:underline">
                Schemas
              </a>
            </li>
          </ul>
        </nav>

        <main id="main" className="flex min-w-0 max-w-4xl flex-1 flex-col gap-10">
          <section className="flex flex-col gap-3">
            <h1 className="text-xl font-semibold tracking-tight text-foreground">{doc.info.title}</h1>
            <Prose text={doc.info.description} />
            <pre className="overflow-x-auto rounded-md border border-border bg-muted px-4 py-3 font-mono text-xs leading-relaxed text-foreground">
              {`curl -X POST "$CAIRN/api/v1/datasets/upsert?dataset_name=qa" \\
     -H "content-type: application/x-ndjson" --data-binary @qa.jsonl`}
            </pre>
            <p className="text-sm text-muted-foreground">
              OpenAPI {doc.openapi} · {entries.length} operations · the machine-readable document is{" "}
              <a href="/api/openapi.json" className="font-mono text-accent underline-offset-2 hover:underline">
                /api/openapi.json
              </a>
              .
            </p>
          </section>

          {groups.map(({ tag, entries: group }) => (
            <section key={tag.name} id={`tag-${tag.name}`} aria-labelledby={`tag-${tag.name}-title`} className="flex scroll-mt-16 flex-col gap-4">
              <div className="flex flex-col gap-1">
                <h2 id={`tag-${tag.name}-title`} className="text-lg font-semibold tracking-tight text-foreground">
                  {tag.name}
                </h2>
                {tag.description && <Prose text={tag.description} />}
              </div>
              <div className="flex flex-col gap-2">
                {group.map((entry) => (
                  <OperationSection key={entry.operation.operationId} doc={doc} {...entry} />
                ))}
              </div>
            </section>
          ))}

          <section id="errors" aria-labelledby="errors-title" className="flex scroll-mt-16 flex-col gap-3">
            <h2 id="errors-title" className="text-lg font-semibold tracking-tight text-foreground">
              Errors
            </h2>
            <p className="text-sm text-muted-foreground">Every error answer has this JSON body, never an empty one:</p>
            <SchemaTable rows={schemaRows(errorSchema)} label="Error body" />
            <ul className="flex flex-col gap-2 text-sm">
              {Object.entries(ERROR_RESPONSES).map(([status, { name }]) => (
                <li key={status} className="flex items-start gap-2">
                  <Badge tone={status === "500" ? "danger" : "warning"} className="w-10 shrink-0 justify-center">
                    {status}
                  </Badge>
                  <span className="text-muted-foreground">
                    <Inline text={doc.components.responses[name].description} />
                  </span>
                </li>
              ))}
            </ul>
          </section>

          <section id="schemas" aria-labelledby="schemas-title" className="flex scroll-mt-16 flex-col gap-6">
            <h2 id="schemas-title" className="text-lg font-semibold tracking-tight text-foreground">
              Schemas
            </h2>
            <div className="flex flex-col gap-2">
              {schemas.map(([name, schema]) => (
                <details
                  key={name}
                  id={`schema-${name}`}
                  className="group scroll-mt-16 rounded-lg border border-border bg-card shadow-card"
                >
                  <summary className="flex cursor-pointer list-none items-center gap-3 rounded-lg px-4 py-3 hover:bg-hover/60 [&::-webkit-details-marker]:hidden">
                    <h3 className="font-mono text-sm font-semibold text-foreground">{name}</h3>
                    <span aria-hidden="true" className="ml-auto text-muted-foreground transition-transform group-open:rotate-90">
                      ›
                    </span>
                  </summary>
                  <div className="border-t border-border p-4">
                    <SchemaTable rows={schemaRows(schema)} label={`${name} fields`} />
                  </div>
                </details>
              ))}
            </div>
          </section>
        </main>
      </div>
    </div>
  );
}
