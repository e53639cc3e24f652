// The benchmarks' one way to summarise timings.

export const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** The nearest-rank percentile of values sorted ascending (NaN when there are none). */
export const percentile = (values: number[], p: number) =>
  values.length ? values[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]! : Number.NaN;
