import {
  ICMP,
  ICMPV6,
  ProtocolParseError,
  parseProtocol,
  protocolName,
  TCP,
  UDP,
} from '../../../lambdas/core/net/protocol';

describe('parseProtocol', () => {
  it.each([
    ['tcp', TCP],
    ['TCP', TCP],
    ['udp', UDP],
    ['icmp', ICMP],
    ['icmpv6', ICMPV6],
    ['-1', 'all'],
    ['all', 'all'],
    ['6', 6],
    ['17', 17],
    ['50', 50],
    ['0', 0],
    ['255', 255],
  ])('reads %j as %p', (text, expected) => {
    // Prepare
    const input = text;

    // Act
    const parsed = parseProtocol(input);

    // Assess
    expect(parsed).toBe(expected);
  });

  it.each(['256', '-2', '06', '6.0', '', 'sctp', ' tcp', 'constructor', 'toString'])('rejects %j', (text) => {
    // Prepare
    const act = () => parseProtocol(text);

    // Act / Assess
    expect(act).toThrow(ProtocolParseError);
    expect(act).toThrow(JSON.stringify(text));
  });
});

describe('protocolName', () => {
  it.each([
    [TCP, 'tcp'],
    [UDP, 'udp'],
    [ICMP, 'icmp'],
    [ICMPV6, 'icmpv6'],
    ['all' as const, 'all'],
    [50, '50'],
  ])('names %p as %s', (p, name) => {
    // Prepare
    const protocol = p;

    // Act
    const written = protocolName(protocol);

    // Assess
    expect(written).toBe(name);
  });
});
