import fc from 'fast-check';
import type { Finding } from '../../../lambdas/core/findings/finding';
import type { IpPermission } from '../../../lambdas/core/model/aws-types';
import { NetworkModel } from '../../../lambdas/core/model/network-model';
import type { Snapshot } from '../../../lambdas/core/model/snapshot';
import { applyToSnapshot } from '../../../lambdas/core/remediation/apply-to-snapshot';
import { defaultRemediationConfig, parseRemediationConfig } from '../../../lambdas/core/remediation/config';
import { planFor } from '../../../lambdas/core/remediation/planner';
import { permissionShapeKey, sourcesOf } from '../../../lambdas/core/remediation/sg-permissions';
import { runRules } from '../../../lambdas/core/rules';
import { ACL, ADMIN_SG, DEFAULT_SG, PRIVATE_RTB, PUBLIC_SUBNET, smallSnapshot, VPC, WEB_SG } from './small-snapshot';

function findingOf(snapshot: Snapshot, predicate: (f: Finding) => boolean): Finding {
  const found = runRules(NetworkModel.build(snapshot)).find(predicate);
  if (!found) throw new Error('expected finding not produced by the rules');
  return found;
}

const sshFromInternet = (f: Finding) =>
  f.ruleId === 'sg-risky-port-open-to-internet' &&
  f.resourceId === WEB_SG &&
  f.fromPort === 22 &&
  f.source !== undefined &&
  'cidr' in f.source &&
  f.source.cidr === '0.0.0.0/0';

describe('planFor', () => {
  it('revokes only the internet source of a shared SSH permission, by its rule id', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const finding = findingOf(snapshot, sshFromInternet);

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding);

    // Assess
    expect(plan.status).toBe('ready');
    expect(plan.actions).toEqual([
      {
        api: 'RevokeSecurityGroupIngress',
        resourceId: WEB_SG,
        params: { GroupId: WEB_SG, SecurityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'] },
        permissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'temporary debugging' }],
          },
        ],
      },
    ]);
    const after = applyToSnapshot(snapshot, plan.actions).SecurityGroups.find((g) => g.GroupId === WEB_SG);
    expect(after?.IpPermissions?.[0]).toEqual({
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'corporate network' }],
      UserIdGroupPairs: [{ GroupId: ADMIN_SG, UserId: '123456789012' }],
    });
    expect(runRules(NetworkModel.build(applyToSnapshot(snapshot, plan.actions))).some(sshFromInternet)).toBe(false);
  });

  it('revokes by a one-source IpPermissions (without descriptions) when the rule ids are unknown', () => {
    // Prepare
    const snapshot = smallSnapshot();
    snapshot.SecurityGroupRules = [];
    const finding = findingOf(snapshot, sshFromInternet);

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding);

    // Assess
    expect(plan.actions[0]?.params).toEqual({
      GroupId: WEB_SG,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
  });

  it('narrows to the configured ranges, authorizing them before revoking the internet', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const finding = findingOf(snapshot, sshFromInternet);
    const config = parseRemediationConfig(
      {
        version: 1,
        narrowing: [{ groupId: WEB_SG, protocol: 'tcp', ports: [22], cidrs: ['203.0.113.0/24', '10.0.0.0/8'] }],
      },
      'remediation.yaml',
    );

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding, config);

    // Assess
    expect(plan.actions.map((a) => a.api)).toEqual(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress']);
    expect(plan.actions[0]?.params).toEqual({
      GroupId: WEB_SG,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '203.0.113.0/24', Description: 'netwarden: narrowed from 0.0.0.0/0' }],
        },
      ],
    });
    expect(plan.summary).toMatch(
      /Narrow tcp 22 on sg-0123456789abcdef0 from 0.0.0.0\/0 to 203.0.113.0\/24, 10.0.0.0\/8/,
    );
  });

  it('empties the default security group, ingress and egress', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const finding = findingOf(
      snapshot,
      (f) => f.ruleId === 'sg-default-group-has-rules' && f.resourceId === DEFAULT_SG,
    );

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding);
    const after = applyToSnapshot(snapshot, plan.actions).SecurityGroups.find((g) => g.GroupId === DEFAULT_SG);

    // Assess
    expect(plan.actions.map((a) => a.api)).toEqual(['RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress']);
    expect(after?.IpPermissions).toEqual([]);
    expect(after?.IpPermissionsEgress).toEqual([]);
  });

  it('denies only the admin ports just before a network ACL entry that allows everything', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const finding = findingOf(snapshot, (f) => f.ruleId === 'nacl-admin-port-open-to-internet' && f.resourceId === ACL);

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding);

    // Assess
    const allow = (RuleNumber: number, CidrBlock: string) => ({
      NetworkAclId: ACL,
      RuleNumber,
      Protocol: '-1',
      RuleAction: 'allow',
      Egress: false,
      CidrBlock,
    });
    const deny = (RuleNumber: number, Protocol: string, port: number) => ({
      NetworkAclId: ACL,
      RuleNumber,
      Protocol,
      RuleAction: 'deny',
      Egress: false,
      PortRange: { From: port, To: port },
      CidrBlock: '0.0.0.0/0',
    });
    // The private ranges are first allowed as #100 allows them, so only the internet loses the admin ports.
    expect(plan.actions.map((a) => a.api === 'CreateNetworkAclEntry' && a.params)).toEqual([
      allow(92, '10.0.0.0/8'),
      allow(93, '100.64.0.0/10'),
      allow(94, '172.16.0.0/12'),
      allow(95, '192.168.0.0/16'),
      deny(96, '6', 22),
      deny(97, '6', 3389),
      deny(98, '17', 22),
      deny(99, '17', 3389),
    ]);
    const after = runRules(NetworkModel.build(applyToSnapshot(snapshot, plan.actions)));
    expect(after.some((f) => f.ruleId === 'nacl-admin-port-open-to-internet')).toBe(false);
  });

  it('deletes a network ACL entry that only opens an admin port', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const acl = snapshot.NetworkAcls[0]!;
    acl.Entries = [
      {
        RuleNumber: 90,
        Protocol: '6',
        RuleAction: 'allow',
        Egress: false,
        CidrBlock: '0.0.0.0/0',
        PortRange: { From: 22, To: 22 },
      },
      {
        RuleNumber: 100,
        Protocol: '6',
        RuleAction: 'allow',
        Egress: false,
        CidrBlock: '0.0.0.0/0',
        PortRange: { From: 443, To: 443 },
      },
      ...(acl.Entries ?? []).filter((e) => e.Egress || e.RuleNumber === 32767),
    ];
    const finding = findingOf(snapshot, (f) => f.ruleId === 'nacl-admin-port-open-to-internet');

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding);

    // Assess
    expect(plan.actions).toEqual([
      {
        api: 'DeleteNetworkAclEntry',
        resourceId: ACL,
        params: { NetworkAclId: ACL, RuleNumber: 90, Egress: false },
        previous: {
          RuleNumber: 90,
          Protocol: '6',
          RuleAction: 'allow',
          Egress: false,
          CidrBlock: '0.0.0.0/0',
          PortRange: { From: 22, To: 22 },
        },
      },
    ]);
  });

  it('leaves the fix to a person when no rule numbers are free before the entry', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const acl = snapshot.NetworkAcls[0]!;
    acl.Entries = [
      {
        RuleNumber: 99,
        Protocol: '6',
        RuleAction: 'allow',
        Egress: false,
        CidrBlock: '10.0.0.0/8',
        PortRange: { From: 5432, To: 5432 },
      },
      ...(acl.Entries ?? []),
    ];
    const finding = findingOf(snapshot, (f) => f.ruleId === 'nacl-admin-port-open-to-internet');

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding);

    // Assess
    expect(plan.status).toBe('manual');
    expect(plan.summary).toMatch(/no 8 free rule number\(s\) between the previous IPv4 entry and #100/);
  });

  it('places the IPv6 denies below an IPv4 entry, which never matches IPv6 packets', () => {
    // Prepare
    const snapshot = smallSnapshot();
    snapshot.NetworkAcls[0]?.Entries?.push({
      RuleNumber: 101,
      Protocol: '-1',
      RuleAction: 'allow',
      Egress: false,
      Ipv6CidrBlock: '::/0',
    });
    const finding = findingOf(
      snapshot,
      (f) => f.ruleId === 'nacl-admin-port-open-to-internet' && f.aclEntry?.ruleNumber === 101,
    );

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding);

    // Assess
    expect(
      plan.actions.map(
        (a) => a.api === 'CreateNetworkAclEntry' && [a.params.RuleNumber, a.params.RuleAction, a.params.Ipv6CidrBlock],
      ),
    ).toEqual([
      [95, 'allow', 'fc00::/7'],
      [96, 'deny', '::/0'],
      [97, 'deny', '::/0'],
      [98, 'deny', '::/0'],
      [99, 'deny', '::/0'],
    ]);
  });

  it('creates an ALL-traffic flow log into the configured log group, or says what config is missing', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const finding = findingOf(snapshot, (f) => f.ruleId === 'vpc-flow-logs-missing' && f.resourceId === VPC);
    const configured = parseRemediationConfig(
      {
        flowLogs: {
          logGroupName: '/acme/flow-logs',
          deliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow-logs',
        },
      },
      'remediation.yaml',
    );

    // Act
    const missing = planFor(NetworkModel.build(snapshot), finding, defaultRemediationConfig());
    const ready = planFor(NetworkModel.build(snapshot), finding, configured);

    // Assess
    expect(missing.status).toBe('manual');
    expect(missing.summary).toMatch(/set flowLogs.deliverLogsPermissionArn/);
    expect(ready.actions[0]?.params).toEqual({
      ResourceIds: [VPC],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: '/acme/flow-logs',
      DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow-logs',
      TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: [{ Key: 'netwarden:managed', Value: 'true' }] }],
    });
    expect(
      runRules(NetworkModel.build(applyToSnapshot(snapshot, ready.actions))).some(
        (f) => f.ruleId === 'vpc-flow-logs-missing',
      ),
    ).toBe(false);
  });

  it('turns off public IP auto-assignment and remembers the previous value', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const finding = findingOf(
      snapshot,
      (f) => f.ruleId === 'subnet-auto-assign-public-ip' && f.resourceId === PUBLIC_SUBNET,
    );

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding);

    // Assess
    expect(plan.actions).toEqual([
      {
        api: 'ModifySubnetAttribute',
        resourceId: PUBLIC_SUBNET,
        params: { SubnetId: PUBLIC_SUBNET, MapPublicIpOnLaunch: { Value: false } },
        previous: true,
      },
    ]);
  });

  it('removes a route named by a route finding, or restores it to the expected target', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const base: Finding = {
      ruleId: 'route-private-subnet-to-internet-gateway',
      resourceId: PRIVATE_RTB,
      resourceType: 'AWS::EC2::RouteTable',
      severity: 'high',
      message: 'private subnet routes to the internet',
      details: { destination: '0.0.0.0/0' },
    };

    // Act
    const remove = planFor(NetworkModel.build(snapshot), base);
    const restore = planFor(NetworkModel.build(snapshot), {
      ...base,
      details: { destination: '0.0.0.0/0', expectedTarget: 'tgw-0f0f0f0f0f0f0f0f0' },
    });
    const create = planFor(NetworkModel.build(snapshot), {
      ...base,
      details: { destination: '172.16.0.0/12', expectedTarget: 'pcx-0e0e0e0e0e0e0e0e0' },
    });

    // Assess
    expect(remove.actions.map((a) => [a.api, a.params])).toEqual([
      ['DeleteRoute', { RouteTableId: PRIVATE_RTB, DestinationCidrBlock: '0.0.0.0/0' }],
    ]);
    expect(restore.actions.map((a) => [a.api, a.params])).toEqual([
      [
        'ReplaceRoute',
        { RouteTableId: PRIVATE_RTB, DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-0f0f0f0f0f0f0f0f0' },
      ],
    ]);
    expect(create.actions.map((a) => [a.api, a.params])).toEqual([
      [
        'CreateRoute',
        {
          RouteTableId: PRIVATE_RTB,
          DestinationCidrBlock: '172.16.0.0/12',
          VpcPeeringConnectionId: 'pcx-0e0e0e0e0e0e0e0e0',
        },
      ],
    ]);
  });

  it('does not touch unattached groups on its own', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const finding = findingOf(snapshot, (f) => f.ruleId === 'sg-unattached');

    // Act
    const plan = planFor(NetworkModel.build(snapshot), finding);

    // Assess
    expect(plan).toMatchObject({ status: 'manual', actions: [] });
  });
});

describe('planFor on security groups (property)', () => {
  const sourceArb = fc.oneof(
    fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '0.0.0.0/1', '198.51.100.0/24').map((c) => ({ cidr: c })),
    fc.constantFrom('::/0', '2001:db8::/32').map((c) => ({ cidrIpv6: c })),
    fc.constantFrom(ADMIN_SG, DEFAULT_SG).map((g) => ({ groupId: g })),
    fc.constant({ prefixListId: 'pl-0123456789abcdef0' }),
  );
  const permissionArb = fc
    .tuple(
      fc.oneof(
        fc
          .integer({ min: 0, max: 65535 })
          .chain((from) =>
            fc.integer({ min: from, max: 65535 }).map((to) => ({ IpProtocol: 'tcp', FromPort: from, ToPort: to })),
          ),
        fc.constant({ IpProtocol: 'udp', FromPort: 53, ToPort: 53 }),
        fc.constant({ IpProtocol: '-1' }),
      ),
      fc.uniqueArray(sourceArb, { minLength: 1, maxLength: 4, selector: (s) => JSON.stringify(s) }),
    )
    .map(
      ([shape, sources]): IpPermission => ({
        ...shape,
        IpRanges: sources.flatMap((s) => ('cidr' in s ? [{ CidrIp: s.cidr }] : [])),
        Ipv6Ranges: sources.flatMap((s) => ('cidrIpv6' in s ? [{ CidrIpv6: s.cidrIpv6 }] : [])),
        PrefixListIds: sources.flatMap((s) => ('prefixListId' in s ? [{ PrefixListId: s.prefixListId }] : [])),
        UserIdGroupPairs: sources.flatMap((s) => ('groupId' in s ? [{ GroupId: s.groupId }] : [])),
      }),
    );

  const entries = (permissions: readonly IpPermission[]) =>
    permissions.flatMap((p) => sourcesOf(p).map((s) => JSON.stringify([permissionShapeKey(p), s]))).sort();

  it('revokes exactly the offending source and nothing else', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(permissionArb, { minLength: 1, maxLength: 4, selector: (p) => permissionShapeKey(p) }),
        fc.nat(),
        fc.nat(),
        (permissions, pickPermission, pickSource) => {
          // Prepare
          const snapshot = smallSnapshot();
          snapshot.SecurityGroupRules = [];
          const group = snapshot.SecurityGroups.find((g) => g.GroupId === WEB_SG)!;
          group.IpPermissions = permissions;
          const permissionIndex = pickPermission % permissions.length;
          const permission = permissions[permissionIndex]!;
          const sources = sourcesOf(permission);
          const source = sources[pickSource % sources.length]!;
          const protocol = permission.IpProtocol === '-1' ? 'all' : permission.IpProtocol;
          const finding: Finding = {
            ruleId: 'sg-wide-public-range',
            resourceId: WEB_SG,
            resourceType: 'AWS::EC2::SecurityGroup',
            severity: 'high',
            protocol,
            ...(permission.FromPort === undefined ? {} : { fromPort: permission.FromPort, toPort: permission.ToPort }),
            source,
            direction: 'ingress',
            permissionIndex,
            message: 'm',
          };

          // Act
          const plan = planFor(NetworkModel.build(snapshot), finding);
          const after = applyToSnapshot(snapshot, plan.actions).SecurityGroups.find((g) => g.GroupId === WEB_SG)!;

          // Assess
          const removed = JSON.stringify([permissionShapeKey(permission), source]);
          expect(entries(after.IpPermissions ?? [])).toEqual(entries(permissions).filter((e) => e !== removed));
          expect(plan.actions).toHaveLength(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
