import fc from 'fast-check';
import { AddressSet } from '../../../lambdas/core/net/address-set';
import { AddressParseError, parseCidr, parseIpv4 } from '../../../lambdas/core/net/ip';
import {
  IPV4_WINDOWS,
  IPV6_WINDOWS,
  ipv4SetArb,
  ipv6SetArb,
  naiveIntersect,
  naiveSubset,
  naiveSubtract,
  naiveUnion,
  WINDOW_SIZE,
} from './arbitraries';

function expectIpv4Model(set: AddressSet, model: Set<number>, base: number): void {
  for (let k = 0; k < WINDOW_SIZE; k++) {
    if (set.containsIpv4(base + k) !== model.has(k)) {
      throw new Error(`offset ${k}: set says ${!model.has(k)}, model says ${model.has(k)} (set ${set})`);
    }
  }
  expect(set.ipv4Count()).toBe(model.size);
  expect(set.ipv6Count()).toBe(0n);
}

function expectIpv6Model(set: AddressSet, model: Set<number>, base: bigint): void {
  for (let k = 0; k < WINDOW_SIZE; k++) {
    if (set.containsIpv6(base + BigInt(k)) !== model.has(k)) {
      throw new Error(`offset ${k}: set says ${!model.has(k)}, model says ${model.has(k)} (set ${set})`);
    }
  }
  expect(set.ipv6Count()).toBe(BigInt(model.size));
  expect(set.ipv4Count()).toBe(0);
}

/** Whether two CIDR blocks are the two halves of one larger block (a cover holding both is not minimal). */
function areSiblings(a: string, b: string): boolean {
  const [addrA, lenA] = a.split('/');
  const [addrB, lenB] = b.split('/');
  if (lenA !== lenB || lenA === '0') return false;
  const parent = Number(lenA) - 1;
  const pa = parseCidr(`${addrA}/${parent}`);
  const pb = parseCidr(`${addrB}/${parent}`);
  return pa.version === pb.version && pa.first === pb.first;
}

describe('AddressSet examples', () => {
  it('builds from CIDRs of both families and writes the minimal cover, IPv4 first', () => {
    // Prepare
    const cidrs = ['2001:db8::/33', '10.0.1.0/24', '10.0.0.7/24', '2001:db8:8000::/33', '10.0.3.0/24'];

    // Act
    const set = AddressSet.fromCidrs(cidrs);

    // Assess
    expect(set.toCidrs()).toEqual(['10.0.0.0/23', '10.0.3.0/24', '2001:db8::/32']);
    expect(set.toString()).toBe('10.0.0.0/23,10.0.3.0/24,2001:db8::/32');
    expect(set.ipv4Count()).toBe(768);
    expect(set.ipv6Count()).toBe(1n << 96n);
  });

  it('splits an unaligned range into the fewest blocks', () => {
    // Prepare
    const first = parseIpv4('10.0.0.1');
    const last = parseIpv4('10.0.0.14');

    // Act
    const cidrs = AddressSet.fromIpv4Range(first, last).toCidrs();

    // Assess
    expect(cidrs).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30', '10.0.0.8/30', '10.0.0.12/31', '10.0.0.14/32']);
  });

  it('writes the whole space as /0 and the empty set as nothing', () => {
    // Prepare
    const all = AddressSet.all();

    // Act
    const cidrs = all.toCidrs();

    // Assess
    expect(cidrs).toEqual(['0.0.0.0/0', '::/0']);
    expect(AddressSet.empty().toCidrs()).toEqual([]);
    expect(AddressSet.empty().toString()).toBe('');
    expect(AddressSet.allIpv4().union(AddressSet.allIpv6()).equals(all)).toBe(true);
    expect(AddressSet.fromCidrs(['0.0.0.0/1', '128.0.0.0/1']).equals(AddressSet.allIpv4())).toBe(true);
    expect(AddressSet.allIpv4().ipv4Count()).toBe(2 ** 32);
    expect(AddressSet.allIpv6().ipv6Count()).toBe(1n << 128n);
  });

  it('answers membership for address text of either family', () => {
    // Prepare
    const set = AddressSet.fromCidrs(['10.0.0.0/16', '2001:db8::/64']);

    // Act
    const answers = ['10.0.255.255', '10.1.0.0', '2001:db8::abcd', '2001:db8:0:1::', '::ffff:10.0.0.1'].map((ip) =>
      set.contains(ip),
    );

    // Assess
    expect(answers).toEqual([true, false, true, false, false]);
    expect(() => set.contains('10.0.0.0/24')).toThrow(AddressParseError);
  });

  it('picks a witness address, preferring IPv4', () => {
    // Prepare
    const both = AddressSet.fromCidrs(['2001:db8::/64', '192.0.2.64/26']);

    // Act
    const witness = both.firstAddress();

    // Assess
    expect(witness).toBe('192.0.2.64');
    expect(both.ipv6().firstAddress()).toBe('2001:db8::');
    expect(AddressSet.empty().firstAddress()).toBeUndefined();
  });

  it('separates the families and exposes the ranges', () => {
    // Prepare
    const set = AddressSet.fromCidrs(['10.0.0.0/31', '10.0.0.4/32', '::1']);

    // Act
    const v4 = set.ipv4();
    const v6 = set.ipv6();

    // Assess
    expect(v4.ipv4Ranges()).toEqual([
      [167772160, 167772161],
      [167772164, 167772164],
    ]);
    expect(v4.ipv6Ranges()).toEqual([]);
    expect(v6.ipv6Ranges()).toEqual([[1n, 1n]]);
    expect(v6.ipv4Count()).toBe(0);
    expect(v4.union(v6).equals(set)).toBe(true);
  });

  it('builds single addresses and rejects a CIDR or junk where an address is expected', () => {
    // Prepare
    const texts = ['10.0.0.1', 'fe80::1'];

    // Act
    const sets = texts.map((t) => AddressSet.fromAddress(t));

    // Assess
    expect(sets.map((s) => s.toString())).toEqual(['10.0.0.1/32', 'fe80::1/128']);
    expect(() => AddressSet.fromAddress('10.0.0.0/8')).toThrow('"10.0.0.0/8"');
    expect(() => AddressSet.fromCidrs(['10.0.0.0/8', '10.0.0.256/8'])).toThrow(AddressParseError);
    expect(() => AddressSet.fromCidr('1.2.3')).toThrow('"1.2.3"');
  });

  it('refuses reversed or out-of-range numeric ranges', () => {
    // Prepare
    const attempts = [
      () => AddressSet.fromIpv4Range(5, 4),
      () => AddressSet.fromIpv4Range(0, 2 ** 32),
      () => AddressSet.fromIpv4Range(-1, 3),
      () => AddressSet.fromIpv6Range(5n, 4n),
      () => AddressSet.fromIpv6Range(0n, 1n << 128n),
    ];

    // Act / Assess
    for (const attempt of attempts) expect(attempt).toThrow(RangeError);
  });

  it('reports overlap and containment across families', () => {
    // Prepare
    const vpc = AddressSet.fromCidrs(['10.0.0.0/16', '2001:db8::/56']);
    const subnet = AddressSet.fromCidrs(['10.0.1.0/24', '2001:db8::/64']);
    const other = AddressSet.fromCidr('10.1.0.0/16');

    // Act
    const results = [vpc.isSupersetOf(subnet), subnet.isSupersetOf(vpc), vpc.overlaps(other), vpc.overlaps(subnet)];

    // Assess
    expect(results).toEqual([true, false, false, true]);
  });
});

describe.each(IPV4_WINDOWS)('AddressSet IPv4 against a naive model (window at %d)', (base) => {
  const arb = ipv4SetArb(base);

  it('builds exactly the modelled set', () => {
    fc.assert(
      fc.property(arb, ({ set, model }) => {
        // Prepare / Act: the arbitrary built the set through the public API

        // Assess
        expectIpv4Model(set, model, base);
      }),
    );
  });

  it('agrees with the model on union, intersect, subtract, subset and overlap', () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        // Prepare
        const { set: sa, model: ma } = a;
        const { set: sb, model: mb } = b;

        // Act
        const union = sa.union(sb);
        const inter = sa.intersect(sb);
        const diff = sa.subtract(sb);

        // Assess
        expectIpv4Model(union, naiveUnion(ma, mb), base);
        expectIpv4Model(inter, naiveIntersect(ma, mb), base);
        expectIpv4Model(diff, naiveSubtract(ma, mb), base);
        expect(sa.isSupersetOf(sb)).toBe(naiveSubset(mb, ma));
        expect(sa.overlaps(sb)).toBe(naiveIntersect(ma, mb).size > 0);
        expect(sa.equals(sb)).toBe(naiveSubset(ma, mb) && naiveSubset(mb, ma));
      }),
    );
  });

  it('obeys the set laws', () => {
    const universe = AddressSet.fromIpv4Range(base, base + WINDOW_SIZE - 1);
    fc.assert(
      fc.property(arb, arb, ({ set: a }, { set: b }) => {
        // Prepare
        const union = a.union(b);
        const inter = a.intersect(b);

        // Act
        const complementOfUnion = universe.subtract(union);
        const complementOfInter = universe.subtract(inter);

        // Assess
        expect(union.equals(b.union(a))).toBe(true);
        expect(inter.equals(b.intersect(a))).toBe(true);
        expect(complementOfUnion.equals(universe.subtract(a).intersect(universe.subtract(b)))).toBe(true);
        expect(complementOfInter.equals(universe.subtract(a).union(universe.subtract(b)))).toBe(true);
        expect(a.subtract(b).intersect(b).isEmpty()).toBe(true);
        expect(union.isSupersetOf(a) && union.isSupersetOf(b)).toBe(true);
        expect(a.isSupersetOf(inter)).toBe(true);
        expect(a.subtract(b).union(inter).equals(a)).toBe(true);
      }),
    );
  });

  it('writes a minimal exact CIDR cover that reads back to the same set', () => {
    fc.assert(
      fc.property(arb, ({ set }) => {
        // Prepare
        const cidrs = set.toCidrs();

        // Act
        const back = AddressSet.fromCidrs(cidrs);

        // Assess
        expect(back.equals(set)).toBe(true);
        const blocks = cidrs.map((c) => AddressSet.fromCidr(c));
        const total = blocks.reduce((sum, b) => sum + b.ipv4Count(), 0);
        expect(total).toBe(set.ipv4Count()); // blocks are disjoint
        for (let k = 1; k < cidrs.length; k++) expect(areSiblings(cidrs[k - 1]!, cidrs[k]!)).toBe(false);
      }),
    );
  });
});

describe.each(IPV6_WINDOWS)('AddressSet IPv6 against a naive model (window at %s)', (base) => {
  const arb = ipv6SetArb(base);

  it('agrees with the model on union, intersect, subtract, subset and overlap', () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        // Prepare
        const { set: sa, model: ma } = a;
        const { set: sb, model: mb } = b;

        // Act
        const union = sa.union(sb);
        const inter = sa.intersect(sb);
        const diff = sa.subtract(sb);

        // Assess
        expectIpv6Model(sa, ma, base);
        expectIpv6Model(union, naiveUnion(ma, mb), base);
        expectIpv6Model(inter, naiveIntersect(ma, mb), base);
        expectIpv6Model(diff, naiveSubtract(ma, mb), base);
        expect(sa.isSupersetOf(sb)).toBe(naiveSubset(mb, ma));
        expect(sa.overlaps(sb)).toBe(naiveIntersect(ma, mb).size > 0);
      }),
    );
  });

  it('obeys the set laws and round-trips its CIDR cover', () => {
    const universe = AddressSet.fromIpv6Range(base, base + BigInt(WINDOW_SIZE - 1));
    fc.assert(
      fc.property(arb, arb, ({ set: a }, { set: b }) => {
        // Prepare
        const union = a.union(b);

        // Act
        const cidrs = union.toCidrs();

        // Assess
        expect(AddressSet.fromCidrs(cidrs).equals(union)).toBe(true);
        for (let k = 1; k < cidrs.length; k++) expect(areSiblings(cidrs[k - 1]!, cidrs[k]!)).toBe(false);
        expect(union.equals(b.union(a))).toBe(true);
        expect(universe.subtract(union).equals(universe.subtract(a).intersect(universe.subtract(b)))).toBe(true);
        expect(a.subtract(b).intersect(b).isEmpty()).toBe(true);
        expect(union.isSupersetOf(a)).toBe(true);
      }),
    );
  });
});

describe('AddressSet.unionAll', () => {
  it('equals folding union over the same sets', () => {
    const one = fc.oneof(ipv4SetArb(IPV4_WINDOWS[1]!), ipv6SetArb(IPV6_WINDOWS[2]!));
    fc.assert(
      fc.property(fc.array(one, { maxLength: 8 }), (items) => {
        // Prepare
        const sets = items.map((i) => i.set);
        const folded = sets.reduce((acc, s) => acc.union(s), AddressSet.empty());

        // Act
        const bulk = AddressSet.unionAll(sets);

        // Assess
        expect(bulk.equals(folded)).toBe(true);
        expect(bulk.toCidrs()).toEqual(folded.toCidrs());
      }),
    );
  });
});

describe('AddressSet mixed families', () => {
  it('keeps each family independent under every operation', () => {
    const base4 = IPV4_WINDOWS[1]!;
    const base6 = IPV6_WINDOWS[1]!;
    const mixed = fc.tuple(ipv4SetArb(base4), ipv6SetArb(base6));
    fc.assert(
      fc.property(mixed, mixed, ([a4, a6], [b4, b6]) => {
        // Prepare
        const a = a4.set.union(a6.set);
        const b = b4.set.union(b6.set);

        // Act
        const diff = a.subtract(b);

        // Assess
        expect(diff.ipv4().equals(a4.set.subtract(b4.set))).toBe(true);
        expect(diff.ipv6().equals(a6.set.subtract(b6.set))).toBe(true);
        expect(a.intersect(b).ipv6().equals(a6.set.intersect(b6.set))).toBe(true);
        expect(AddressSet.fromCidrs(a.toCidrs()).equals(a)).toBe(true);
      }),
    );
  });
});
