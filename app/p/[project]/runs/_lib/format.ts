/**
 * Numbers for people. Scores and metrics are mostly in [0, 1] (means, pass rates) or counts; they
 * are shown with as many digits as tell them apart, and pass rates as percentages.
 */
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return integer.format(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return integer.format(value);
  if (abs >= 1) return compact.format(value);
  return value.toFixed(3);
}

export function isRate(metricName: string): boolean {
  return /(^|[._])(pass_rate|rate|accuracy)$/.test(metricName);
}

export function isCount(metricName: string): boolean {
  return /(^|[._])(count|n)$/.test(metricName);
}

/** Metric value: rates as percentages, counts as integers, the rest as numbers. */
export function formatMetric(name: string, value: number): string {
  if (isRate(name) && value >= 0 && value <= 1) return `${(value * 100).toFixed(1)}%`;
  return formatNumber(value);
}

/** A signed difference: `+0.120`, `−3`, rates in percentage points. */
export function formatDelta(name: string, delta: number): string {
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  const abs = Math.abs(delta);
  const body = isRate(name) ? `${(abs * 100).toFixed(1)} pp` : formatNumber(abs);
  return `${sign}${body}`;
}

/**
 * Which way is better for a metric. Scores and their aggregates are "higher is better" (the
 * compare API counts regressions that way); counts are neutral; names that read as costs
 * (latency, cost, tokens, errors, duration) are "lower is better".
 */
export type Direction = "higher" | "lower" | "neutral";

export function metricDirection(name: string): Direction {
  if (isCount(name)) return "neutral";
  if (/latency|cost|token|error|duration|time_ms|seconds/i.test(name)) return "lower";
  return "higher";
}

/** better / worse / same for a delta under a direction. */
export function judge(delta: number, direction: Direction): "better" | "worse" | "same" | "neutral" {
  if (delta === 0) return "same";
  if (direction === "neutral") return "neutral";
  return (delta > 0) === (direction === "higher") ? "better" : "worse";
}

export function formatLatency(ms: number | null): string {
  if (ms == null) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatScoreValue(value: number | boolean): string {
  if (typeof value === "boolean") return value ? "pass" : "fail";
  return formatNumber(value);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${integer.format(count)} ${count === 1 ? one : many}`;
}
