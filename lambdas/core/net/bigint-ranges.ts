/**
 * The IPv6 counterpart of number-ranges.ts: the same canonical flat `[s0, e0, s1, e1, ...]` form
 * over bigint. Kept as a separate, type-specialised copy rather than a generic over a numeric
 * interface so that the IPv4 path never pays for indirect arithmetic calls.
 */

export type BigFlatRanges = readonly bigint[];

export const NO_BIG_RANGES: BigFlatRanges = Object.freeze([]) as BigFlatRanges;

export function normalizeBigRanges(pairs: readonly bigint[]): bigint[] {
  const n = pairs.length >> 1;
  let canonical = true;
  for (let k = 2; k < pairs.length; k += 2) {
    if (pairs[k]! <= pairs[k - 1]! + 1n) {
      canonical = false;
      break;
    }
  }
  if (canonical) return pairs.slice();
  // Same merge as number-ranges.ts: starts and ends sorted independently.
  const starts = new Array<bigint>(n);
  const ends = new Array<bigint>(n);
  for (let k = 0; k < n; k++) {
    starts[k] = pairs[2 * k]!;
    ends[k] = pairs[2 * k + 1]!;
  }
  starts.sort(compareBigints);
  ends.sort(compareBigints);
  const out: bigint[] = [];
  let open = starts[0]!;
  for (let k = 0; k < n; k++) {
    if (k + 1 < n && starts[k + 1]! <= ends[k]! + 1n) continue;
    out.push(open, ends[k]!);
    if (k + 1 < n) open = starts[k + 1]!;
  }
  return out;
}

function compareBigints(x: bigint, y: bigint): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function appendMerging(out: bigint[], s: bigint, e: bigint): void {
  const last = out.length - 1;
  if (last > 0 && s <= out[last]! + 1n) {
    if (e > out[last]!) out[last] = e;
  } else {
    out.push(s, e);
  }
}

export function unionBigRanges(a: BigFlatRanges, b: BigFlatRanges): bigint[] {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! <= b[j]!) {
      appendMerging(out, a[i]!, a[i + 1]!);
      i += 2;
    } else {
      appendMerging(out, b[j]!, b[j + 1]!);
      j += 2;
    }
  }
  for (; i < a.length; i += 2) appendMerging(out, a[i]!, a[i + 1]!);
  for (; j < b.length; j += 2) appendMerging(out, b[j]!, b[j + 1]!);
  return out;
}

export function intersectBigRanges(a: BigFlatRanges, b: BigFlatRanges): bigint[] {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ae = a[i + 1]!;
    const be = b[j + 1]!;
    // biome-ignore lint/complexity/useMathMinMax: Math.max throws on bigint
    const s = a[i]! > b[j]! ? a[i]! : b[j]!;
    // biome-ignore lint/complexity/useMathMinMax: Math.min throws on bigint
    const e = ae < be ? ae : be;
    if (s <= e) out.push(s, e);
    if (ae < be) i += 2;
    else j += 2;
  }
  return out;
}

export function subtractBigRanges(a: BigFlatRanges, b: BigFlatRanges): bigint[] {
  const out: bigint[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let cur = a[i]!;
    const e = a[i + 1]!;
    while (j < b.length && b[j + 1]! < cur) j += 2;
    for (let k = j; k < b.length && b[k]! <= e; k += 2) {
      if (b[k]! > cur) out.push(cur, b[k]! - 1n);
      cur = b[k + 1]! + 1n;
      if (cur > e) break;
    }
    if (cur <= e) out.push(cur, e);
  }
  return out;
}

export function bigRangesOverlap(a: BigFlatRanges, b: BigFlatRanges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! < b[j]!) i += 2;
    else if (b[j + 1]! < a[i]!) j += 2;
    else return true;
  }
  return false;
}

export function bigRangesContainAll(a: BigFlatRanges, b: BigFlatRanges): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    const s = b[j]!;
    while (i < a.length && a[i + 1]! < s) i += 2;
    if (i >= a.length || a[i]! > s || a[i + 1]! < b[j + 1]!) return false;
  }
  return true;
}

export function bigRangesContain(a: BigFlatRanges, value: bigint): boolean {
  let lo = 0;
  let hi = (a.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[2 * mid + 1]! < value) lo = mid + 1;
    else if (a[2 * mid]! > value) hi = mid - 1;
    else return true;
  }
  return false;
}

export function bigRangesEqual(a: BigFlatRanges, b: BigFlatRanges): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export function bigRangesCount(a: BigFlatRanges): bigint {
  let total = 0n;
  for (let k = 0; k < a.length; k += 2) total += a[k + 1]! - a[k]! + 1n;
  return total;
}

export function bigRangesAsTuples(a: BigFlatRanges): readonly (readonly [bigint, bigint])[] {
  const out: (readonly [bigint, bigint])[] = new Array(a.length >> 1);
  for (let k = 0; k < a.length; k += 2) out[k >> 1] = [a[k]!, a[k + 1]!];
  return out;
}
