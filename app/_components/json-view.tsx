"use client";

import { useState, type ReactNode } from "react";
import { cn } from "./ui/cn";

/**
 * JSON for people: pretty-printed, objects and arrays collapsible (deeper levels start collapsed),
 * long strings cut with a "show all" button, long arrays and objects shown 50 entries at a time.
 * Multi-line strings keep their line breaks. Every toggle is a button (keyboard reachable).
 *
 * - `bare`: the top-level object's braces are left out (its keys read as a field list).
 * - `collapseAt`: depth from which objects start collapsed (0 = everything collapsed).
 */
export function JsonView({
  value,
  bare = false,
  collapseAt = 2,
  maxString = 300,
  className,
}: {
  value: unknown;
  bare?: boolean;
  collapseAt?: number;
  maxString?: number;
  className?: string;
}) {
  const options = { collapseAt, maxString };
  return (
    <div className={cn("font-mono text-xs leading-5 break-words text-foreground", className)}>
      {bare && isContainer(value) ? (
        isEmpty(value) ? (
          <span className="text-muted-foreground">{Array.isArray(value) ? "[]" : "{}"}</span>
        ) : (
          <Entries value={value} depth={0} options={options} />
        )
      ) : (
        <JsonNode value={value} depth={0} options={options} />
      )}
    </div>
  );
}

interface Options {
  collapseAt: number;
  maxString: number;
}

const PAGE = 50;

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

function isEmpty(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function JsonNode({ value, depth, options, label }: { value: unknown; depth: number; options: Options; label?: ReactNode }) {
  if (!isContainer(value) || isEmpty(value)) {
    return (
      <div className={depth === 0 && label === undefined ? undefined : "pl-4"}>
        {label}
        <Scalar value={value} maxString={options.maxString} />
      </div>
    );
  }
  return <Container value={value} depth={depth} options={options} label={label} />;
}

function Container({
  value,
  depth,
  options,
  label,
}: {
  value: Record<string, unknown> | unknown[];
  depth: number;
  options: Options;
  label?: ReactNode;
}) {
  const [open, setOpen] = useState(depth < options.collapseAt);
  const array = Array.isArray(value);
  const size = array ? value.length : Object.keys(value).length;
  const [openBrace, closeBrace] = array ? ["[", "]"] : ["{", "}"];
  const summary = `${size} ${array ? (size === 1 ? "item" : "items") : size === 1 ? "key" : "keys"}`;
  return (
    <div>
      <div className="flex items-start">
        <button
          type="button"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
          aria-label={open ? `Collapse (${summary})` : `Expand (${summary})`}
          className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded text-muted-foreground hover:bg-hover hover:text-foreground"
        >
          <svg viewBox="0 0 16 16" className={cn("size-3 transition-transform", open && "rotate-90")} fill="none" aria-hidden="true">
            <path d="M6 4l4 4-4 4" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
        <span className="min-w-0">
          {label}
          <span className="text-muted-foreground">{openBrace}</span>
          {!open && (
            <>
              <button type="button" onClick={() => setOpen(true)} className="mx-1 rounded px-1 text-muted-foreground hover:bg-hover">
                {summary}
              </button>
              <span className="text-muted-foreground">{closeBrace}</span>
            </>
          )}
        </span>
      </div>
      {open && (
        <>
          <div className="ml-[7px] border-l border-border pl-1">
            <Entries value={value} depth={depth + 1} options={options} />
          </div>
          <div className="pl-4 text-muted-foreground">{closeBrace}</div>
        </>
      )}
    </div>
  );
}

function Entries({ value, depth, options }: { value: Record<string, unknown> | unknown[]; depth: number; options: Options }) {
  const [shown, setShown] = useState(PAGE);
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const rest = entries.length - shown;
  return (
    <>
      {entries.slice(0, shown).map(([key, child]) => (
        <JsonNode
          key={key}
          value={child}
          depth={depth}
          options={options}
          label={
            typeof key === "number" ? (
              <span className="text-muted-foreground select-none">{key}: </span>
            ) : (
              <span className="text-muted-foreground">{/^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key)}: </span>
            )
          }
        />
      ))}
      {rest > 0 && (
        <div className="pl-4">
          <button type="button" onClick={() => setShown(shown + PAGE * 4)} className="rounded px-1 text-accent hover:bg-hover">
            Show {Math.min(rest, PAGE * 4)} more of {rest}
          </button>
        </div>
      )}
    </>
  );
}

function Scalar({ value, maxString }: { value: unknown; maxString: number }) {
  if (typeof value === "string") return <LongString text={value} max={maxString} />;
  if (typeof value === "number") return <span className="text-info">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="text-warning">{String(value)}</span>;
  if (value === null) return <span className="text-muted-foreground italic">null</span>;
  if (Array.isArray(value)) return <span className="text-muted-foreground">[]</span>;
  if (typeof value === "object") return <span className="text-muted-foreground">{"{}"}</span>;
  return <span className="text-muted-foreground">{String(value)}</span>;
}

/** A string value: quoted, line breaks kept, cut at `max` characters with a button for the rest. */
export function LongString({ text, max = 300, quoted = true }: { text: string; max?: number; quoted?: boolean }) {
  const [expanded, setExpanded] = useState(false);
  const long = text.length > max;
  const visible = long && !expanded ? text.slice(0, max) : text;
  const q = quoted ? <span className="text-muted-foreground">&quot;</span> : null;
  return (
    <span className="whitespace-pre-wrap text-success">
      {q}
      {visible}
      {long && !expanded && "…"}
      {q}
      {long && (
        <button
          type="button"
          onClick={() => setExpanded(!expanded)}
          className="ml-1.5 rounded px-1 font-sans text-[11px] font-medium whitespace-nowrap text-accent hover:bg-hover"
        >
          {expanded ? "Show less" : `Show all ${text.length.toLocaleString("en-US")} characters`}
        </button>
      )}
    </span>
  );
}

/**
 * One line summarising a JSON value for a table cell: an object reads `key value · key value`
 * (the likely-main text keys first, strings unquoted, nested values abbreviated); an object with
 * one key shows just its value. Cut by CSS to the cell; the full value belongs in a JsonView.
 */
export function JsonPreview({ value, className }: { value: unknown; className?: string }) {
  const parts = previewParts(value);
  const title = parts.map((p) => (p.key === undefined ? p.text : `${p.key}: ${p.text}`)).join(" · ");
  return (
    <span className={cn("block truncate text-[13px] text-foreground", className)} title={title.length > 40 ? title.slice(0, 500) : undefined}>
      {parts.length === 0 ? (
        <span className="text-muted-foreground">—</span>
      ) : (
        parts.map((part, i) => (
          <span key={i}>
            {i > 0 && <span className="px-1.5 text-muted-foreground/60">·</span>}
            {part.key !== undefined && <span className="mr-1 text-muted-foreground">{part.key}</span>}
            {part.text}
          </span>
        ))
      )}
    </span>
  );
}

// Keys that usually hold the text a reader wants to see first.
const MAIN_KEYS = ["question", "prompt", "query", "input", "text", "instruction", "message", "messages", "content", "answer", "output", "expected", "label"];

function rank(key: string): number {
  const at = MAIN_KEYS.indexOf(key.toLowerCase());
  return at === -1 ? MAIN_KEYS.length : at;
}

function inline(v: unknown, depth: number): string {
  if (typeof v === "string") {
    const flat = v.replace(/\s+/g, " ");
    return depth === 0 ? flat : flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
  }
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v)) {
    if (depth > 0) return `[${v.length}]`;
    return `[${v.slice(0, 5).map((x) => inline(x, 1)).join(", ")}${v.length > 5 ? ", …" : ""}]`;
  }
  const keys = Object.keys(v);
  return `{${keys.slice(0, 3).join(", ")}${keys.length > 3 ? ", …" : ""}}`;
}

export function previewParts(value: unknown): { key?: string; text: string }[] {
  if (isContainer(value) && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1) return [{ text: inline(entries[0][1], 0) }];
    return entries
      .map(([key, v], i) => ({ key, v, i }))
      .sort((a, b) => rank(a.key) - rank(b.key) || Number(typeof b.v === "string") - Number(typeof a.v === "string") || a.i - b.i)
      .slice(0, 8)
      .map(({ key, v }) => ({ key, text: inline(v, 1) }));
  }
  if (value === undefined) return [];
  return [{ text: inline(value, 0) }];
}
