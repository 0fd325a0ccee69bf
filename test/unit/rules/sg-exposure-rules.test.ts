import { resolveRulesConfig } from '../../../lambdas/core/rules/rules-config';
import { sgAllTrafficOpenToInternet } from '../../../lambdas/core/rules/sg-all-traffic-open-to-internet';
import { sgRiskyPortOpenToInternet } from '../../../lambdas/core/rules/sg-risky-port-open-to-internet';
import { sgWidePublicRange } from '../../../lambdas/core/rules/sg-wide-public-range';
import { addGroup, addPrefixList, allTraffic, baseSnapshot, fromPrefixList, model, tcp, udp } from './snapshot-builder';

const SG = 'sg-0123456789abcdef0';

describe('sg-risky-port-open-to-internet', () => {
  it('reports only the 0.0.0.0/0 source of a permission that also holds a private range', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(22, 22, ['10.0.0.0/8', '0.0.0.0/0'])]);
    // Act
    const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'sg-risky-port-open-to-internet',
      resourceId: SG,
      resourceType: 'AWS::EC2::SecurityGroup',
      severity: 'critical',
      protocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      source: { cidr: '0.0.0.0/0' },
      direction: 'ingress',
      permissionIndex: 0,
    });
    expect(findings[0]?.message).toContain('tcp/22 SSH');
  });

  it('judges the internet by coverage: 0.0.0.0/1 and 128.0.0.0/1 in separate permissions are both reported', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(3389, 3389, ['0.0.0.0/1']), tcp(3380, 3390, ['128.0.0.0/1'])]);
    // Act
    const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings.map((f) => f.source)).toEqual([{ cidr: '0.0.0.0/1' }, { cidr: '128.0.0.0/1' }]);
    expect(findings.every((f) => f.details?.riskyPorts?.toString().includes('tcp/3389 RDP'))).toBe(true);
  });

  it('counts a prefix list that holds 0.0.0.0/0 and reports the list as the source', () => {
    // Prepare
    const s = baseSnapshot();
    addPrefixList(s, 'pl-0aaaaaaaaaaaaaaa1', ['0.0.0.0/0']);
    addGroup(s, SG, [fromPrefixList('tcp', 5432, 5432, 'pl-0aaaaaaaaaaaaaaa1')]);
    // Act
    const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'high', source: { prefixListId: 'pl-0aaaaaaaaaaaaaaa1' } });
  });

  it('reports ::/0 on a UDP amplification port', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [udp(53, 53, [], ['::/0'])]);
    // Act
    const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'high', protocol: 'udp', source: { cidrIpv6: '::/0' } }),
    ]);
    expect(findings[0]?.details?.families).toEqual(['IPv6']);
  });

  it('blames the wide source, not a narrow office address that shares the port', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(22, 22, ['198.51.100.7/32', '8.8.8.8/32']), tcp(22, 22, ['0.0.0.0/0'])]);
    // Act
    const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings.map((f) => f.source)).toEqual([{ cidr: '0.0.0.0/0' }]);
  });

  it('says "unknown prefix list" instead of failing or staying silent when the list is not in the snapshot', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [fromPrefixList('tcp', 22, 22, 'pl-0bbbbbbbbbbbbbbb2')]);
    // Act
    const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'medium', source: { prefixListId: 'pl-0bbbbbbbbbbbbbbb2' } });
    expect(findings[0]?.details?.unknownAddresses).toBe(true);
    expect(findings[0]?.message).toContain('unknown prefix list');
  });

  it('applies catalogue overrides: removed ports are not reported, added ports are, severities change', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(22, 22, ['0.0.0.0/0']), tcp(8443, 8443, ['0.0.0.0/0']), tcp(3306, 3306, ['0.0.0.0/0'])]);
    const config = resolveRulesConfig({
      riskyPorts: {
        remove: [{ protocol: 'tcp', port: 22 }],
        add: [
          { protocol: 'tcp', port: 8443, service: 'admin console', severity: 'critical' },
          { protocol: 'tcp', port: 3306, service: 'MySQL', severity: 'low' },
        ],
      },
    });
    // Act
    const findings = sgRiskyPortOpenToInternet.evaluate(model(s), config);
    // Assess
    expect(findings.map((f) => [f.fromPort, f.severity])).toEqual([
      [8443, 'critical'],
      [3306, 'low'],
    ]);
  });

  it('leaves a source that opens all of TCP to the all-traffic rule', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [allTraffic(['0.0.0.0/0'])]);
    // Act
    const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([]);
  });

  it('still reports a narrow port source that completes the internet next to an all-ports source', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(0, 65535, ['0.0.0.0/1']), tcp(22, 22, ['128.0.0.0/1'])]);
    // Act
    const findings = sgRiskyPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings.map((f) => f.source)).toEqual([{ cidr: '128.0.0.0/1' }]);
  });
});

describe('sg-all-traffic-open-to-internet', () => {
  it('reports protocol -1 from 0.0.0.0/0 and tcp 0-65535 from ::/0 as critical', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [allTraffic(['0.0.0.0/0', '10.0.0.0/16']), tcp(0, 65535, [], ['::/0'])]);
    // Act
    const findings = sgAllTrafficOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings.map((f) => [f.protocol, f.source, f.severity])).toEqual([
      ['all', { cidr: '0.0.0.0/0' }, 'critical'],
      ['tcp', { cidrIpv6: '::/0' }, 'critical'],
    ]);
    expect(findings[0]?.details?.openProtocols).toEqual(['tcp', 'udp']);
  });

  it('does not report all traffic from a private range or a referenced group', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [
      allTraffic(['10.0.0.0/8', '172.16.0.0/12', '100.64.0.0/10']),
      { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0fedcba9876543210', UserId: '111122223333' }] },
    ]);
    // Act
    const findings = sgAllTrafficOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([]);
  });

  it('reports an all-traffic source whose prefix list is unknown', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [{ IpProtocol: '-1', PrefixListIds: [{ PrefixListId: 'pl-0ccccccccccccccc3' }] }]);
    // Act
    const findings = sgAllTrafficOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'medium', source: { prefixListId: 'pl-0ccccccccccccccc3' } }),
    ]);
    expect(findings[0]?.message).toContain('unknown prefix list');
  });
});

describe('sg-wide-public-range', () => {
  it('reports a /8 public range on a non-risky port as medium and on a risky port as high', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(443, 443, ['52.0.0.0/8']), tcp(22, 22, ['3.0.0.0/8'])]);
    // Act
    const findings = sgWidePublicRange.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings.map((f) => [f.fromPort, f.source, f.severity])).toEqual([
      [443, { cidr: '52.0.0.0/8' }, 'medium'],
      [22, { cidr: '3.0.0.0/8' }, 'high'],
    ]);
  });

  it('honours the prefix-length threshold and ignores narrow and private ranges', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(443, 443, ['52.94.0.0/16', '52.95.0.0/17', '198.51.100.0/24', '10.0.0.0/8'])]);
    // Act
    const byDefault = sgWidePublicRange.evaluate(model(s), resolveRulesConfig());
    const stricter = sgWidePublicRange.evaluate(
      model(s),
      resolveRulesConfig({
        widePublicRange: { ipv4PrefixLength: 17, ipv6PrefixLength: 32, authorizedTcpPorts: [], authorizedUdpPorts: [] },
      }),
    );
    // Assess
    expect(byDefault.map((f) => f.source)).toEqual([{ cidr: '52.94.0.0/16' }]);
    expect(stricter.map((f) => f.source)).toEqual([{ cidr: '52.94.0.0/16' }, { cidr: '52.95.0.0/17' }]);
  });

  it('reports the internet on an unauthorized port and stays quiet once the port is authorized', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(443, 443, ['0.0.0.0/0'], ['::/0'])]);
    const authorized = resolveRulesConfig({
      widePublicRange: {
        ipv4PrefixLength: 16,
        ipv6PrefixLength: 32,
        authorizedTcpPorts: ['440-450'],
        authorizedUdpPorts: [],
      },
    });
    // Act
    const byDefault = sgWidePublicRange.evaluate(model(s), resolveRulesConfig());
    const afterAuthorizing = sgWidePublicRange.evaluate(model(s), authorized);
    // Assess
    expect(byDefault.map((f) => [f.source, f.severity])).toEqual([
      [{ cidr: '0.0.0.0/0' }, 'low'],
      [{ cidrIpv6: '::/0' }, 'low'],
    ]);
    expect(byDefault[0]?.details?.internet).toBe(true);
    expect(afterAuthorizing).toEqual([]);
  });

  it('does not repeat sources that the risky-port or all-traffic rules report', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(22, 22, ['0.0.0.0/0']), allTraffic(['0.0.0.0/0'])]);
    // Act
    const findings = sgWidePublicRange.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([]);
  });

  it('reports them itself when those rules are disabled, so nothing falls between rules', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, SG, [tcp(22, 22, ['0.0.0.0/0'])]);
    const config = resolveRulesConfig({ disabledRules: ['sg-risky-port-open-to-internet'] });
    // Act
    const findings = sgWidePublicRange.evaluate(model(s), config);
    // Assess
    expect(findings).toEqual([expect.objectContaining({ severity: 'high', source: { cidr: '0.0.0.0/0' } })]);
  });
});
