/** Splits `total` into `buckets` near-equal whole parts (the first ones get the remainder), so counts add up exactly. */
export function distribute(total: number, buckets: number): number[] {
  if (buckets <= 0) return [];
  const base = Math.floor(total / buckets);
  const remainder = total % buckets;
  return Array.from({ length: buckets }, (_, k) => base + (k < remainder ? 1 : 0));
}
