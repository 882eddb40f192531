// sample: section "Percentiles from buckets" — what histogram_quantile() does with cumulative buckets
/** One cumulative bucket: how many observations were at most `le` seconds. */
export interface Bucket {
  le: number; // Infinity for the +Inf bucket
  count: number;
}

/**
 * Estimates the q-quantile (0.95 for p95) from cumulative buckets, the way Prometheus's
 * histogram_quantile() does: find the bucket the rank falls in, and assume its observations are
 * spread evenly between its lower and upper bound.
 */
export function quantileFromBuckets(q: number, buckets: readonly Bucket[]): number {
  const total = buckets.at(-1)!.count; // the +Inf bucket counts every observation
  const rank = q * total;
  const index = buckets.findIndex((bucket) => bucket.count >= rank);
  const bucket = buckets[index]!;
  if (bucket.le === Infinity) return buckets[index - 1]!.le; // no upper bound: the best it can say
  const lower = index === 0 ? 0 : buckets[index - 1]!.le;
  const below = index === 0 ? 0 : buckets[index - 1]!.count;
  return lower + (bucket.le - lower) * ((rank - below) / (bucket.count - below));
}

/** Counts observations into cumulative buckets, as a Prometheus histogram does. */
export function toBuckets(seconds: readonly number[], bounds: readonly number[]): Bucket[] {
  return [...bounds, Infinity].map((le) => ({ le, count: seconds.filter((s) => s <= le).length }));
}
