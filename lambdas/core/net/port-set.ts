/** Immutable set of port numbers 0..65535 as canonical sorted ranges (see number-ranges.ts). */

import {
  type FlatRanges,
  intersectRanges,
  NO_RANGES,
  normalizeRanges,
  rangesAsTuples,
  rangesContain,
  rangesContainAll,
  rangesCount,
  rangesEqual,
  rangesOverlap,
  subtractRanges,
  unionRanges,
} from './number-ranges';

export const MAX_PORT = 65535;

export class PortRangeError extends RangeError {
  override readonly name = 'PortRangeError';
}

function checkPort(p: number, what: string): void {
  if (!Number.isInteger(p) || p < 0 || p > MAX_PORT) {
    throw new PortRangeError(`Invalid ${what} ${p}: expected an integer 0..${MAX_PORT}`);
  }
}

export class PortSet {
  private static readonly EMPTY = new PortSet(NO_RANGES);
  private static readonly ALL = new PortSet(Object.freeze([0, MAX_PORT]));

  private tuples: readonly (readonly [number, number])[] | undefined;

  private constructor(private readonly r: FlatRanges) {}

  private static of(r: FlatRanges): PortSet {
    if (r.length === 0) return PortSet.EMPTY;
    if (r.length === 2 && r[0] === 0 && r[1] === MAX_PORT) return PortSet.ALL;
    return new PortSet(r);
  }

  static empty(): PortSet {
    return PortSet.EMPTY;
  }

  static all(): PortSet {
    return PortSet.ALL;
  }

  /** Ports `from` through `to` inclusive; throws PortRangeError when out of 0..65535 or reversed. */
  static range(from: number, to: number): PortSet {
    checkPort(from, 'port');
    checkPort(to, 'port');
    if (from > to) throw new PortRangeError(`Invalid port range ${from}-${to}: start is after end`);
    return PortSet.of([from, to]);
  }

  static single(p: number): PortSet {
    checkPort(p, 'port');
    return PortSet.of([p, p]);
  }

  static fromRanges(ranges: Iterable<readonly [number, number]>): PortSet {
    const flat: number[] = [];
    for (const [from, to] of ranges) {
      checkPort(from, 'port');
      checkPort(to, 'port');
      if (from > to) throw new PortRangeError(`Invalid port range ${from}-${to}: start is after end`);
      flat.push(from, to);
    }
    return PortSet.of(normalizeRanges(flat));
  }

  /** Reads the `toString` forms back: "all", "none", "22", "80-443", "22,80-443". */
  static parse(text: string): PortSet {
    const trimmed = text.trim();
    if (trimmed === 'all') return PortSet.ALL;
    if (trimmed === 'none') return PortSet.EMPTY;
    const ranges: [number, number][] = [];
    for (const part of trimmed.split(',')) {
      const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(part);
      if (m === null) throw new PortRangeError(`Invalid port list ${JSON.stringify(text)}: expected e.g. "22,80-443"`);
      const from = Number(m[1]);
      ranges.push([from, m[2] === undefined ? from : Number(m[2])]);
    }
    return PortSet.fromRanges(ranges);
  }

  union(o: PortSet): PortSet {
    if (o === this || o.r.length === 0 || this === PortSet.ALL) return this;
    if (this.r.length === 0 || o === PortSet.ALL) return o;
    return PortSet.of(unionRanges(this.r, o.r));
  }

  intersect(o: PortSet): PortSet {
    if (o === this || o === PortSet.ALL || this.r.length === 0) return this;
    if (this === PortSet.ALL || o.r.length === 0) return o;
    return PortSet.of(intersectRanges(this.r, o.r));
  }

  subtract(o: PortSet): PortSet {
    if (o.r.length === 0 || this.r.length === 0) return this;
    if (o === this || o === PortSet.ALL) return PortSet.EMPTY;
    return PortSet.of(subtractRanges(this.r, o.r));
  }

  isEmpty(): boolean {
    return this.r.length === 0;
  }

  isAll(): boolean {
    return this === PortSet.ALL;
  }

  equals(o: PortSet): boolean {
    return rangesEqual(this.r, o.r);
  }

  isSupersetOf(o: PortSet): boolean {
    return rangesContainAll(this.r, o.r);
  }

  overlaps(o: PortSet): boolean {
    return rangesOverlap(this.r, o.r);
  }

  contains(p: number): boolean {
    return rangesContain(this.r, p);
  }

  count(): number {
    return rangesCount(this.r);
  }

  ranges(): readonly (readonly [number, number])[] {
    this.tuples ??= rangesAsTuples(this.r);
    return this.tuples;
  }

  first(): number | undefined {
    return this.r[0];
  }

  /** "22", "80-443", "22,80-443", "all" or "none". */
  toString(): string {
    if (this === PortSet.ALL) return 'all';
    if (this.r.length === 0) return 'none';
    const parts: string[] = [];
    for (let k = 0; k < this.r.length; k += 2) {
      const s = this.r[k]!;
      const e = this.r[k + 1]!;
      parts.push(s === e ? `${s}` : `${s}-${e}`);
    }
    return parts.join(',');
  }
}
