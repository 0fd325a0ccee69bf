/** Splitting an inclusive address range into the fewest CIDR blocks that cover it exactly. */

import { formatIpv4, formatIpv6 } from './ip';

const TWO_POW_32 = 2 ** 32;

/** Number of trailing zero bits of an IPv4 value (32 for 0). */
function ipv4TrailingZeros(n: number): number {
  if (n === 0) return 32;
  // `n & -n` isolates the lowest set bit; clz32 reads it as unsigned, so 2^31 works too.
  return 31 - Math.clz32(n & -n);
}

export function pushIpv4RangeCidrs(first: number, last: number, out: string[]): void {
  let s = first;
  while (s <= last) {
    const remaining = last - s + 1;
    const fit = remaining >= TWO_POW_32 ? 32 : 31 - Math.clz32(remaining);
    const bits = Math.min(ipv4TrailingZeros(s), fit);
    out.push(`${formatIpv4(s)}/${32 - bits}`);
    s += 2 ** bits;
  }
}

export function pushIpv6RangeCidrs(first: bigint, last: bigint, out: string[]): void {
  let s = first;
  while (s <= last) {
    const remaining = last - s + 1n;
    let bits = 0;
    while (bits < 128 && ((s >> BigInt(bits)) & 1n) === 0n && 1n << BigInt(bits + 1) <= remaining) bits++;
    out.push(`${formatIpv6(s)}/${128 - bits}`);
    s += 1n << BigInt(bits);
  }
}
