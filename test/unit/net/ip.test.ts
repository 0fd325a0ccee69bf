import fc from 'fast-check';
import {
  AddressParseError,
  formatIpv4,
  formatIpv6,
  ipVersion,
  parseCidr,
  parseIpv4,
  parseIpv6,
  tryParseCidr,
} from '../../../lambdas/core/net/ip';

const IPV6_MAX = (1n << 128n) - 1n;

describe('parseIpv4 / formatIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 167772161],
    ['255.255.255.255', 4294967295],
    ['192.168.1.20', 3232235796],
  ])('reads %s as %d and writes it back', (text, value) => {
    // Prepare
    const expected = value;

    // Act
    const parsed = parseIpv4(text);

    // Assess
    expect(parsed).toBe(expected);
    expect(formatIpv4(parsed)).toBe(text);
  });

  it.each([
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '10.0.0.256',
    '01.2.3.4',
    '1..3.4',
    '1.2.3.4 ',
    ' 1.2.3.4',
    '',
    '1.2.3.-4',
    'a.b.c.d',
  ])('rejects %j with an AddressParseError naming the text', (text) => {
    // Prepare
    const act = () => parseIpv4(text);

    // Act
    let caught: unknown;
    try {
      act();
    } catch (e: unknown) {
      caught = e;
    }

    // Assess
    expect(caught).toBeInstanceOf(AddressParseError);
    expect((caught as AddressParseError).name).toBe('AddressParseError');
    expect((caught as AddressParseError).message).toContain(JSON.stringify(text));
  });

  it('refuses values outside 32 bits when formatting', () => {
    // Prepare
    const values = [-1, 2 ** 32, 1.5];

    // Act
    const attempts = values.map((v) => () => formatIpv4(v));

    // Assess
    for (const attempt of attempts) expect(attempt).toThrow(RangeError);
  });

  it('round-trips every 32-bit value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        // Prepare
        const text = formatIpv4(n);

        // Act
        const back = parseIpv4(text);

        // Assess
        expect(back).toBe(n);
      }),
    );
  });
});

describe('parseIpv6 / formatIpv6', () => {
  it.each([
    ['::', '::'],
    ['::1', '::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first of two equal runs
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run wins
    ['1:0:0:0:0:0:0:0', '1::'],
    ['fe80::1:2', 'fe80::1:2'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::FFFF:0102:0304', '::ffff:1.2.3.4'], // IPv4-mapped is written in mixed notation
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('reads %s and writes the RFC 5952 form %s', (text, canonical) => {
    // Prepare
    const input = text;

    // Act
    const written = formatIpv6(parseIpv6(input));

    // Assess
    expect(written).toBe(canonical);
  });

  it.each([
    ':',
    ':::',
    '1::2::3',
    ':1::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    '12345::',
    'g::1',
    '::1.2.3',
    '1.2.3.4::',
    '::1.2.3.4:5',
    'fe80::1%eth0',
    '',
  ])('rejects %j', (text) => {
    // Prepare
    const act = () => parseIpv6(text);

    // Act / Assess
    expect(act).toThrow(AddressParseError);
    expect(act).toThrow(JSON.stringify(text));
  });

  it('round-trips every 128-bit value through the canonical text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: IPV6_MAX }), (n) => {
        // Prepare
        const text = formatIpv6(n);

        // Act
        const back = parseIpv6(text);

        // Assess
        expect(back).toBe(n);
        expect(text).toBe(text.toLowerCase());
        expect(text.split('::').length).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('reads any equivalent spelling (leading zeros, upper case, any zero run compressed) as the same value', () => {
    const groupsArb = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
      minLength: 8,
      maxLength: 8,
    });
    fc.assert(
      fc.property(groupsArb, fc.boolean(), fc.nat(), (groups, upper, pick) => {
        // Prepare
        const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
        const padded = groups.map((g) => g.toString(16).padStart(4, '0'));
        const zeroRuns: [number, number][] = [];
        for (let k = 0; k < 8; k++) {
          for (let e = k; e < 8 && groups[e] === 0; e++) zeroRuns.push([k, e + 1]);
        }
        let text = padded.join(':');
        if (zeroRuns.length > 0) {
          const [s, e] = zeroRuns[pick % zeroRuns.length]!;
          text = `${padded.slice(0, s).join(':')}::${padded.slice(e).join(':')}`;
        }
        if (upper) text = text.toUpperCase();

        // Act
        const parsed = parseIpv6(text);

        // Assess
        expect(parsed).toBe(value);
      }),
    );
  });
});

describe('parseCidr', () => {
  it('masks host bits as EC2 does', () => {
    // Prepare
    const texts = ['10.1.2.3/8', '2001:db8::1/32'];

    // Act
    const [v4, v6] = texts.map(parseCidr);

    // Assess
    expect(v4).toEqual({ version: 4, first: parseIpv4('10.0.0.0'), last: parseIpv4('10.255.255.255') });
    expect(v6).toEqual({
      version: 6,
      first: parseIpv6('2001:db8::'),
      last: parseIpv6('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'),
    });
  });

  it('treats a bare address as a /32 or /128 and accepts /0', () => {
    // Prepare
    const texts = ['1.2.3.4', '::1', '0.0.0.0/0', '::/0'];

    // Act
    const parsed = texts.map(parseCidr);

    // Assess
    expect(parsed).toEqual([
      { version: 4, first: 16909060, last: 16909060 },
      { version: 6, first: 1n, last: 1n },
      { version: 4, first: 0, last: 2 ** 32 - 1 },
      { version: 6, first: 0n, last: IPV6_MAX },
    ]);
  });

  it.each([
    '10.0.0.256/8',
    '10.0.0.0/33',
    '1.2.3',
    '10.0.0.0/',
    '10.0.0.0/08',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '::/129',
    '10.0.0.0 /8',
    'sg-12345678',
  ])('rejects %j with an AddressParseError naming it', (text) => {
    // Prepare
    const act = () => parseCidr(text);

    // Act / Assess
    expect(act).toThrow(AddressParseError);
    expect(act).toThrow(`Invalid address ${JSON.stringify(text)}`);
    expect(tryParseCidr(text)).toBeUndefined();
  });

  it('masks any IPv4 address to the block of its prefix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }), (addr, prefix) => {
        // Prepare
        const size = 2 ** (32 - prefix);

        // Act
        const cidr = parseCidr(`${formatIpv4(addr)}/${prefix}`);

        // Assess
        expect(cidr.version).toBe(4);
        expect(cidr.first).toBe(Math.floor(addr / size) * size);
        expect(Number(cidr.last) - Number(cidr.first) + 1).toBe(size);
      }),
    );
  });

  it('masks any IPv6 address to the block of its prefix', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: IPV6_MAX }), fc.integer({ min: 0, max: 128 }), (addr, prefix) => {
        // Prepare
        const size = 1n << BigInt(128 - prefix);

        // Act
        const cidr = parseCidr(`${formatIpv6(addr)}/${prefix}`);

        // Assess
        expect(cidr.version).toBe(6);
        expect(cidr.first).toBe((addr / size) * size);
        expect(BigInt(cidr.last) - BigInt(cidr.first) + 1n).toBe(size);
      }),
    );
  });
});

describe('ipVersion', () => {
  it.each([
    ['10.0.0.1', 4],
    ['10.0.0.0/16', 4],
    ['2001:db8::/32', 6],
    ['::ffff:1.2.3.4', 6],
    ['pl-1234', undefined],
    ['10.0.0.0/40', undefined],
  ])('classifies %s as %p', (text, version) => {
    // Prepare
    const input = text;

    // Act
    const result = ipVersion(input);

    // Assess
    expect(result).toBe(version);
  });
});
