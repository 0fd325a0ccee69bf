import { AddressSet } from '../../../lambdas/core/net/address-set';
import {
  INTERNET,
  NON_PUBLIC_IPV4,
  PUBLIC_IPV4,
  PUBLIC_IPV6,
  publicCoverage,
  RFC1918,
  RFC6598,
} from '../../../lambdas/core/net/special-ranges';

describe('special ranges', () => {
  it('classifies well-known addresses', () => {
    // Prepare
    const samples = [
      '8.8.8.8',
      '10.1.2.3',
      '172.31.255.255',
      '172.32.0.0',
      '100.64.0.1',
      '169.254.169.254',
      '224.0.0.5',
    ];

    // Act
    const onInternet = samples.map((ip) => INTERNET.contains(ip));

    // Assess
    expect(onInternet).toEqual([true, false, false, true, false, false, false]);
    expect(RFC1918.contains('192.168.0.1')).toBe(true);
    expect(RFC6598.toCidrs()).toEqual(['100.64.0.0/10']);
    expect(NON_PUBLIC_IPV4.isSupersetOf(RFC1918.union(RFC6598))).toBe(true);
  });

  it('partitions IPv4 into public and non-public', () => {
    // Prepare
    const all = AddressSet.allIpv4();

    // Act
    const rejoined = PUBLIC_IPV4.union(NON_PUBLIC_IPV4);

    // Assess
    expect(rejoined.equals(all)).toBe(true);
    expect(PUBLIC_IPV4.overlaps(NON_PUBLIC_IPV4)).toBe(false);
  });

  it('takes global unicast minus documentation as public IPv6', () => {
    // Prepare
    const samples = ['2600:1f18::1', '2001:db8::1', 'fe80::1', 'fd00::1', '3fff:ffff::1', '::1'];

    // Act
    const answers = samples.map((ip) => PUBLIC_IPV6.contains(ip));

    // Assess
    expect(answers).toEqual([true, false, false, false, true, false]);
    expect(INTERNET.ipv6().equals(PUBLIC_IPV6)).toBe(true);
  });
});

describe('publicCoverage', () => {
  it.each([
    [['0.0.0.0/1', '128.0.0.0/1'], 1, 0],
    [['0.0.0.0/0'], 1, 0],
    [['10.0.0.0/8'], 0, 0],
    [['::/0'], 0, 1],
    [['2000::/3'], 0, 1],
    [['fd00::/8', '192.168.0.0/16'], 0, 0],
    [['0.0.0.0/0', '::/0'], 1, 1],
  ])('covers %j: ipv4 %d, ipv6 %d', (cidrs, ipv4, ipv6) => {
    // Prepare
    const set = AddressSet.fromCidrs(cidrs);

    // Act
    const coverage = publicCoverage(set);

    // Assess
    expect(coverage).toEqual({ ipv4, ipv6 });
  });

  it('gives partial fractions for part of the public space', () => {
    // Prepare
    const set = AddressSet.fromCidrs(['8.0.0.0/8', '2600::/8']);

    // Act
    const coverage = publicCoverage(set);

    // Assess
    expect(coverage.ipv4).toBeCloseTo(2 ** 24 / PUBLIC_IPV4.ipv4Count(), 12);
    expect(coverage.ipv6).toBeCloseTo(Number(1n << 120n) / Number(PUBLIC_IPV6.ipv6Count()), 12);
    expect(coverage.ipv6).toBeGreaterThan(1 / 32);
  });
});
