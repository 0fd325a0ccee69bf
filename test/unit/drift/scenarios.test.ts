/**
 * Each kind of drift on the example account, judged with its intents: what the difference is, its
 * class with the evidence, the restore plan and the decision.
 */
import { assessDrift, type DriftItem } from '../../../lambdas/core/drift/assess-drift';
import { captureBaseline } from '../../../lambdas/core/drift/baseline';
import type { Snapshot } from '../../../lambdas/core/model/snapshot';
import { defaultRemediationConfig } from '../../../lambdas/core/remediation/config';
import type { RemediationEvent } from '../../../lambdas/core/remediation/flap-guard';
import { ACME, acme, acmeIntents, edited, networkAcl, routeTable, securityGroup } from '../../fixtures/drift/acme';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const checkIntents = acmeIntents();

let approved: Snapshot;

beforeAll(async () => {
  approved = await acme();
});

function assess(current: Snapshot, extra: Partial<Parameters<typeof assessDrift>[0]> = {}): DriftItem[] {
  const baseline = captureBaseline(approved, { capturedAt: '2026-11-01T00:00:00.000Z', origin: 'example:acme' });
  return assessDrift({ baseline, snapshot: current, checkIntents, now: NOW, ...extra }).items;
}

function only(items: DriftItem[]): DriftItem {
  expect(items).toHaveLength(1);
  return items[0] as DriftItem;
}

describe('routes', () => {
  it('a deleted route is breaking, with the cut path as evidence, and is re-created with the baseline target', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const table = routeTable(s, ACME.prodPrivateA);
      table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.30.0.0/16');
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({
      resourceId: ACME.prodPrivateA,
      resourceType: 'AWS::EC2::RouteTable',
      kind: 'removed',
      path: 'routes["10.30.0.0/16"]',
      after: null,
    });
    expect(item.classification.class).toBe('breaking');
    expect(item.classification.effects).toEqual([
      expect.objectContaining({ kind: 'must-work-broken', intent: 'shared-monitoring-scrapes-prod-app' }),
    ]);
    expect(item.plan.actions).toEqual([
      {
        api: 'CreateRoute',
        resourceId: ACME.prodPrivateA,
        params: {
          RouteTableId: ACME.prodPrivateA,
          DestinationCidrBlock: '10.30.0.0/16',
          VpcPeeringConnectionId: ACME.prodSharedPeering,
        },
      },
    ]);
    expect(item.verdict?.safe).toBe(true);
    expect(item.decision.outcome).toBe('remediate');
    expect(item.decision.modeSource).toBe('default');
  });

  it('a route pointed at another target is replaced back, remembering the current one', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const route = routeTable(s, ACME.prodPrivateA).Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
      if (route) {
        delete route.NatGatewayId;
        route.GatewayId = ACME.prodIgw;
      }
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference.kind).toBe('changed');
    expect(item.plan.actions).toEqual([
      expect.objectContaining({
        api: 'ReplaceRoute',
        params: { RouteTableId: ACME.prodPrivateA, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ACME.prodNatA },
        previous: expect.objectContaining({ GatewayId: ACME.prodIgw }),
      }),
    ]);
    expect(item.verdict?.safe).toBe(true);
  });

  it('an added route whose removal would cut a must-work flow that works now is refused and escalated', () => {
    // Prepare: the approved state lacked the route, so the monitoring intent did not hold then
    const withoutRoute = edited(approved, (s) => {
      const table = routeTable(s, ACME.prodPrivateA);
      table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.30.0.0/16');
    });
    const baseline = captureBaseline(withoutRoute, { capturedAt: '2026-11-01T00:00:00.000Z', origin: 'test' });

    // Act
    const [item] = assessDrift({ baseline, snapshot: approved, checkIntents, now: NOW }).items;

    // Assess
    expect(item?.difference.kind).toBe('added');
    expect(item?.plan.actions[0]?.api).toBe('DeleteRoute');
    expect(item?.verdict?.safe).toBe(false);
    expect(item?.verdict?.brokenIntents.map((b) => b.name)).toEqual(['shared-monitoring-scrapes-prod-app']);
    expect(item?.decision.outcome).toBe('escalate');
  });

  it('a deleted gateway-endpoint route is breaking and restored through the endpoint, by hand', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const table = routeTable(s, ACME.prodPrivateA);
      table.Routes = table.Routes?.filter((r) => r.DestinationPrefixListId !== 'pl-6da54004');
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference.path).toBe('routes["pl-6da54004"]');
    expect(item.classification.effects.map((e) => ('intent' in e ? e.intent : ''))).toContain(
      'prod-app-to-s3-endpoint',
    );
    expect(item.plan.status).toBe('manual');
    expect(item.plan.summary).toContain('ModifyVpcEndpoint');
  });

  it('a subnet moved to another route table is breaking and left to a person', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const from = routeTable(s, ACME.prodPrivateA);
      from.Associations = from.Associations?.filter((a) => a.SubnetId !== ACME.prodPrivateASubnet);
      routeTable(s, ACME.prodDataRouteTable).Associations?.push({
        RouteTableId: ACME.prodDataRouteTable,
        SubnetId: ACME.prodPrivateASubnet,
        Main: false,
      });
    });

    // Act
    const items = assess(current);

    // Assess
    expect(items.map((i) => [i.difference.resourceId, i.difference.kind, i.difference.path])).toEqual([
      [ACME.prodPrivateA, 'removed', `associations["${ACME.prodPrivateASubnet}"]`],
      [ACME.prodDataRouteTable, 'added', `associations["${ACME.prodPrivateASubnet}"]`],
    ]);
    expect(items.every((i) => i.classification.class === 'breaking')).toBe(true);
    expect(items.every((i) => i.plan.status === 'manual' && i.decision.outcome === 'escalate')).toBe(true);
  });
});

describe('security groups', () => {
  it('an SSH rule open to the world is risky and only that source is revoked', () => {
    // Prepare
    const current = edited(approved, (s) => {
      securityGroup(s, ACME.prodAppGroup).IpPermissions?.push({
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      });
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({ kind: 'added', path: 'ingress["tcp 22 from 0.0.0.0/0"]' });
    expect(item.classification.class).toBe('risky');
    expect(item.classification.effects[0]).toMatchObject({
      kind: 'finding-appeared',
      ruleId: 'sg-risky-port-open-to-internet',
      resourceId: ACME.prodAppGroup,
    });
    expect(item.plan.actions).toEqual([
      {
        api: 'RevokeSecurityGroupIngress',
        resourceId: ACME.prodAppGroup,
        params: {
          GroupId: ACME.prodAppGroup,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        },
        permissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    ]);
    expect(item.verdict?.safe).toBe(true);
    expect(item.decision.outcome).toBe('remediate');
  });

  it('an added rule AWS knows by rule id is revoked by that id', () => {
    // Prepare
    const current = edited(approved, (s) => {
      securityGroup(s, ACME.prodAppGroup).IpPermissions?.push({
        IpProtocol: 'tcp',
        FromPort: 3306,
        ToPort: 3306,
        IpRanges: [{ CidrIp: '198.51.100.0/24' }],
      });
      s.SecurityGroupRules.push({
        SecurityGroupRuleId: 'sgr-0f1e2d3c4b5a69788',
        GroupId: ACME.prodAppGroup,
        IsEgress: false,
        IpProtocol: 'tcp',
        FromPort: 3306,
        ToPort: 3306,
        CidrIpv4: '198.51.100.0/24',
      });
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.plan.actions).toEqual([
      expect.objectContaining({
        api: 'RevokeSecurityGroupIngress',
        params: { GroupId: ACME.prodAppGroup, SecurityGroupRuleIds: ['sgr-0f1e2d3c4b5a69788'] },
      }),
    ]);
    expect(item.verdict?.safe).toBe(true);
  });

  it('a deleted rule is re-authorized with its description', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const group = securityGroup(s, ACME.prodBastionGroup);
      const permission = group.IpPermissions?.[0];
      if (permission) permission.PrefixListIds = [];
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({ kind: 'removed', path: 'ingress["tcp 22 from pl-0b9892bf8c9ef3146"]' });
    expect(item.plan.actions).toEqual([
      {
        api: 'AuthorizeSecurityGroupIngress',
        resourceId: ACME.prodBastionGroup,
        params: {
          GroupId: ACME.prodBastionGroup,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              PrefixListIds: [{ PrefixListId: 'pl-0b9892bf8c9ef3146', Description: 'offices' }],
            },
          ],
        },
      },
    ]);
  });

  it('a changed description is benign and restored by hand', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const range = securityGroup(s, ACME.prodBastionGroup).IpPermissions?.[0]?.IpRanges?.[0];
      if (range) range.Description = 'temporary, remove after the incident';
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({ kind: 'changed', path: 'ingress["tcp 22 from 0.0.0.0/0"]' });
    expect(item.difference.before).toMatchObject({ Description: 'on-call from home' });
    expect(item.difference.after).toMatchObject({ Description: 'temporary, remove after the incident' });
    expect(item.classification).toEqual({ class: 'benign', effects: [], severity: 'low' });
    expect(item.plan.status).toBe('manual');
    expect(item.plan.summary).toContain('UpdateSecurityGroupRuleDescriptionsIngress');
  });

  it('regrouping the same sources into other permissions is no drift', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const group = securityGroup(s, ACME.prodBastionGroup);
      group.IpPermissions = (group.IpPermissions ?? []).flatMap((p) => [
        { ...p, PrefixListIds: [] },
        { ...p, IpRanges: [] },
      ]);
    });

    // Act
    const items = assess(current);

    // Assess
    expect(items).toEqual([]);
  });
});

describe('network ACLs', () => {
  it('an entry edited by hand to deny is breaking and replaced with its approved version', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const entry = networkAcl(s, ACME.prodDataAcl).Entries?.find((e) => !e.Egress && e.RuleNumber === 110);
      if (entry) entry.RuleAction = 'deny';
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({ kind: 'changed', path: 'entries["ingress #110"]' });
    expect(item.classification.class).toBe('breaking');
    expect(item.classification.effects.map((e) => ('intent' in e ? e.intent : e.ruleId))).toContain(
      'prod-app-to-database',
    );
    expect(item.plan.actions).toEqual([
      expect.objectContaining({
        api: 'ReplaceNetworkAclEntry',
        params: {
          NetworkAclId: ACME.prodDataAcl,
          RuleNumber: 110,
          Protocol: '6',
          RuleAction: 'allow',
          Egress: false,
          CidrBlock: '10.10.10.0/23',
          PortRange: { From: 5432, To: 5432 },
        },
      }),
    ]);
    expect(item.decision.outcome).toBe('remediate');
  });

  it('a deleted deny entry that nothing depends on is benign and put back', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const acl = networkAcl(s, ACME.prodDataAcl);
      acl.Entries = acl.Entries?.filter((e) => !(!e.Egress && e.RuleNumber === 90));
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.classification.class).toBe('benign');
    expect(item.plan.actions).toEqual([
      {
        api: 'CreateNetworkAclEntry',
        resourceId: ACME.prodDataAcl,
        params: {
          NetworkAclId: ACME.prodDataAcl,
          RuleNumber: 90,
          Protocol: '6',
          RuleAction: 'deny',
          Egress: false,
          CidrBlock: '0.0.0.0/0',
          PortRange: { From: 22, To: 22 },
        },
      },
    ]);
    expect(item.decision.outcome).toBe('remediate');
  });

  it('an added allow-all entry is risky and deleted', () => {
    // Prepare
    const current = edited(approved, (s) => {
      networkAcl(s, 'acl-015732295ad699467').Entries?.push({
        RuleNumber: 90,
        Protocol: '-1',
        RuleAction: 'allow',
        Egress: false,
        CidrBlock: '0.0.0.0/0',
      });
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.classification.class).toBe('risky');
    expect(item.plan.actions).toEqual([
      expect.objectContaining({
        api: 'DeleteNetworkAclEntry',
        params: { NetworkAclId: 'acl-015732295ad699467', RuleNumber: 90, Egress: false },
      }),
    ]);
  });

  it('a subnet moved to another ACL shows on both ACLs, restored by hand', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const from = networkAcl(s, ACME.stagingDataAcl);
      from.Associations = [];
      networkAcl(s, ACME.stagingDefaultAcl).Associations?.push({
        NetworkAclId: ACME.stagingDefaultAcl,
        SubnetId: ACME.stagingDataSubnet,
      });
    });

    // Act
    const items = assess(current);

    // Assess
    expect(items.map((i) => [i.difference.resourceId, i.difference.kind, i.difference.path])).toEqual([
      [ACME.stagingDataAcl, 'removed', `associations["${ACME.stagingDataSubnet}"]`],
      [ACME.stagingDefaultAcl, 'added', `associations["${ACME.stagingDataSubnet}"]`],
    ]);
    expect(items.every((i) => i.plan.status === 'manual')).toBe(true);
  });
});

describe('gateways, peering, flow logs and subnets', () => {
  it('a detached internet gateway is breaking and left to a person', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const igw = s.InternetGateways.find((g) => g.InternetGatewayId === ACME.prodIgw);
      if (igw) igw.Attachments = [];
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({ kind: 'removed', path: `attachments["${ACME.prodVpc}"]` });
    expect(item.classification.class).toBe('breaking');
    expect(item.classification.effects.map((e) => ('intent' in e ? e.intent : ''))).toContain(
      'internet-to-prod-alb-https',
    );
    expect(item.plan.status).toBe('manual');
    expect(item.decision.outcome).toBe('escalate');
  });

  it('a deleted NAT gateway counts as gone and is reported for a person', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const nat = s.NatGateways.find((n) => n.NatGatewayId === ACME.prodNatA);
      if (nat) nat.State = 'deleted';
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({ resourceType: 'AWS::EC2::NatGateway', kind: 'removed', path: '$' });
    expect(item.plan.status).toBe('manual');
  });

  it('a deleted peering connection is breaking', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const peering = s.VpcPeeringConnections.find((p) => p.VpcPeeringConnectionId === ACME.prodSharedPeering);
      if (peering) peering.Status = { Code: 'deleted' };
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({ resourceId: ACME.prodSharedPeering, kind: 'removed', path: '$' });
    expect(item.classification.class).toBe('breaking');
  });

  it('a deleted flow log is risky and re-created to the same log group with its delivery role', () => {
    // Prepare
    const current = edited(approved, (s) => {
      s.FlowLogs = s.FlowLogs.filter((f) => f.ResourceId !== ACME.prodVpc);
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({
      kind: 'removed',
      path: 'flowLogs["ALL to /vpc/flow-logs/acme-production"]',
    });
    expect(item.classification.effects[0]).toMatchObject({ ruleId: 'vpc-flow-logs-missing' });
    expect(item.plan.actions).toEqual([
      {
        api: 'CreateFlowLogs',
        resourceId: ACME.prodVpc,
        params: {
          ResourceIds: [ACME.prodVpc],
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 'cloud-watch-logs',
          LogGroupName: '/vpc/flow-logs/acme-production',
          DeliverLogsPermissionArn: 'arn:aws:iam::111122223333:role/vpc-flow-logs-delivery',
        },
      },
    ]);
    expect(item.verdict?.safe).toBe(true);
    expect(item.plan.ruleId).toBe('drift-flow-logs');
  });

  it('turning on public IPs for a subnet is risky and set back', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const subnet = s.Subnets.find((x) => x.SubnetId === ACME.prodPublicSubnetA);
      if (subnet) subnet.MapPublicIpOnLaunch = true;
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.difference).toMatchObject({ kind: 'changed', path: 'mapPublicIpOnLaunch', before: false, after: true });
    expect(item.classification.class).toBe('risky');
    expect(item.plan.actions).toEqual([
      {
        api: 'ModifySubnetAttribute',
        resourceId: ACME.prodPublicSubnetA,
        params: { SubnetId: ACME.prodPublicSubnetA, MapPublicIpOnLaunch: { Value: false } },
        previous: true,
      },
    ]);
  });
});

describe('decisions', () => {
  const deleteRoute = (s: Snapshot) => {
    const table = routeTable(s, ACME.prodPrivateA);
    table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.30.0.0/16');
  };

  it('a resource managed by CloudFormation is notified, not restored, by default', () => {
    // Prepare
    const current = edited(approved, (s) => {
      deleteRoute(s);
      routeTable(s, ACME.prodPrivateA).Tags?.push({ Key: 'aws:cloudformation:stack-name', Value: 'acme-network' });
    });

    // Act
    const item = only(assess(current));

    // Assess
    expect(item.cloudFormationStack).toBe('acme-network');
    expect(item.verdict?.safe).toBe(true);
    expect(item.decision.outcome).toBe('notify');
    expect(item.decision.reasons[0]).toContain('CloudFormation stack acme-network');
  });

  it('a configured mode wins over the default', () => {
    // Prepare
    const current = edited(approved, deleteRoute);
    const config = defaultRemediationConfig();
    config.modes['drift-route-table'] = 'detect';

    // Act
    const item = only(assess(current, { config }));

    // Assess
    expect(item.decision).toMatchObject({ outcome: 'skip', mode: 'detect', modeSource: 'config' });
  });

  it('the flap guard stops restoring what keeps coming back', () => {
    // Prepare
    const current = edited(approved, deleteRoute);
    const history: RemediationEvent[] = ['08:00', '08:30', '09:00'].map((t) => ({
      resourceId: ACME.prodPrivateA,
      ruleId: 'drift-route-table',
      at: `2026-11-20T${t}:00.000Z`,
    }));

    // Act
    const item = only(assess(current, { history }));

    // Assess
    expect(item.decision.outcome).toBe('escalate');
    expect(item.decision.flap?.tripped).toBe(true);
  });
});

describe('judging drift leaves the networks it was given unchanged', () => {
  it('the current snapshot is the same after every kind of difference has been judged and planned', () => {
    // Prepare: one edit of each kind the classifier undoes
    const current = edited(approved, (s) => {
      const table = routeTable(s, ACME.prodPrivateA);
      table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.30.0.0/16');
      const group = securityGroup(s, ACME.prodAppGroup);
      group.IpPermissions = [
        ...(group.IpPermissions ?? []),
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ];
      const acl = networkAcl(s, ACME.prodDataAcl);
      acl.Entries = acl.Entries?.filter((e) => e.RuleNumber !== 100 || e.Egress);
    });
    const before = structuredClone(current);

    // Act
    const items = assess(current);

    // Assess
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(current).toEqual(before);
  });
});
