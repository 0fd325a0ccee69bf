import fc from 'fast-check';
import type { NetworkAclEntry } from '../../../lambdas/core/model/aws-types';
import { NetworkModel } from '../../../lambdas/core/model/network-model';
import { emptySnapshot } from '../../../lambdas/core/model/snapshot';
import { AddressSet } from '../../../lambdas/core/net/address-set';
import { PortSet } from '../../../lambdas/core/net/port-set';
import { ServiceSet } from '../../../lambdas/core/net/service-set';
import { parseAddr } from '../../../lambdas/core/reach/addr';
import { evaluateAcl, evaluateReplyAcl, partitionAcl } from '../../../lambdas/core/reach/filters';
import { reachIndexFor } from '../../../lambdas/core/reach/reach-index';
import { aclEntryArb, CIDRS } from './random-network';

const SUBNET = 'subnet-0a000000000000a1';

function compiledRules(entries: NetworkAclEntry[], egress: boolean) {
  const s = emptySnapshot();
  s.Vpcs = [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }];
  s.Subnets = [{ SubnetId: SUBNET, VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' }];
  s.NetworkAcls = [
    { NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: true, Entries: entries, Associations: [{ SubnetId: SUBNET }] },
  ];
  const acl = reachIndexFor(NetworkModel.build(s)).aclForSubnet(SUBNET)!;
  return egress ? acl.outbound : acl.inbound;
}

/** The reference: first entry by number matching protocol, port and address decides; else deny. */
function firstMatch(entries: NetworkAclEntry[], egress: boolean, protocol: number, port: number, ip: string): boolean {
  const sorted = entries.filter((e) => e.Egress === egress).sort((a, b) => a.RuleNumber - b.RuleNumber);
  for (const e of sorted) {
    const proto = e.Protocol === '-1' || Number(e.Protocol) === protocol;
    const inPorts =
      e.Protocol === '-1' ||
      e.PortRange === undefined ||
      (port >= (e.PortRange.From ?? 0) && port <= (e.PortRange.To ?? 65535));
    if (proto && inPorts && AddressSet.fromCidr(e.CidrBlock!).contains(ip)) return e.RuleAction === 'allow';
  }
  return false;
}

const entriesArb = fc
  .array(aclEntryArb(false), { maxLength: 6 })
  .map((list) => list.filter((e, i) => list.findIndex((x) => x.RuleNumber === e.RuleNumber) === i));
const ipArb = fc.constantFrom('10.0.1.5', '10.0.2.10', '10.1.3.3', '54.1.2.3', '8.8.8.8');
const portArb = fc.constantFrom(22, 80, 443, 1000, 1500, 33000, 61000);
const protoArb = fc.constantFrom(6, 17);

describe('network ACL evaluation on sets', () => {
  it('allows exactly the (protocol, port) pairs the first-match reference allows', () => {
    fc.assert(
      fc.property(
        entriesArb,
        ipArb,
        protoArb,
        fc.array(portArb, { minLength: 1, maxLength: 4 }),
        (entries, ip, protocol, ports) => {
          // Prepare
          const rules = compiledRules(entries, false);
          const requested = ports.reduce(
            (s, p) => s.union(ServiceSet.of(protocol, PortSet.single(p))),
            ServiceSet.empty(),
          );

          // Act
          const verdict = evaluateAcl(rules, parseAddr(ip)!, requested);

          // Assess
          for (const p of ports)
            expect(verdict.allowed.contains(protocol, p)).toBe(firstMatch(entries, false, protocol, p, ip));
        },
      ),
    );
  });

  it('partitions rows into exactly the allowed and denied pairs', () => {
    fc.assert(
      fc.property(
        entriesArb,
        ipArb,
        protoArb,
        portArb,
        fc.constantFrom(...CIDRS),
        (entries, ip, protocol, port, cidr) => {
          // Prepare
          const rules = compiledRules(entries, false);
          const row = {
            services: ServiceSet.of(protocol, PortSet.range(0, 65535)),
            addresses: AddressSet.fromCidr(cidr),
          };
          fc.pre(row.addresses.contains(ip));

          // Act
          const { allowed, denied } = partitionAcl(rules, [row]);

          // Assess
          const inAllowed = allowed.some((r) => r.services.contains(protocol, port) && r.addresses.contains(ip));
          const inDenied = denied.some((r) => r.services.contains(protocol, port) && r.addresses.contains(ip));
          expect(inAllowed).toBe(firstMatch(entries, false, protocol, port, ip));
          expect(inAllowed).toBe(!inDenied);
        },
      ),
    );
  });

  it('lets a TCP reply through only when the whole client port range passes', () => {
    // Prepare
    const entries: NetworkAclEntry[] = [
      {
        RuleNumber: 100,
        Protocol: '6',
        RuleAction: 'allow',
        Egress: true,
        CidrBlock: '0.0.0.0/0',
        PortRange: { From: 1024, To: 40000 },
      },
    ];
    const rules = compiledRules(entries, true);
    const https = ServiceSet.of(6, PortSet.single(443));
    const peer = parseAddr('8.8.8.8')!;

    // Act
    const linux = evaluateReplyAcl(rules, peer, https, PortSet.range(32768, 60999));
    const one = evaluateReplyAcl(rules, peer, https, PortSet.single(33000));

    // Assess
    expect(linux.allowed.isEmpty()).toBe(true);
    expect(linux.deniedBy).toEqual(['default']);
    expect(one.allowed.equals(https)).toBe(true);
  });
});
