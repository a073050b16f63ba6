import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../_components/ui/table";
import { Inline } from "./markdown";
import type { SchemaRow, TypeText } from "./schema-rows";

export function TypeLabel({ type }: { type: TypeText }) {
  return (
    <span className="font-mono text-xs break-words text-foreground">
      {type.map((part, i) =>
        part.ref ? (
          <a key={i} href={`#schema-${part.ref}`} className="text-accent underline-offset-2 hover:underline">
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </span>
  );
}

export function RequiredMark({ required }: { required: boolean }) {
  return required ? <span className="text-xs font-medium text-foreground">required</span> : <span className="text-xs text-muted-foreground">optional</span>;
}

/** An object's fields: name, type, required, and the constraints the schema states. */
export function SchemaTable({ rows, label }: { rows: SchemaRow[]; label: string }) {
  return (
    <div className="rounded-md border border-border">
      <Table aria-label={label}>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="w-[32%]">Field</TableHead>
            <TableHead className="w-[30%]">Type</TableHead>
            <TableHead className="w-[12%]">Required</TableHead>
            <TableHead>Notes</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.name}>
              <TableCell className="py-2 align-top font-mono text-xs leading-5 break-all text-foreground">{row.name}</TableCell>
              <TableCell className="py-2 align-top text-xs leading-5">
                <TypeLabel type={row.type} />
              </TableCell>
              <TableCell className="py-2 align-top text-xs leading-5">
                <RequiredMark required={row.required} />
              </TableCell>
              <TableCell className="py-2 align-top text-xs leading-5 text-muted-foreground">
                {row.description && (
                  <p>
                    <Inline text={row.description} />
                  </p>
                )}
                {row.notes.join(" · ")}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
