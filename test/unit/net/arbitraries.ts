/**
 * fast-check generators that build a set through the public API together with its naive model:
 * a plain Set of offsets inside a small window, so every member can be enumerated and checked.
 */

import fc from 'fast-check';
import { AddressSet } from '../../../lambdas/core/net/address-set';
import { formatIpv4, formatIpv6 } from '../../../lambdas/core/net/ip';
import { PortSet } from '../../../lambdas/core/net/port-set';

/** Windows of 2^12 addresses: the bottom, the middle and the very top of IPv4 (edge arithmetic). */
export const IPV4_WINDOWS = [0, 0x0a141000, 2 ** 32 - 4096];
export const IPV6_WINDOWS = [0n, 0x20010db8000000000000000000000000n, (1n << 128n) - 4096n];
export const WINDOW_SIZE = 4096;

export interface Modelled<S> {
  set: S;
  model: Set<number>;
}

/** Pieces of a set inside [0, WINDOW_SIZE): an aligned block (CIDR) or an arbitrary range. */
const pieceArb = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 12 }), fc.nat(WINDOW_SIZE - 1))
    .map(([hostBits, at]) => ({ cidr: true, hostBits, at, from: 0, to: 0 })),
  fc
    .tuple(fc.nat(WINDOW_SIZE - 1), fc.nat(WINDOW_SIZE - 1))
    .map(([a, b]) => ({ cidr: false, hostBits: 0, at: 0, from: Math.min(a, b), to: Math.max(a, b) })),
);

type Piece = typeof pieceArb extends fc.Arbitrary<infer P> ? P : never;

function pieceOffsets(p: Piece): [number, number] {
  if (!p.cidr) return [p.from, p.to];
  const size = 2 ** p.hostBits;
  const first = Math.floor(p.at / size) * size;
  return [first, first + size - 1];
}

function addToModel(model: Set<number>, [from, to]: [number, number]): void {
  for (let k = from; k <= to; k++) model.add(k);
}

export function ipv4SetArb(base: number): fc.Arbitrary<Modelled<AddressSet>> {
  return fc.array(pieceArb, { maxLength: 6 }).map((pieces) => {
    const model = new Set<number>();
    let set = AddressSet.empty();
    const cidrs: string[] = [];
    for (const p of pieces) {
      const [from, to] = pieceOffsets(p);
      addToModel(model, [from, to]);
      // CIDRs are written with random host bits set, which must be masked.
      if (p.cidr) cidrs.push(`${formatIpv4(base + p.at)}/${32 - p.hostBits}`);
      else set = set.union(AddressSet.fromIpv4Range(base + from, base + to));
    }
    return { set: set.union(AddressSet.fromCidrs(cidrs)), model };
  });
}

export function ipv6SetArb(base: bigint): fc.Arbitrary<Modelled<AddressSet>> {
  return fc.array(pieceArb, { maxLength: 6 }).map((pieces) => {
    const model = new Set<number>();
    let set = AddressSet.empty();
    for (const p of pieces) {
      const [from, to] = pieceOffsets(p);
      addToModel(model, [from, to]);
      set = set.union(
        p.cidr
          ? AddressSet.fromCidr(`${formatIpv6(base + BigInt(p.at))}/${128 - p.hostBits}`)
          : AddressSet.fromIpv6Range(base + BigInt(from), base + BigInt(to)),
      );
    }
    return { set, model };
  });
}

export const PORT_WINDOW = 301;

export const portSetArb: fc.Arbitrary<Modelled<PortSet>> = fc
  .array(fc.tuple(fc.nat(PORT_WINDOW - 1), fc.nat(PORT_WINDOW - 1)), { maxLength: 6 })
  .map((pairs) => {
    const model = new Set<number>();
    const ranges: [number, number][] = pairs.map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
    for (const r of ranges) addToModel(model, r);
    return { set: PortSet.fromRanges(ranges), model };
  });

export function naiveUnion(a: Set<number>, b: Set<number>): Set<number> {
  return new Set([...a, ...b]);
}

export function naiveIntersect(a: Set<number>, b: Set<number>): Set<number> {
  return new Set([...a].filter((x) => b.has(x)));
}

export function naiveSubtract(a: Set<number>, b: Set<number>): Set<number> {
  return new Set([...a].filter((x) => !b.has(x)));
}

export function naiveSubset(a: Set<number>, b: Set<number>): boolean {
  return [...a].every((x) => b.has(x));
}
