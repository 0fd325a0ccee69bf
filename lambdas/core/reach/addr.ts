/** A parsed address, so hot loops test set membership without re-parsing text. */
import type { AddressSet } from '../net/address-set';
import { formatIpv4, formatIpv6, tryParseIpv4, tryParseIpv6 } from '../net/ip';

export type Addr =
  | { readonly text: string; readonly version: 4; readonly v4: number }
  | {
      readonly text: string;
      readonly version: 6;
      readonly v6: bigint;
    };

export function parseAddr(text: string): Addr | undefined {
  const v4 = tryParseIpv4(text);
  if (v4 !== undefined) return { text: formatIpv4(v4), version: 4, v4 };
  const v6 = tryParseIpv6(text);
  if (v6 !== undefined) return { text: formatIpv6(v6), version: 6, v6 };
  return undefined;
}

export function inSet(set: AddressSet, a: Addr): boolean {
  return a.version === 4 ? set.containsIpv4(a.v4) : set.containsIpv6(a.v6);
}

/** The set's address `offset` places after its first one (AWS reserves a subnet's first four). */
export function addressInside(set: AddressSet, version: 4 | 6, offset: number): Addr | undefined {
  if (version === 4) {
    const r = set.ipv4Ranges()[0];
    if (r === undefined) return undefined;
    const n = Math.min(r[0] + offset, r[1]);
    return { text: formatIpv4(n), version: 4, v4: n };
  }
  const r = set.ipv6Ranges()[0];
  if (r === undefined) return undefined;
  const n = r[0] + BigInt(offset) <= r[1] ? r[0] + BigInt(offset) : r[1];
  return { text: formatIpv6(n), version: 6, v6: n };
}
