import {
  DEFAULT_RULES_CONFIG,
  parseRulesConfig,
  RISKY_PORTS,
  RISKY_PORTS_VERSION,
  RULE_ID_LIST,
  RULES,
  RulesConfigError,
  runRules,
} from '../../../lambdas/core/rules';
import { effectiveRiskyPorts } from '../../../lambdas/core/rules/risky-ports';
import { addGroup, addSubnet, allTraffic, baseSnapshot, model, tcp } from './snapshot-builder';

describe('RULES', () => {
  it('has the stable public rule ids, each documented', () => {
    // Prepare
    const expected = [
      'sg-all-traffic-open-to-internet',
      'sg-risky-port-open-to-internet',
      'sg-wide-public-range',
      'sg-default-group-has-rules',
      'sg-unattached',
      'nacl-admin-port-open-to-internet',
      'vpc-flow-logs-missing',
      'subnet-auto-assign-public-ip',
    ];
    // Act
    const ids = RULES.map((r) => r.id);
    // Assess
    expect(ids).toEqual(expected);
    expect(RULE_ID_LIST).toEqual(expected);
    for (const rule of RULES) {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.description.length).toBeGreaterThan(40);
    }
  });

  it('ships a catalogue with the reference ports, TCP and UDP, each with a severity', () => {
    // Prepare
    const tcpPorts = [
      20, 21, 22, 23, 25, 110, 135, 139, 445, 143, 389, 636, 88, 464, 749, 750, 1433, 1434, 1521, 2483, 2484, 3000,
      3306, 3389, 4333, 5000, 5432, 5500, 5601, 6379, 7000, 7001, 7199, 9042, 9160, 8080, 8088, 8888, 9092, 9200, 9300,
      11211, 27017, 27018,
    ];
    const udpPorts = [53, 123, 161, 389, 1900, 11211];
    // Act
    const has = (protocol: string, port: number) => RISKY_PORTS.some((p) => p.protocol === protocol && p.port === port);
    // Assess
    expect(RISKY_PORTS_VERSION).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(tcpPorts.filter((p) => !has('tcp', p))).toEqual([]);
    expect(udpPorts.filter((p) => !has('udp', p))).toEqual([]);
    expect(effectiveRiskyPorts({ add: [], remove: [] })).toHaveLength(RISKY_PORTS.length);
  });
});

describe('runRules', () => {
  it('orders findings by severity, then rule, then resource, and gives the same output on every run', () => {
    // Prepare
    const s = baseSnapshot();
    addSubnet(s, { SubnetId: 'subnet-0ffffffffffffff01', MapPublicIpOnLaunch: true });
    addGroup(s, 'sg-0bbbbbbbbbbbbbbb2', [tcp(443, 443, ['52.0.0.0/8'])]);
    addGroup(s, 'sg-0aaaaaaaaaaaaaaa1', [allTraffic(['0.0.0.0/0']), tcp(6379, 6379, ['0.0.0.0/0'])]);
    // Act
    const first = runRules(model(s));
    const second = runRules(model(s));
    // Assess
    expect(first.map((f) => [f.severity, f.ruleId, f.resourceId])).toEqual([
      ['critical', 'sg-all-traffic-open-to-internet', 'sg-0aaaaaaaaaaaaaaa1'],
      ['critical', 'sg-risky-port-open-to-internet', 'sg-0aaaaaaaaaaaaaaa1'],
      ['medium', 'sg-wide-public-range', 'sg-0bbbbbbbbbbbbbbb2'],
      ['medium', 'subnet-auto-assign-public-ip', 'subnet-0ffffffffffffff01'],
    ]);
    expect(second).toEqual(first);
  });

  it('skips disabled rules', () => {
    // Prepare
    const s = baseSnapshot();
    addSubnet(s, { SubnetId: 'subnet-0ffffffffffffff01', MapPublicIpOnLaunch: true });
    // Act
    const findings = runRules(model(s), { disabledRules: ['subnet-auto-assign-public-ip'] });
    // Assess
    expect(findings).toEqual([]);
  });
});

describe('parseRulesConfig', () => {
  it('accepts every parameter and fills nested defaults', () => {
    // Prepare
    const doc = {
      internetCoverage: 0.9,
      disabledRules: ['sg-unattached'],
      riskyPorts: { add: [{ protocol: 'tcp', port: 8443, severity: 'high' }], remove: [{ protocol: 'udp', port: 53 }] },
      widePublicRange: { authorizedTcpPorts: [443, '1020-1025'] },
      naclAdminPorts: [22],
      flowLogTrafficType: 'REJECT',
    };
    // Act
    const config = parseRulesConfig(doc, 'rules.yaml', RULE_ID_LIST);
    // Assess
    expect(config).toEqual({
      internetCoverage: 0.9,
      disabledRules: ['sg-unattached'],
      riskyPorts: {
        add: [{ protocol: 'tcp', port: 8443, service: 'tcp/8443', severity: 'high' }],
        remove: [{ protocol: 'udp', port: 53 }],
      },
      widePublicRange: { ...DEFAULT_RULES_CONFIG.widePublicRange, authorizedTcpPorts: [443, '1020-1025'] },
      naclAdminPorts: [22],
      flowLogTrafficType: 'REJECT',
    });
  });

  it.each([
    [{ internetCoverage: 2 }, 'rules.yaml: $.internetCoverage: expected a number in (0, 1]'],
    [{ disabledRules: ['sg-typo'] }, 'rules.yaml: $.disabledRules[0]: expected a rule id'],
    [{ riskyPorts: { add: [{ protocol: 'tcp', port: 1, severity: 'severe' }] } }, '$.riskyPorts.add[0].severity'],
    [{ riskyPorts: { remove: [{ protocol: 'icmp', port: 1 }] } }, '$.riskyPorts.remove[0].protocol'],
    [{ widePublicRange: { authorizedTcpPorts: ['443-80'] } }, '$.widePublicRange.authorizedTcpPorts[0]'],
    [{ widePublicRange: { ipv4PrefixLength: 40 } }, '$.widePublicRange.ipv4PrefixLength: expected an integer 0-32'],
    [{ flowLogTrafficType: 'all' }, '$.flowLogTrafficType'],
    [{ riskyPort: {} }, '$.riskyPort: expected one of'],
    [[], '$: expected an object'],
  ])('rejects %j naming the path', (doc, message) => {
    // Prepare
    const parse = () => parseRulesConfig(doc, 'rules.yaml', RULE_ID_LIST);
    // Act
    // Assess
    expect(parse).toThrow(RulesConfigError);
    expect(parse).toThrow(message);
  });
});
