"use client";

import { useId } from "react";
import { Select } from "../../../../../_components/ui/input";
import { useShownValue } from "./url-state";
import { useAllVersions } from "./versions-query";

/** A labelled picker listing every version of the dataset, newest first; "" means the latest. */
export function VersionSelect({
  datasetId,
  value,
  onChange,
  label = "Version",
  allowLatest = true,
  allowEmpty = false,
  className,
}: {
  datasetId: string;
  value: number | undefined;
  onChange: (version: number | undefined) => void;
  label?: string;
  allowLatest?: boolean;
  /** Offer "v0 (empty)": the state before the first version, for diffs. */
  allowEmpty?: boolean;
  className?: string;
}) {
  const id = useId();
  const { versions, loading } = useAllVersions(datasetId);
  const [shown, setShown] = useShownValue(value);
  const latest = versions[0]?.number;
  const known = shown === undefined || shown === 0 || versions.some((v) => v.number === shown);
  return (
    <div className={className}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Select
        id={id}
        value={shown === undefined ? "" : String(shown)}
        onChange={(e) => {
          const next = e.target.value === "" ? undefined : Number(e.target.value);
          setShown(next);
          onChange(next);
        }}
        aria-busy={loading || undefined}
      >
        {allowLatest && <option value="">Latest{latest ? ` (v${latest})` : ""}</option>}
        {!known && <option value={String(shown)}>v{shown}</option>}
        {versions.map((v) => (
          <option key={v.number} value={v.number}>
            v{v.number}
            {v.number === latest ? " (latest)" : ""} · {v.exampleCount.toLocaleString("en-US")} examples
            {v.message ? ` · ${v.message.length > 48 ? `${v.message.slice(0, 48)}…` : v.message}` : ""}
          </option>
        ))}
        {allowEmpty && <option value="0">v0 (empty, before v1)</option>}
      </Select>
    </div>
  );
}
