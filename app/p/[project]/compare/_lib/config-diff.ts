/**
 * A key-level diff of runs' `configuration` objects: nested objects are flattened to dotted paths
 * (`prompt.version`); a path differs when some run has another value or does not set it.
 */
export type Config = Record<string, unknown>;

function isPlainObject(value: unknown): value is Config {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Dotted paths to leaf values: `{model: {name: "x"}}` -> `model.name`. Arrays are leaves. */
export function flatten(config: Config, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(config)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0) flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

/** JSON with sorted keys, so equal objects compare equal whatever their key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

export interface ConfigRow {
  path: string;
  values: Array<{ present: boolean; value: unknown }>;
  differs: boolean;
}

/** One row per configuration key (dotted path) across the runs; `differs` when any run disagrees or lacks it. */
export function diffConfigurations(configs: Config[]): ConfigRow[] {
  const flat = configs.map((c) => flatten(c ?? {}));
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort();
  return paths.map((path) => {
    const values = flat.map((f) => ({ present: f.has(path), value: f.get(path) }));
    const keys = new Set(values.map((v) => (v.present ? stable(v.value) : "\u0000absent")));
    return { path, values, differs: keys.size > 1 };
  });
}
