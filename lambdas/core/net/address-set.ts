/**
 * Immutable set of IPv4 and IPv6 addresses. Each family is a canonical sorted list of disjoint,
 * non-adjacent inclusive ranges (IPv4 as numbers, IPv6 as bigint), so every operation is one
 * linear merge and equality is a comparison of the lists. Operations return an existing instance
 * whenever the result is known to equal one, which keeps allocations low in reachability loops.
 */

import {
  type BigFlatRanges,
  bigRangesAsTuples,
  bigRangesContain,
  bigRangesContainAll,
  bigRangesCount,
  bigRangesEqual,
  bigRangesOverlap,
  intersectBigRanges,
  NO_BIG_RANGES,
  normalizeBigRanges,
  subtractBigRanges,
  unionBigRanges,
} from './bigint-ranges';
import { pushIpv4RangeCidrs, pushIpv6RangeCidrs } from './cidr-cover';
import {
  AddressParseError,
  formatIpv4,
  formatIpv6,
  IPV4_MAX,
  IPV6_MAX,
  parseCidr,
  tryParseIpv4,
  tryParseIpv6,
} from './ip';
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

/** Bounded so that a long-lived process reading many estates does not grow without limit. */
const FROM_CIDR_MEMO_LIMIT = 65_536;
const FROM_CIDR_MEMO = new Map<string, AddressSet>();

export class AddressSet {
  private static readonly EMPTY = new AddressSet(NO_RANGES, NO_BIG_RANGES);
  private static readonly ALL_IPV4 = new AddressSet(Object.freeze([0, IPV4_MAX]), NO_BIG_RANGES);
  private static readonly ALL_IPV6 = new AddressSet(NO_RANGES, Object.freeze([0n, IPV6_MAX]));
  private static readonly ALL = new AddressSet(AddressSet.ALL_IPV4.v4, AddressSet.ALL_IPV6.v6);

  private v4Tuples: readonly (readonly [number, number])[] | undefined;
  private v6Tuples: readonly (readonly [bigint, bigint])[] | undefined;

  private constructor(
    private readonly v4: FlatRanges,
    private readonly v6: BigFlatRanges,
  ) {}

  /** Wraps operation results, reusing the shared instances for the common extreme cases. */
  private static of(v4: FlatRanges, v6: BigFlatRanges): AddressSet {
    const v4Empty = v4.length === 0;
    const v6Empty = v6.length === 0;
    const v4All = v4.length === 2 && v4[0] === 0 && v4[1] === IPV4_MAX;
    const v6All = v6.length === 2 && v6[0] === 0n && v6[1] === IPV6_MAX;
    if (v4Empty && v6Empty) return AddressSet.EMPTY;
    if (v4All && v6Empty) return AddressSet.ALL_IPV4;
    if (v4Empty && v6All) return AddressSet.ALL_IPV6;
    if (v4All && v6All) return AddressSet.ALL;
    return new AddressSet(v4Empty ? NO_RANGES : v4, v6Empty ? NO_BIG_RANGES : v6);
  }

  static empty(): AddressSet {
    return AddressSet.EMPTY;
  }

  static allIpv4(): AddressSet {
    return AddressSet.ALL_IPV4;
  }

  static allIpv6(): AddressSet {
    return AddressSet.ALL_IPV6;
  }

  static all(): AddressSet {
    return AddressSet.ALL;
  }

  /** A CIDR or a bare address; host bits are masked. Throws AddressParseError naming the text. */
  static fromCidr(cidr: string): AddressSet {
    // Estates repeat the same few CIDRs (0.0.0.0/0 on thousands of rules); sets are immutable, so one
    // instance serves them all and lets callers memoise by identity.
    const known = FROM_CIDR_MEMO.get(cidr);
    if (known !== undefined) return known;
    const c = parseCidr(cidr);
    const set =
      c.version === 4 ? AddressSet.of([c.first, c.last], NO_BIG_RANGES) : AddressSet.of(NO_RANGES, [c.first, c.last]);
    if (FROM_CIDR_MEMO.size >= FROM_CIDR_MEMO_LIMIT) FROM_CIDR_MEMO.clear();
    FROM_CIDR_MEMO.set(cidr, set);
    return set;
  }

  static fromCidrs(cidrs: Iterable<string>): AddressSet {
    const v4: number[] = [];
    const v6: bigint[] = [];
    for (const text of cidrs) {
      const c = parseCidr(text);
      if (c.version === 4) v4.push(c.first, c.last);
      else v6.push(c.first, c.last);
    }
    return AddressSet.of(normalizeRanges(v4), normalizeBigRanges(v6));
  }

  /**
   * The union of many sets in one sort-and-merge, O(n log n) in their total ranges; folding
   * `union` over thousands of sets copies the growing result each time.
   */
  static unionAll(sets: Iterable<AddressSet>): AddressSet {
    const v4: number[] = [];
    const v6: bigint[] = [];
    let only: AddressSet | undefined;
    let nonEmpty = 0;
    for (const s of sets) {
      if (s.isEmpty()) continue;
      nonEmpty++;
      only = s;
      for (const x of s.v4) v4.push(x);
      for (const x of s.v6) v6.push(x);
    }
    if (nonEmpty <= 1) return only ?? AddressSet.EMPTY;
    return AddressSet.of(normalizeRanges(v4), normalizeBigRanges(v6));
  }

  /** One address (no prefix length). Throws AddressParseError naming the text. */
  static fromAddress(ip: string): AddressSet {
    const v4 = tryParseIpv4(ip);
    if (v4 !== undefined) return AddressSet.of([v4, v4], NO_BIG_RANGES);
    const v6 = tryParseIpv6(ip);
    if (v6 !== undefined) return AddressSet.of(NO_RANGES, [v6, v6]);
    throw new AddressParseError(ip, 'an IPv4 or IPv6 address');
  }

  static fromIpv4Range(first: number, last: number): AddressSet {
    if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last > IPV4_MAX || first > last) {
      throw new RangeError(
        `Invalid IPv4 range ${first}..${last}: expected integers with 0 <= first <= last <= ${IPV4_MAX}`,
      );
    }
    return AddressSet.of([first, last], NO_BIG_RANGES);
  }

  static fromIpv6Range(first: bigint, last: bigint): AddressSet {
    if (first < 0n || last > IPV6_MAX || first > last) {
      throw new RangeError(`Invalid IPv6 range ${first}..${last}: expected 0 <= first <= last <= 2^128-1`);
    }
    return AddressSet.of(NO_RANGES, [first, last]);
  }

  union(o: AddressSet): AddressSet {
    if (o === this || o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    const v4 = o.v4.length === 0 ? this.v4 : this.v4.length === 0 ? o.v4 : unionRanges(this.v4, o.v4);
    const v6 = o.v6.length === 0 ? this.v6 : this.v6.length === 0 ? o.v6 : unionBigRanges(this.v6, o.v6);
    return AddressSet.of(v4, v6);
  }

  intersect(o: AddressSet): AddressSet {
    if (o === this) return this;
    if (o === AddressSet.ALL) return this;
    if (this === AddressSet.ALL) return o;
    const v4 = this.v4.length === 0 || o.v4.length === 0 ? NO_RANGES : intersectRanges(this.v4, o.v4);
    const v6 = this.v6.length === 0 || o.v6.length === 0 ? NO_BIG_RANGES : intersectBigRanges(this.v6, o.v6);
    return AddressSet.of(v4, v6);
  }

  subtract(o: AddressSet): AddressSet {
    if (o === this) return AddressSet.EMPTY;
    if (o.isEmpty()) return this;
    const v4 = this.v4.length === 0 || o.v4.length === 0 ? this.v4 : subtractRanges(this.v4, o.v4);
    const v6 = this.v6.length === 0 || o.v6.length === 0 ? this.v6 : subtractBigRanges(this.v6, o.v6);
    if (v4 === this.v4 && v6 === this.v6) return this;
    return AddressSet.of(v4, v6);
  }

  isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0;
  }

  equals(o: AddressSet): boolean {
    return o === this || (rangesEqual(this.v4, o.v4) && bigRangesEqual(this.v6, o.v6));
  }

  isSupersetOf(o: AddressSet): boolean {
    return o === this || (rangesContainAll(this.v4, o.v4) && bigRangesContainAll(this.v6, o.v6));
  }

  overlaps(o: AddressSet): boolean {
    return rangesOverlap(this.v4, o.v4) || bigRangesOverlap(this.v6, o.v6);
  }

  /** Whether the address is in the set. Throws AddressParseError when `ip` is not an address. */
  contains(ip: string): boolean {
    const v4 = tryParseIpv4(ip);
    if (v4 !== undefined) return rangesContain(this.v4, v4);
    const v6 = tryParseIpv6(ip);
    if (v6 !== undefined) return bigRangesContain(this.v6, v6);
    throw new AddressParseError(ip, 'an IPv4 or IPv6 address');
  }

  containsIpv4(n: number): boolean {
    return rangesContain(this.v4, n);
  }

  containsIpv6(n: bigint): boolean {
    return bigRangesContain(this.v6, n);
  }

  ipv4(): AddressSet {
    return this.v6.length === 0 ? this : AddressSet.of(this.v4, NO_BIG_RANGES);
  }

  ipv6(): AddressSet {
    return this.v4.length === 0 ? this : AddressSet.of(NO_RANGES, this.v6);
  }

  ipv4Count(): number {
    return rangesCount(this.v4);
  }

  ipv6Count(): bigint {
    return bigRangesCount(this.v6);
  }

  /** The fewest CIDR blocks whose union is exactly this set, IPv4 first, each family ascending. */
  toCidrs(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.v4.length; k += 2) pushIpv4RangeCidrs(this.v4[k]!, this.v4[k + 1]!, out);
    for (let k = 0; k < this.v6.length; k += 2) pushIpv6RangeCidrs(this.v6[k]!, this.v6[k + 1]!, out);
    return out;
  }

  /** Comma-joined CIDRs; the empty set is the empty string. */
  toString(): string {
    return this.toCidrs().join(',');
  }

  /** The lowest address, IPv4 preferred: a concrete witness for evidence messages. */
  firstAddress(): string | undefined {
    if (this.v4.length > 0) return formatIpv4(this.v4[0]!);
    if (this.v6.length > 0) return formatIpv6(this.v6[0]!);
    return undefined;
  }

  ipv4Ranges(): readonly (readonly [number, number])[] {
    this.v4Tuples ??= rangesAsTuples(this.v4);
    return this.v4Tuples;
  }

  ipv6Ranges(): readonly (readonly [bigint, bigint])[] {
    this.v6Tuples ??= bigRangesAsTuples(this.v6);
    return this.v6Tuples;
  }
}
