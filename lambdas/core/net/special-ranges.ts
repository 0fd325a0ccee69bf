/**
 * Address blocks with a special meaning for exposure: what "the internet" is. Built once at load.
 * Sources: RFC 1918, RFC 6598, and the IANA IPv4/IPv6 special-purpose registries (RFC 6890).
 */

import { AddressSet } from './address-set';

export const RFC1918 = AddressSet.fromCidrs(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);

export const RFC6598 = AddressSet.fromCidr('100.64.0.0/10');

export const NON_PUBLIC_IPV4 = AddressSet.fromCidrs([
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, including the instance metadata service
  '172.16.0.0/12',
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // TEST-NET-1
  '192.168.0.0/16',
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // TEST-NET-2
  '203.0.113.0/24', // TEST-NET-3
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, including broadcast
]);

export const PUBLIC_IPV4 = AddressSet.allIpv4().subtract(NON_PUBLIC_IPV4);

/** Global unicast minus the documentation prefix. */
export const PUBLIC_IPV6 = AddressSet.fromCidr('2000::/3').subtract(AddressSet.fromCidr('2001:db8::/32'));

export const INTERNET = PUBLIC_IPV4.union(PUBLIC_IPV6);

const PUBLIC_IPV4_COUNT = PUBLIC_IPV4.ipv4Count();
const PUBLIC_IPV6_COUNT = PUBLIC_IPV6.ipv6Count();
const FRACTION_BITS = 53n;

/** Fraction (0..1) of each family's public space that `set` covers. */
export function publicCoverage(set: AddressSet): { ipv4: number; ipv6: number } {
  const ipv4 = set.intersect(PUBLIC_IPV4).ipv4Count() / PUBLIC_IPV4_COUNT;
  const covered6 = set.intersect(PUBLIC_IPV6).ipv6Count();
  // Scale before dividing so the bigint quotient keeps a double's worth of precision.
  const ipv6 = Number((covered6 << FRACTION_BITS) / PUBLIC_IPV6_COUNT) / 2 ** Number(FRACTION_BITS);
  return { ipv4, ipv6 };
}
