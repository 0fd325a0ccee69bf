import {
  CreateFlowLogsCommand,
  CreateNetworkAclEntryCommand,
  DeleteFlowLogsCommand,
  DescribeFlowLogsCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  ModifySubnetAttributeCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2NetworkWriter } from '../../../lambdas/aws/ec2-network-writer';
import type { RemediationAction } from '../../../lambdas/core/remediation/actions';
import type { ResourceState } from '../../../lambdas/core/remediation/before-state';

const GROUP = 'sg-0123456789abcdef0';
const SUBNET = 'subnet-0aa11bb22cc33dd44';
const ACL = 'acl-0123abcd4567ef890';
const VPC = 'vpc-0a1b2c3d4e5f60718';

const groupJson = {
  GroupId: GROUP,
  GroupName: 'web',
  VpcId: VPC,
  OwnerId: '123456789012',
  IpPermissions: [
    {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8' }],
      Ipv6Ranges: [],
      PrefixListIds: [],
      UserIdGroupPairs: [],
    },
  ],
  IpPermissionsEgress: [],
};

const revokeSsh: RemediationAction = {
  api: 'RevokeSecurityGroupIngress',
  resourceId: GROUP,
  params: { GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'] },
  permissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
};

const stopPublicIps: RemediationAction = {
  api: 'ModifySubnetAttribute',
  resourceId: SUBNET,
  params: { SubnetId: SUBNET, MapPublicIpOnLaunch: { Value: false } },
  previous: true,
};

function awsError(name: string, message = `${name} happened`): EC2ServiceException {
  return new EC2ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: `req-${name}` },
    message,
  });
}

function mockDescribes(ec2: ReturnType<typeof mockClient>) {
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [groupJson] });
  ec2.on(DescribeSecurityGroupRulesCommand).resolves({
    SecurityGroupRules: [
      {
        SecurityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa1',
        GroupId: GROUP,
        IsEgress: false,
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        CidrIpv4: '0.0.0.0/0',
      },
    ],
  });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: SUBNET, VpcId: VPC, MapPublicIpOnLaunch: true }] });
}

const noSleep = { sleep: async () => undefined, random: () => 0.5 };

describe('Ec2NetworkWriter', () => {
  const ec2 = mockClient(EC2Client);
  beforeEach(() => ec2.reset());

  it('describes every touched resource and records the before-state before the first write', async () => {
    // Prepare
    mockDescribes(ec2);
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-revoke' } });
    ec2.on(ModifySubnetAttributeCommand).resolves({ $metadata: { requestId: 'req-modify' } });
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);
    const recorded: { states: ResourceState[]; writesSoFar: number }[] = [];
    const recordBeforeState = async (states: ResourceState[]) => {
      const writesSoFar =
        ec2.commandCalls(RevokeSecurityGroupIngressCommand).length +
        ec2.commandCalls(ModifySubnetAttributeCommand).length;
      recorded.push({ states, writesSoFar });
    };

    // Act
    const report = await writer.apply([revokeSsh, stopPublicIps], { recordBeforeState });

    // Assess
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.writesSoFar).toBe(0);
    expect(recorded[0]?.states.map((s) => [s.resourceId, s.kind, s.found])).toEqual([
      [GROUP, 'SecurityGroup', true],
      [SUBNET, 'Subnet', true],
    ]);
    expect(recorded[0]?.states[0]?.fragment.SecurityGroups[0]?.IpPermissions?.[0]?.IpRanges).toHaveLength(2);
    expect(recorded[0]?.states[0]?.fragment.SecurityGroupRules[0]?.SecurityGroupRuleId).toBe('sgr-0aaaaaaaaaaaaaaa1');
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0]?.args[0].input).toEqual({ GroupIds: [GROUP] });
    expect(ec2.commandCalls(DescribeSecurityGroupRulesCommand)[0]?.args[0].input).toEqual({
      Filters: [{ Name: 'group-id', Values: [GROUP] }],
      NextToken: undefined,
    });
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
      { GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'] },
    ]);
    expect(ec2.commandCalls(ModifySubnetAttributeCommand).map((c) => c.args[0].input)).toEqual([
      { SubnetId: SUBNET, MapPublicIpOnLaunch: { Value: false } },
    ]);
    expect(report.ok).toBe(true);
    expect(report.outcomes.map((o) => [o.status, o.attempts, o.requestId])).toEqual([
      ['applied', 1, 'req-revoke'],
      ['applied', 1, 'req-modify'],
    ]);
  });

  it('sends a revoke by permission with exactly the one offending source', async () => {
    // Prepare
    mockDescribes(ec2);
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);
    const byPermission: RemediationAction = {
      ...revokeSsh,
      params: {
        GroupId: GROUP,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    } as RemediationAction;

    // Act
    await writer.apply([byPermission], { recordBeforeState: async () => undefined });

    // Assess
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]?.args[0].input).toEqual({
      GroupId: GROUP,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
  });

  it.each([['InvalidPermission.NotFound'], ['InvalidSecurityGroupRuleId.NotFound']])(
    'treats %s on a revoke as the desired state already holding',
    async (code) => {
      // Prepare
      mockDescribes(ec2);
      ec2.on(RevokeSecurityGroupIngressCommand).rejects(awsError(code));
      const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);

      // Act
      const report = await writer.apply([revokeSsh], { recordBeforeState: async () => undefined });

      // Assess
      expect(report.ok).toBe(true);
      expect(report.outcomes[0]).toMatchObject({ status: 'already-in-desired-state', code, attempts: 1 });
    },
  );

  it('treats a revoke answered with UnknownIpPermissions (default VPC) as already revoked', async () => {
    // Prepare
    mockDescribes(ec2);
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .resolves({ Return: true, UnknownIpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }] });
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);

    // Act
    const report = await writer.apply([revokeSsh], { recordBeforeState: async () => undefined });

    // Assess
    expect(report.outcomes[0]).toMatchObject({ status: 'already-in-desired-state', code: 'UnknownIpPermissions' });
  });

  it('retries throttling with exponential backoff and full jitter, then succeeds', async () => {
    // Prepare
    mockDescribes(ec2);
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejectsOnce(awsError('RequestLimitExceeded'))
      .rejectsOnce(awsError('Throttling'))
      .resolves({ Return: true });
    const delays: number[] = [];
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), {
      baseDelayMs: 100,
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.75,
    });

    // Act
    const report = await writer.apply([revokeSsh], { recordBeforeState: async () => undefined });

    // Assess
    expect(report.outcomes[0]).toMatchObject({ status: 'applied', attempts: 3 });
    expect(delays).toEqual([75, 150]);
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(3);
  });

  it('gives up after the last attempt and reports the throttling code', async () => {
    // Prepare
    mockDescribes(ec2);
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(awsError('RequestLimitExceeded'));
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), { ...noSleep, maxAttempts: 4 });

    // Act
    const report = await writer.apply([revokeSsh], { recordBeforeState: async () => undefined });

    // Assess
    expect(report.ok).toBe(false);
    expect(report.outcomes[0]).toMatchObject({ status: 'failed', code: 'RequestLimitExceeded', attempts: 4 });
    expect(report.outcomes[0]?.message).toMatch(/still throttled after 4 attempts/);
  });

  it('reports an access denial clearly and keeps going with the other resources', async () => {
    // Prepare
    mockDescribes(ec2);
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    ec2.on(ModifySubnetAttributeCommand).resolves({});
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);
    const secondOnSameGroup: RemediationAction = {
      ...revokeSsh,
      params: { GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa9'] },
    } as RemediationAction;

    // Act
    const report = await writer.apply([revokeSsh, secondOnSameGroup, stopPublicIps], {
      recordBeforeState: async () => undefined,
    });

    // Assess
    expect(report.ok).toBe(false);
    expect(report.outcomes.map((o) => o.status)).toEqual(['failed', 'skipped', 'applied']);
    expect(report.outcomes[0]?.code).toBe('UnauthorizedOperation');
    expect(report.outcomes[0]?.message).toMatch(
      /RevokeSecurityGroupIngress on sg-0123456789abcdef0 was denied \(UnauthorizedOperation\): the role NetWarden runs as needs ec2:RevokeSecurityGroupIngress/,
    );
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(1);
  });

  it('writes nothing when recording the before-state fails', async () => {
    // Prepare
    mockDescribes(ec2);
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);

    // Act
    const applying = writer.apply([revokeSsh], {
      recordBeforeState: async () => {
        throw new Error('history store unavailable');
      },
    });

    // Assess
    await expect(applying).rejects.toThrow('history store unavailable');
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
  });

  it('fails only the actions of a resource whose before-state cannot be read', async () => {
    // Prepare
    ec2.on(DescribeNetworkAclsCommand).rejects(awsError('UnauthorizedOperation'));
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: SUBNET, VpcId: VPC, MapPublicIpOnLaunch: true }] });
    ec2.on(ModifySubnetAttributeCommand).resolves({});
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);
    const aclDeny: RemediationAction = {
      api: 'CreateNetworkAclEntry',
      resourceId: ACL,
      params: {
        NetworkAclId: ACL,
        RuleNumber: 99,
        Protocol: '6',
        RuleAction: 'deny',
        Egress: false,
        CidrBlock: '0.0.0.0/0',
        PortRange: { From: 22, To: 22 },
      },
    };

    // Act
    const report = await writer.apply([aclDeny, stopPublicIps], { recordBeforeState: async () => undefined });

    // Assess
    expect(report.outcomes.map((o) => o.status)).toEqual(['failed', 'applied']);
    expect(report.outcomes[0]?.message).toMatch(
      /before-state of acl-0123abcd4567ef890 could not be read, so nothing was changed/,
    );
    expect(ec2.commandCalls(CreateNetworkAclEntryCommand)).toHaveLength(0);
    expect(report.beforeState.map((s) => s.resourceId)).toEqual([SUBNET]);
  });

  it('reports a resource that no longer exists as not found', async () => {
    // Prepare
    ec2.on(DescribeSubnetsCommand).rejects(awsError('InvalidSubnetID.NotFound'));
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);

    // Act
    const states = await writer.describe([{ resourceId: SUBNET, kind: 'Subnet' }]);

    // Assess
    expect(states).toEqual([expect.objectContaining({ resourceId: SUBNET, found: false })]);
  });

  it('creates a flow log with the planned parameters and reports an unsuccessful item as a failure', async () => {
    // Prepare
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, CidrBlock: '10.0.0.0/16' }] });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).resolves({
      Unsuccessful: [{ ResourceId: VPC, Error: { Code: 'InvalidParameter', Message: 'Log group does not exist' } }],
    });
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);
    const params = {
      ResourceIds: [VPC],
      ResourceType: 'VPC' as const,
      TrafficType: 'ALL' as const,
      LogDestinationType: 'cloud-watch-logs' as const,
      LogGroupName: '/netwarden/vpc-flow-logs',
      DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/netwarden-flow-logs',
    };

    // Act
    const report = await writer.apply([{ api: 'CreateFlowLogs', resourceId: VPC, params }], {
      recordBeforeState: async () => undefined,
    });

    // Assess
    expect(ec2.commandCalls(CreateFlowLogsCommand)[0]?.args[0].input).toEqual(params);
    expect(report.outcomes[0]).toMatchObject({ status: 'failed', code: 'InvalidParameter' });
  });

  it('resolves the flow log ids of a rollback by resource and log group before deleting', async () => {
    // Prepare
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC }] });
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [{ FlowLogId: 'fl-0123456789abcdef0', ResourceId: VPC, LogGroupName: '/netwarden/vpc-flow-logs' }],
    });
    ec2.on(DeleteFlowLogsCommand).resolves({ Unsuccessful: [] });
    const writer = new Ec2NetworkWriter(new EC2Client({ region: 'eu-west-1' }), noSleep);
    const recreate = {
      ResourceIds: [VPC],
      ResourceType: 'VPC' as const,
      TrafficType: 'ALL' as const,
      LogDestinationType: 'cloud-watch-logs' as const,
      LogGroupName: '/netwarden/vpc-flow-logs',
      DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/netwarden-flow-logs',
    };

    // Act
    const report = await writer.apply(
      [
        {
          api: 'DeleteFlowLogs',
          resourceId: VPC,
          params: {},
          match: { resourceId: VPC, logGroupName: '/netwarden/vpc-flow-logs' },
          recreate,
        },
      ],
      { recordBeforeState: async () => undefined },
    );

    // Assess
    expect(ec2.commandCalls(DescribeFlowLogsCommand)[1]?.args[0].input).toEqual({
      Filter: [
        { Name: 'resource-id', Values: [VPC] },
        { Name: 'log-group-name', Values: ['/netwarden/vpc-flow-logs'] },
      ],
      NextToken: undefined,
    });
    expect(ec2.commandCalls(DeleteFlowLogsCommand)[0]?.args[0].input).toEqual({ FlowLogIds: ['fl-0123456789abcdef0'] });
    expect(report.outcomes[0]?.status).toBe('applied');
  });
});
