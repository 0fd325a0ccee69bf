/**
 * Micro-benchmark of the address/port algebra at the scale of a 10,000-ENI estate.
 * Run: npx tsx bench/net-algebra.bench.ts
 */

import { AddressSet } from '../lambdas/core/net/address-set';
import { formatIpv4 } from '../lambdas/core/net/ip';
import { PortSet } from '../lambdas/core/net/port-set';
import { ServiceSet } from '../lambdas/core/net/service-set';
import { INTERNET, publicCoverage } from '../lambdas/core/net/special-ranges';

const ENIS = 10_000;
const RULES = 20_000;

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Best of several batches: the machine is shared, and the minimum is the least disturbed figure. */
function time<T>(label: string, iterations: number, fn: () => T): T {
  let result = fn();
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 5; batch++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < iterations; k++) result = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  console.log(`${label.padEnd(58)} ${best.toFixed(1).padStart(10)} µs/op`);
  return result;
}

const random = prng(42);
const eniAddresses = Array.from({ length: ENIS }, () => formatIpv4(167772160 + Math.floor(random() * 2 ** 20)));
const ruleCidrs = Array.from({ length: RULES }, () => {
  const prefix = 8 + Math.floor(random() * 25);
  return `${formatIpv4(Math.floor(random() * 2 ** 32))}/${prefix}`;
});
const ruleSets = ruleCidrs.map((c) => AddressSet.fromCidr(c));

const enis = time(`fromCidrs(${ENIS} ENI addresses)`, 10, () => AddressSet.fromCidrs(eniAddresses));
time(`fromCidrs(${RULES} rule CIDRs)`, 5, () => AddressSet.fromCidrs(ruleCidrs));
const sources = time(`union of ${RULES} single-CIDR sets, one by one`, 1, () =>
  ruleSets.reduce((acc, s) => acc.union(s), AddressSet.empty()),
);
time(`AddressSet.unionAll of the same ${RULES} sets`, 5, () => AddressSet.unionAll(ruleSets));
time('intersect(rule sources, INTERNET)', 2000, () => sources.intersect(INTERNET));
time('subtract(ENI addresses, RFC1918-like /12)', 2000, () => enis.subtract(AddressSet.fromCidr('10.0.0.0/12')));
time(`contains() on ${ENIS} ENI addresses`, 20, () => eniAddresses.filter((ip) => enis.contains(ip)).length);
time('publicCoverage(rule sources)', 2000, () => publicCoverage(sources));
time('toCidrs(rule sources)', 200, () => sources.toCidrs().length);

const services = Array.from({ length: 2000 }, (_, k) =>
  k % 10 === 0
    ? ServiceSet.all()
    : ServiceSet.of(k % 2 === 0 ? 6 : 17, PortSet.range(k % 1000, (k % 1000) + Math.floor(random() * 100))),
);
const allowed = time('union of 2000 security-group services', 20, () =>
  services.reduce((acc, s) => acc.union(s), ServiceSet.empty()),
);
time('ServiceSet intersect + subtract (2000 pairs)', 20, () => {
  let n = 0;
  for (const s of services)
    n += s
      .intersect(allowed)
      .subtract(ServiceSet.of(6, PortSet.single(22)))
      .isEmpty()
      ? 1
      : 0;
  return n;
});
