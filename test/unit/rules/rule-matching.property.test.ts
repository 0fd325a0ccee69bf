import fc from 'fast-check';
import type { IpPermission } from '../../../lambdas/core/model/aws-types';
import { AddressSet } from '../../../lambdas/core/net/address-set';
import { runRules } from '../../../lambdas/core/rules';
import { naclAdminPortOpenToInternet } from '../../../lambdas/core/rules/nacl-admin-port-open-to-internet';
import { RISKY_PORTS } from '../../../lambdas/core/rules/risky-ports';
import { resolveRulesConfig } from '../../../lambdas/core/rules/rules-config';
import { sgRiskyPortOpenToInternet } from '../../../lambdas/core/rules/sg-risky-port-open-to-internet';
import { aclEntry, addAcl, addGroup, baseSnapshot, model, tcp } from './snapshot-builder';

const SG = 'sg-0123456789abcdef0';
const FULL = 2 ** 32;

/** 0.0.0.0/0 cut at random addresses into ranges, each range written as its exact CIDR cover. */
const splitOfEverything = fc
  .uniqueArray(fc.integer({ min: 1, max: FULL - 1 }), { minLength: 1, maxLength: 6 })
  .map((cuts) => {
    const bounds = [0, ...cuts.sort((a, b) => a - b), FULL];
    return bounds.slice(0, -1).flatMap((from, i) => AddressSet.fromIpv4Range(from, bounds[i + 1]! - 1).toCidrs());
  });

/** Spreads CIDRs over several permissions of the same port, in the given order. */
function permissions(cidrs: string[], port: number, chunk: number): IpPermission[] {
  const out: IpPermission[] = [];
  for (let i = 0; i < cidrs.length; i += chunk) out.push(tcp(port, port, cidrs.slice(i, i + chunk)));
  return out;
}

const riskyTcpPorts = RISKY_PORTS.filter((p) => p.protocol === 'tcp').map((p) => p.port);

describe('rule matching properties', () => {
  it('0.0.0.0/0 split into random CIDR pieces on a risky port is still flagged, and revoking the blamed sources closes it', () => {
    fc.assert(
      fc.property(
        splitOfEverything,
        fc.constantFrom(...riskyTcpPorts),
        fc.integer({ min: 1, max: 8 }),
        (cidrs, port, chunk) => {
          // Prepare
          const s = baseSnapshot();
          addGroup(s, SG, permissions(cidrs, port, chunk));
          // Act
          const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
          const blamed = new Set(findings.map((f) => (f.source && 'cidr' in f.source ? f.source.cidr : '')));
          const remaining = cidrs.filter((c) => !blamed.has(c));
          const after = baseSnapshot();
          addGroup(after, SG, permissions(remaining, port, chunk));
          const afterFindings = sgRiskyPortOpenToInternet.evaluate(model(after), resolveRulesConfig());
          // Assess
          expect(findings.length).toBeGreaterThan(0);
          expect(findings.every((f) => f.fromPort === port)).toBe(true);
          expect(afterFindings).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('private-only ranges are never flagged by any security-group rule', () => {
    const privateCidr = fc
      .tuple(
        fc.constantFrom(
          ['10.0.0.0', 8],
          ['172.16.0.0', 12],
          ['192.168.0.0', 16],
          ['100.64.0.0', 10],
          ['127.0.0.0', 8],
          ['169.254.0.0', 16],
        ),
        fc.integer({ min: 0, max: 16 }),
        fc.nat(),
      )
      .map(([[base, bits], extra, index]) => {
        const first = AddressSet.fromCidr(`${base}/${bits}`).ipv4Ranges()[0]![0];
        const size = 2 ** (32 - (bits as number) - extra);
        const start = first + (index % 2 ** extra) * size;
        return AddressSet.fromIpv4Range(start, start + size - 1).toCidrs()[0]!;
      });
    fc.assert(
      fc.property(fc.array(privateCidr, { minLength: 1, maxLength: 12 }), (cidrs) => {
        // Prepare
        const s = baseSnapshot();
        addGroup(s, SG, [{ IpProtocol: '-1', IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) }, tcp(22, 22, cidrs)]);
        // Act
        const findings = runRules(model(s)).filter((f) => f.ruleId.startsWith('sg-'));
        // Assess
        expect(findings).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('a port outside the risky catalogue is never flagged by the risky-port rule, whatever the source', () => {
    const risky = new Set(riskyTcpPorts);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 65535 }).filter((p) => !risky.has(p)),
        fc.constantFrom('0.0.0.0/0', '0.0.0.0/1', '52.0.0.0/8', '8.8.8.8/32'),
        (port, cidr) => {
          // Prepare
          const s = baseSnapshot();
          addGroup(s, SG, [tcp(port, port, [cidr], ['::/0'])]);
          // Act
          const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
          // Assess
          expect(findings).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('findings do not depend on the order in which a group lists its permissions', () => {
    const permission = fc.record({
      protocol: fc.constantFrom('tcp', 'udp', '-1'),
      port: fc.constantFrom(22, 53, 443, 3306, 8443),
      cidr: fc.constantFrom('0.0.0.0/0', '0.0.0.0/1', '128.0.0.0/1', '52.0.0.0/8', '10.0.0.0/8', '8.8.8.8/32'),
    });
    fc.assert(
      fc.property(
        fc
          .array(permission, { minLength: 1, maxLength: 8 })
          .chain((perms) => fc.tuple(fc.constant(perms), fc.shuffledSubarray(perms, { minLength: perms.length }))),
        ([perms, shuffled]) => {
          // Prepare
          const toPermission = (p: (typeof perms)[number]): IpPermission =>
            p.protocol === '-1'
              ? { IpProtocol: '-1', IpRanges: [{ CidrIp: p.cidr }] }
              : { IpProtocol: p.protocol, FromPort: p.port, ToPort: p.port, IpRanges: [{ CidrIp: p.cidr }] };
          const a = baseSnapshot();
          addGroup(a, SG, perms.map(toPermission));
          const b = baseSnapshot();
          addGroup(b, SG, shuffled.map(toPermission));
          const identity = (f: {
            ruleId: string;
            protocol?: string;
            fromPort?: number;
            source?: unknown;
            severity: string;
          }) => JSON.stringify([f.ruleId, f.protocol, f.fromPort, f.source, f.severity]);
          // Act
          const first = runRules(model(a)).map(identity).sort();
          const second = runRules(model(b)).map(identity).sort();
          // Assess
          expect(new Set(second)).toEqual(new Set(first));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a network ACL whose lowest-numbered entry denies everything never admits the internet', () => {
    const entry = fc.record({
      ruleNumber: fc.integer({ min: 2, max: 32766 }),
      action: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
      cidr: fc.constantFrom('0.0.0.0/0', '0.0.0.0/1', '128.0.0.0/1', '52.0.0.0/8'),
      protocol: fc.constantFrom('-1', '6', '17'),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.ruleNumber, maxLength: 10 }), (entries) => {
        // Prepare
        const s = baseSnapshot();
        addAcl(s, 'acl-0123456789abcdef0', [
          aclEntry(1, 'deny', '0.0.0.0/0'),
          ...entries.map((e) =>
            aclEntry(e.ruleNumber, e.action, e.cidr, e.protocol, e.protocol === '-1' ? undefined : [0, 65535]),
          ),
        ]);
        // Act
        const findings = naclAdminPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
        // Assess
        expect(findings).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
