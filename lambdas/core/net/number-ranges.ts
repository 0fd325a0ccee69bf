/**
 * Set algebra on sorted, disjoint, non-adjacent integer ranges stored flat as `[s0, e0, s1, e1, ...]`
 * (inclusive bounds). Shared by PortSet and the IPv4 half of AddressSet, the engine's hot path:
 * a flat array of plain numbers keeps allocations to one array per result and lets V8 keep it
 * as a packed double array. Because the form is canonical (adjacent ranges are always merged),
 * two sets are equal exactly when their arrays are equal.
 *
 * Values are IPv4 addresses or ports (< 2^32): compared arithmetically, never with bitwise
 * operators, which would wrap them to signed 32-bit.
 */

export type FlatRanges = readonly number[];

export const NO_RANGES: FlatRanges = Object.freeze([]) as FlatRanges;

/** Sorts and merges arbitrary inclusive ranges (flat pairs, each with start <= end) into canonical form. */
export function normalizeRanges(pairs: readonly number[]): number[] {
  const n = pairs.length >> 1;
  let canonical = true;
  for (let k = 2; k < pairs.length; k += 2) {
    if (pairs[k]! <= pairs[k - 1]! + 1) {
      canonical = false;
      break;
    }
  }
  if (canonical) return pairs.slice();
  // Sorting starts and ends separately (native typed-array sorts, no comparator callback) is
  // enough to merge: after the k+1 earliest-starting ranges there is a gap exactly when the
  // (k+1)-th smallest end lies more than one below the next start.
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    starts[k] = pairs[2 * k]!;
    ends[k] = pairs[2 * k + 1]!;
  }
  starts.sort();
  ends.sort();
  const out: number[] = [];
  let open = starts[0]!;
  for (let k = 0; k < n; k++) {
    if (k + 1 < n && starts[k + 1]! <= ends[k]! + 1) continue;
    out.push(open, ends[k]!);
    if (k + 1 < n) open = starts[k + 1]!;
  }
  return out;
}

/** Appends [s, e] to a canonical list whose ranges all start at or before s. */
function appendMerging(out: number[], s: number, e: number): void {
  const last = out.length - 1;
  if (last > 0 && s <= out[last]! + 1) {
    if (e > out[last]!) out[last] = e;
  } else {
    out.push(s, e);
  }
}

export function unionRanges(a: FlatRanges, b: FlatRanges): number[] {
  const out: number[] = [];
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

export function intersectRanges(a: FlatRanges, b: FlatRanges): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ae = a[i + 1]!;
    const be = b[j + 1]!;
    const s = Math.max(a[i]!, b[j]!);
    const e = Math.min(ae, be);
    if (s <= e) out.push(s, e);
    if (ae < be) i += 2;
    else j += 2;
  }
  return out;
}

export function subtractRanges(a: FlatRanges, b: FlatRanges): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let cur = a[i]!;
    const e = a[i + 1]!;
    while (j < b.length && b[j + 1]! < cur) j += 2;
    // A range of b may reach into the next range of a, so j stays on it; k walks ahead.
    for (let k = j; k < b.length && b[k]! <= e; k += 2) {
      if (b[k]! > cur) out.push(cur, b[k]! - 1);
      cur = b[k + 1]! + 1;
      if (cur > e) break;
    }
    if (cur <= e) out.push(cur, e);
  }
  return out;
}

export function rangesOverlap(a: FlatRanges, b: FlatRanges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! < b[j]!) i += 2;
    else if (b[j + 1]! < a[i]!) j += 2;
    else return true;
  }
  return false;
}

/** Whether every range of `b` lies inside one range of `a` (canonical form makes that exact). */
export function rangesContainAll(a: FlatRanges, b: FlatRanges): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    const s = b[j]!;
    while (i < a.length && a[i + 1]! < s) i += 2;
    if (i >= a.length || a[i]! > s || a[i + 1]! < b[j + 1]!) return false;
  }
  return true;
}

export function rangesContain(a: FlatRanges, value: number): boolean {
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

export function rangesEqual(a: FlatRanges, b: FlatRanges): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export function rangesCount(a: FlatRanges): number {
  let total = 0;
  for (let k = 0; k < a.length; k += 2) total += a[k + 1]! - a[k]! + 1;
  return total;
}

export function rangesAsTuples(a: FlatRanges): readonly (readonly [number, number])[] {
  const out: (readonly [number, number])[] = new Array(a.length >> 1);
  for (let k = 0; k < a.length; k += 2) out[k >> 1] = [a[k]!, a[k + 1]!];
  return out;
}
