import { runRules } from '../../../lambdas/core/rules';
import { naclAdminPortOpenToInternet } from '../../../lambdas/core/rules/nacl-admin-port-open-to-internet';
import { resolveRulesConfig } from '../../../lambdas/core/rules/rules-config';
import { sgDefaultGroupHasRules } from '../../../lambdas/core/rules/sg-default-group-has-rules';
import { sgUnattached } from '../../../lambdas/core/rules/sg-unattached';
import { subnetAutoAssignPublicIp } from '../../../lambdas/core/rules/subnet-auto-assign-public-ip';
import { vpcFlowLogsMissing } from '../../../lambdas/core/rules/vpc-flow-logs-missing';
import {
  aclEntry,
  addAcl,
  addGroup,
  addSubnet,
  allTraffic,
  baseSnapshot,
  flowLog,
  model,
  tcp,
  VPC_ID,
} from './snapshot-builder';

const ACL = 'acl-0123456789abcdef0';

describe('sg-default-group-has-rules', () => {
  it('reports every ingress and egress source of a group named default, one finding each', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(
      s,
      'sg-0d0d0d0d0d0d0d0d0',
      [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0d0d0d0d0d0d0d0d0' }] }],
      {
        name: 'default',
        egress: [allTraffic(['0.0.0.0/0'], ['::/0'])],
      },
    );
    addGroup(s, 'sg-0e0e0e0e0e0e0e0e0', [tcp(443, 443, ['10.0.0.0/8'])]);
    // Act
    const findings = sgDefaultGroupHasRules.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings.map((f) => [f.direction, f.source])).toEqual([
      ['ingress', { groupId: 'sg-0d0d0d0d0d0d0d0d0' }],
      ['egress', { cidr: '0.0.0.0/0' }],
      ['egress', { cidrIpv6: '::/0' }],
    ]);
    expect(findings[1]?.message).toContain(`default security group sg-0d0d0d0d0d0d0d0d0 of ${VPC_ID}`);
  });

  it('is silent for a default group without rules', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, 'sg-0d0d0d0d0d0d0d0d0', [], { name: 'default' });
    // Act
    const findings = sgDefaultGroupHasRules.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([]);
  });
});

describe('sg-unattached', () => {
  it('reports an unattached open group as info and runRules lowers its other findings to low', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, 'sg-0aaaaaaaaaaaaaaa1', [tcp(22, 22, ['0.0.0.0/0'])], { attached: false });
    addGroup(s, 'sg-0bbbbbbbbbbbbbbb2', [tcp(22, 22, ['0.0.0.0/0'])]);
    // Act
    const unattached = sgUnattached.evaluate(model(s), resolveRulesConfig());
    const all = runRules(model(s));
    // Assess
    expect(unattached).toEqual([
      expect.objectContaining({ ruleId: 'sg-unattached', resourceId: 'sg-0aaaaaaaaaaaaaaa1', severity: 'info' }),
    ]);
    expect(unattached[0]?.message).toContain('lowered to low');
    const risky = all.filter((f) => f.ruleId === 'sg-risky-port-open-to-internet');
    expect(risky.map((f) => [f.resourceId, f.severity])).toEqual([
      ['sg-0bbbbbbbbbbbbbbb2', 'critical'],
      ['sg-0aaaaaaaaaaaaaaa1', 'low'],
    ]);
    expect(risky[1]?.message).toContain('Lowered from critical to low: the group is attached to no network interface');
  });

  it('counts a group carried only by an interface endpoint as attached, and skips default groups', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, 'sg-0aaaaaaaaaaaaaaa1', [], { attached: false });
    addGroup(s, 'sg-0ccccccccccccccc3', [], { attached: false, name: 'default' });
    addGroup(s, 'sg-0bbbbbbbbbbbbbbb2', []);
    s.VpcEndpoints.push({
      VpcEndpointId: 'vpce-0123456789abcdef0',
      VpcEndpointType: 'Interface',
      VpcId: VPC_ID,
      Groups: [{ GroupId: 'sg-0aaaaaaaaaaaaaaa1' }],
    });
    // Act
    const findings = sgUnattached.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([]);
  });

  it('judges nothing when the snapshot has no interfaces or instances at all (fails closed)', () => {
    // Prepare
    const s = baseSnapshot();
    addGroup(s, 'sg-0aaaaaaaaaaaaaaa1', [tcp(22, 22, ['0.0.0.0/0'])], { attached: false });
    s.NetworkInterfaces = [];
    // Act
    const all = runRules(model(s));
    // Assess
    expect(all.filter((f) => f.ruleId === 'sg-unattached')).toEqual([]);
    expect(all.find((f) => f.ruleId === 'sg-risky-port-open-to-internet')?.severity).toBe('critical');
  });
});

describe('nacl-admin-port-open-to-internet', () => {
  it('reports an allow-all entry for SSH and RDP over TCP and UDP', () => {
    // Prepare
    const s = baseSnapshot();
    addAcl(s, ACL, [aclEntry(100, 'allow', '0.0.0.0/0')]);
    // Act
    const findings = naclAdminPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      resourceId: ACL,
      resourceType: 'AWS::EC2::NetworkAcl',
      protocol: 'all',
      source: { cidr: '0.0.0.0/0' },
      aclEntry: { ruleNumber: 100, egress: false },
    });
    expect(findings[0]?.details?.adminPorts).toEqual(['tcp/22', 'tcp/3389', 'udp/22', 'udp/3389']);
  });

  it('evaluates in rule-number order: a lower deny shadows the allow, whatever the listing order', () => {
    // Prepare
    const s = baseSnapshot();
    addAcl(s, ACL, [aclEntry(100, 'allow', '0.0.0.0/0'), aclEntry(50, 'deny', '0.0.0.0/0', '6', [22, 22])]);
    // Act
    const findings = naclAdminPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings[0]?.details?.adminPorts).toEqual(['tcp/3389', 'udp/22', 'udp/3389']);
  });

  it('reports nothing when every admin port is denied first, and a deny after the allow changes nothing', () => {
    // Prepare
    const shadowed = baseSnapshot();
    addAcl(shadowed, ACL, [aclEntry(10, 'deny', '0.0.0.0/0'), aclEntry(20, 'allow', '0.0.0.0/0', '6', [22, 22])]);
    const late = baseSnapshot();
    addAcl(late, ACL, [aclEntry(20, 'allow', '0.0.0.0/0', '6', [22, 22]), aclEntry(30, 'deny', '0.0.0.0/0')]);
    // Act
    const none = naclAdminPortOpenToInternet.evaluate(model(shadowed), resolveRulesConfig());
    const some = naclAdminPortOpenToInternet.evaluate(model(late), resolveRulesConfig());
    // Assess
    expect(none).toEqual([]);
    expect(some.map((f) => f.aclEntry?.ruleNumber)).toEqual([20]);
  });

  it('keeps IPv4 and IPv6 apart: an IPv4 deny does not stop an IPv6 allow', () => {
    // Prepare
    const s = baseSnapshot();
    addAcl(s, ACL, [aclEntry(10, 'deny', '0.0.0.0/0'), aclEntry(101, 'allow', '::/0', '6', [3389, 3389])]);
    // Act
    const findings = naclAdminPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ source: { cidrIpv6: '::/0' }, aclEntry: { ruleNumber: 101, egress: false } }),
    ]);
  });

  it('sees the internet in split ranges and ignores allows of private ranges', () => {
    // Prepare
    const s = baseSnapshot();
    addAcl(s, ACL, [
      aclEntry(90, 'allow', '10.0.0.0/8'),
      aclEntry(100, 'allow', '0.0.0.0/1', '6', [20, 25]),
      aclEntry(110, 'allow', '128.0.0.0/1', '6', [22, 22]),
    ]);
    // Act
    const findings = naclAdminPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings.map((f) => f.aclEntry?.ruleNumber)).toEqual([100, 110]);
  });

  it('checks the configured admin ports', () => {
    // Prepare
    const s = baseSnapshot();
    addAcl(s, ACL, [aclEntry(100, 'allow', '0.0.0.0/0', '6', [5985, 5986])]);
    // Act
    const byDefault = naclAdminPortOpenToInternet.evaluate(model(s), resolveRulesConfig());
    const winrm = naclAdminPortOpenToInternet.evaluate(model(s), resolveRulesConfig({ naclAdminPorts: [5985] }));
    // Assess
    expect(byDefault).toEqual([]);
    expect(winrm).toHaveLength(1);
  });
});

describe('vpc-flow-logs-missing', () => {
  it('accepts an ACTIVE VPC flow log of type ALL', () => {
    // Prepare
    const s = baseSnapshot();
    // Act
    const findings = vpcFlowLogsMissing.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([]);
  });

  it.each([
    ['no flow log', []],
    ['a REJECT-only log', [flowLog({ TrafficType: 'REJECT' })]],
    ['a log on a subnet only', [flowLog({ ResourceId: 'subnet-0a1b2c3d4e5f60001' })]],
    ['a log that is not ACTIVE', [flowLog({ FlowLogStatus: 'DELETING' })]],
  ])('reports a VPC with %s', (_label, logs) => {
    // Prepare
    const s = baseSnapshot();
    s.FlowLogs = logs;
    // Act
    const findings = vpcFlowLogsMissing.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'vpc-flow-logs-missing', resourceId: VPC_ID, resourceType: 'AWS::EC2::VPC' }),
    ]);
  });

  it('accepts a REJECT log when the parameter asks only for REJECT', () => {
    // Prepare
    const s = baseSnapshot();
    s.FlowLogs = [flowLog({ TrafficType: 'REJECT' })];
    // Act
    const findings = vpcFlowLogsMissing.evaluate(model(s), resolveRulesConfig({ flowLogTrafficType: 'REJECT' }));
    // Assess
    expect(findings).toEqual([]);
  });
});

describe('subnet-auto-assign-public-ip', () => {
  it('reports subnets with MapPublicIpOnLaunch true only', () => {
    // Prepare
    const s = baseSnapshot();
    addSubnet(s, { SubnetId: 'subnet-0ffffffffffffff01', MapPublicIpOnLaunch: true });
    // Act
    const findings = subnetAutoAssignPublicIp.evaluate(model(s), resolveRulesConfig());
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({
        resourceId: 'subnet-0ffffffffffffff01',
        resourceType: 'AWS::EC2::Subnet',
        vpcId: VPC_ID,
      }),
    ]);
  });
});
