const compact = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
const large = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, notation: "compact" });

/** A metric value, short but exact enough to compare: 0.8125, 1,234, 12.5k. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100_000) return large.format(value);
  return compact.format(value);
}
