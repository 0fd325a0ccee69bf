import fc from 'fast-check';
import { PortSet } from '../../../lambdas/core/net/port-set';
import { ICMP, ICMPV6, ProtocolParseError, TCP, UDP } from '../../../lambdas/core/net/protocol';
import { ServiceParseError, ServiceSet } from '../../../lambdas/core/net/service-set';

/** A security-group permission in AWS shape, as describe-security-groups reports it. */
interface Permission {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
}

type Member = (protocol: number, port: number) => boolean;

const PROTOCOLS = [0, ICMP, TCP, UDP, 50, ICMPV6, 255];
const PORTS = 301;

const NAMES: Record<string, number> = { tcp: TCP, udp: UDP, icmp: ICMP, icmpv6: ICMPV6 };

/** The EC2 rule semantics written as directly as possible, for comparison. */
function naivePermission(perm: Permission): Member {
  if (perm.IpProtocol === '-1') return () => true;
  const protocol = NAMES[perm.IpProtocol] ?? Number(perm.IpProtocol);
  if (protocol === TCP || protocol === UDP) {
    return (p, port) => p === protocol && port >= perm.FromPort! && port <= perm.ToPort!;
  }
  if (protocol === ICMP || protocol === ICMPV6) {
    return (p, port) => p === protocol && (perm.FromPort === -1 || port === perm.FromPort);
  }
  return (p) => p === protocol;
}

/** ICMP types stop at 255, so the model is only compared there for ICMP. */
function inUniverse(protocol: number, port: number): boolean {
  return (protocol !== ICMP && protocol !== ICMPV6) || port <= 255;
}

const permissionArb: fc.Arbitrary<Permission> = fc.oneof(
  fc.constant({ IpProtocol: '-1' }),
  fc
    .tuple(fc.constantFrom('tcp', 'udp', '6', '17'), fc.nat(PORTS - 1), fc.nat(PORTS - 1))
    .map(([p, a, b]) => ({ IpProtocol: p, FromPort: Math.min(a, b), ToPort: Math.max(a, b) })),
  fc
    .tuple(fc.constantFrom('icmp', 'icmpv6', '1', '58'), fc.integer({ min: -1, max: 255 }))
    .map(([p, type]) => ({ IpProtocol: p, FromPort: type, ToPort: -1 })),
  fc.constantFrom('0', '50', '255').map((p) => ({ IpProtocol: p, FromPort: 80, ToPort: 80 })),
);

const modelledArb = fc.array(permissionArb, { maxLength: 4 }).map((perms) => {
  const members = perms.map(naivePermission);
  const set = perms.reduce(
    (acc, p) => acc.union(ServiceSet.fromSecurityGroupPermission(p.IpProtocol, p.FromPort, p.ToPort)),
    ServiceSet.empty(),
  );
  return { set, member: ((p, port) => members.some((m) => m(p, port))) as Member, perms };
});

/** Mixes in subtraction so sets with the "everything except" form are generated too. */
const complexArb = fc.tuple(modelledArb, modelledArb, fc.boolean()).map(([a, b, subtract]) => {
  if (!subtract) return a;
  return {
    set: a.set.subtract(b.set),
    member: ((p, port) => a.member(p, port) && !b.member(p, port)) as Member,
    perms: a.perms,
  };
});

function expectModel(set: ServiceSet, member: Member): void {
  for (const p of PROTOCOLS) {
    for (let port = 0; port < PORTS; port++) {
      if (!inUniverse(p, port)) continue;
      if (set.contains(p, port) !== member(p, port)) {
        throw new Error(`protocol ${p} port ${port}: model says ${member(p, port)} (set ${set})`);
      }
    }
  }
}

describe('ServiceSet from security-group permissions', () => {
  it.each([
    [{ IpProtocol: '-1' }, 'all'],
    [{ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535 }, 'tcp:all'],
    [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }, 'tcp:22'],
    [{ IpProtocol: '6', FromPort: 80, ToPort: 443 }, 'tcp:80-443'],
    [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53 }, 'udp:53'],
    [{ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 }, 'icmp:all'],
    [{ IpProtocol: 'icmp', FromPort: 8, ToPort: -1 }, 'icmp:8'],
    [{ IpProtocol: 'icmpv6', FromPort: 128, ToPort: 0 }, 'icmpv6:128'],
    [{ IpProtocol: '50' }, '50'],
    [{ IpProtocol: '50', FromPort: 500, ToPort: 500 }, '50'],
  ])('reads %j as %s', (perm, text) => {
    // Prepare
    const { IpProtocol, FromPort, ToPort } = perm as Permission;

    // Act
    const set = ServiceSet.fromSecurityGroupPermission(IpProtocol, FromPort, ToPort);

    // Assess
    expect(set.toString()).toBe(text);
  });

  it('holds the whole of a port-less protocol and nothing else', () => {
    // Prepare
    const esp = ServiceSet.fromSecurityGroupPermission('50');

    // Act
    const answers = [esp.contains(50), esp.contains(50, 7), esp.contains(TCP, 22), esp.contains(51)];

    // Assess
    expect(answers).toEqual([true, true, false, false]);
    expect(esp.protocols()).toEqual([50]);
    expect(esp.portsOf(50).isAll()).toBe(true);
  });

  it('treats tcp 0-65535 as all of TCP but not as all traffic', () => {
    // Prepare
    const tcpAll = ServiceSet.fromSecurityGroupPermission('tcp', 0, 65535);

    // Act
    const same = tcpAll.equals(ServiceSet.of(TCP));

    // Assess
    expect(same).toBe(true);
    expect(tcpAll.isAll()).toBe(false);
    expect(tcpAll.contains(TCP)).toBe(true);
    expect(ServiceSet.fromSecurityGroupPermission('tcp', 22, 22).contains(TCP)).toBe(false);
    expect(ServiceSet.all().isSupersetOf(tcpAll)).toBe(true);
  });

  it.each([
    [() => ServiceSet.fromSecurityGroupPermission('tcp', 100, 50), ServiceParseError],
    [() => ServiceSet.fromSecurityGroupPermission('udp', 0, 70000), ServiceParseError],
    [() => ServiceSet.fromSecurityGroupPermission('tcp', 22, undefined), ServiceParseError],
    [() => ServiceSet.fromSecurityGroupPermission('icmp', 300, -1), ServiceParseError],
    [() => ServiceSet.fromSecurityGroupPermission('sctp', 1, 2), ProtocolParseError],
    [() => ServiceSet.of(256), ServiceParseError],
  ])('rejects a malformed permission (%#)', (attempt, errorClass) => {
    // Prepare / Act / Assess
    expect(attempt).toThrow(errorClass);
  });

  it('names the permission in the error', () => {
    // Prepare
    const attempt = () => ServiceSet.fromSecurityGroupPermission('tcp', 100, 50);

    // Act / Assess
    expect(attempt).toThrow('security group permission tcp: port range 100-50');
  });
});

describe('ServiceSet from network ACL entries', () => {
  it.each([
    [['-1', undefined, undefined], 'all'],
    [['6', { From: 22, To: 22 }, undefined], 'tcp:22'],
    [['17', { From: 1024, To: 65535 }, undefined], 'udp:1024-65535'],
    [['1', undefined, { Type: -1, Code: -1 }], 'icmp:all'],
    [['1', undefined, { Type: 0, Code: -1 }], 'icmp:0'],
    [['58', undefined, { Type: 135, Code: 0 }], 'icmpv6:135'],
    [['47', { From: 1, To: 2 }, undefined], '47'],
  ] as const)('reads %j as %s', ([protocol, portRange, icmp], text) => {
    // Prepare
    const args = [protocol, portRange, icmp] as const;

    // Act
    const set = ServiceSet.fromAclEntry(...args);

    // Assess
    expect(set.toString()).toBe(text);
  });

  it('rejects an unknown protocol naming it', () => {
    // Prepare
    const attempt = () => ServiceSet.fromAclEntry('300', { From: 1, To: 2 });

    // Act / Assess
    expect(attempt).toThrow(ProtocolParseError);
    expect(attempt).toThrow('"300"');
  });
});

describe('ServiceSet examples', () => {
  it('writes combined services in protocol order', () => {
    // Prepare
    const parts = [
      ServiceSet.of(UDP, PortSet.single(53)),
      ServiceSet.of(TCP, PortSet.single(443)),
      ServiceSet.of(TCP, PortSet.single(22)),
    ];

    // Act
    const set = parts.reduce((a, b) => a.union(b), ServiceSet.empty());

    // Assess
    expect(set.toString()).toBe('tcp:22,443 udp:53');
    expect(set.protocols()).toEqual([TCP, UDP]);
    expect(set.portsOf(TCP).toString()).toBe('22,443');
    expect(set.portsOf(ICMP).isEmpty()).toBe(true);
    expect(ServiceSet.empty().toString()).toBe('none');
  });

  it('describes everything-but sets by what they leave out', () => {
    // Prepare
    const all = ServiceSet.all();

    // Act
    const rest = all.subtract(ServiceSet.of(TCP, PortSet.single(22))).subtract(ServiceSet.of(50));

    // Assess
    expect(rest.toString()).toBe('all except tcp:22 50');
    expect(rest.contains(TCP, 23)).toBe(true);
    expect(rest.contains(TCP, 22)).toBe(false);
    expect(rest.contains(51)).toBe(true);
    expect(rest.protocols()).toHaveLength(255);
    expect(rest.union(ServiceSet.of(TCP)).union(ServiceSet.of(50)).isAll()).toBe(true);
  });

  it('canonicalises ICMP types and complete protocol lists', () => {
    // Prepare
    const lowTypes = ServiceSet.of(ICMP, PortSet.range(0, 127));
    const highTypes = ServiceSet.of(ICMP, PortSet.range(128, 255));
    let everyProtocol = ServiceSet.empty();

    // Act
    for (let p = 0; p <= 255; p++) everyProtocol = everyProtocol.union(ServiceSet.of(p));
    const icmp = lowTypes.union(highTypes);

    // Assess
    expect(icmp.equals(ServiceSet.fromSecurityGroupPermission('icmp', -1, -1))).toBe(true);
    expect(ServiceSet.of(ICMP, PortSet.range(250, 300)).toString()).toBe('icmp:250-255');
    expect(everyProtocol.isAll()).toBe(true);
    expect(everyProtocol.equals(ServiceSet.all())).toBe(true);
  });

  it("reads 'all' with ports as TCP and UDP on those ports", () => {
    // Prepare
    const ports = PortSet.single(443);

    // Act
    const set = ServiceSet.of('all', ports);

    // Assess
    expect(set.toString()).toBe('tcp:443 udp:443');
    expect(ServiceSet.of('all').isAll()).toBe(true);
  });
});

describe('ServiceSet against a naive model (7 protocols, ports 0..300)', () => {
  it('builds exactly the modelled set from permissions', () => {
    fc.assert(
      fc.property(modelledArb, ({ set, member }) => {
        // Prepare / Act: the arbitrary built the set from AWS-shaped permissions

        // Assess
        expectModel(set, member);
      }),
    );
  });

  it('agrees with the model on union, intersect and subtract', () => {
    fc.assert(
      fc.property(complexArb, complexArb, (a, b) => {
        // Prepare
        const both: Member = (p, port) => a.member(p, port) && b.member(p, port);

        // Act
        const union = a.set.union(b.set);
        const inter = a.set.intersect(b.set);
        const diff = a.set.subtract(b.set);

        // Assess
        expectModel(union, (p, port) => a.member(p, port) || b.member(p, port));
        expectModel(inter, both);
        expectModel(diff, (p, port) => a.member(p, port) && !b.member(p, port));
        expect(a.set.overlaps(b.set)).toBe(!inter.isEmpty());
      }),
    );
  });

  it('obeys the set laws with a canonical form', () => {
    fc.assert(
      fc.property(complexArb, complexArb, ({ set: a }, { set: b }) => {
        // Prepare
        const all = ServiceSet.all();

        // Act
        const union = a.union(b);
        const inter = a.intersect(b);

        // Assess
        expect(union.equals(b.union(a))).toBe(true);
        expect(inter.equals(b.intersect(a))).toBe(true);
        expect(all.subtract(union).equals(all.subtract(a).intersect(all.subtract(b)))).toBe(true);
        expect(all.subtract(inter).equals(all.subtract(a).union(all.subtract(b)))).toBe(true);
        expect(a.subtract(b).intersect(b).isEmpty()).toBe(true);
        expect(union.isSupersetOf(a) && union.isSupersetOf(b)).toBe(true);
        expect(a.subtract(b).union(inter).equals(a)).toBe(true);
        expect(all.subtract(all.subtract(a)).equals(a)).toBe(true);
      }),
    );
  });
});
