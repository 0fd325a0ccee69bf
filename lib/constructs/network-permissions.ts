import { Stack } from 'aws-cdk-lib';
import { Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';

/**
 * EC2 read calls the NetworkReader makes. None of the Describe* calls supports resource-level
 * permissions, so they are granted on `*`; the two that do are scoped below.
 */
export const DESCRIBE_ACTIONS = [
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeRouteTables',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeInstances',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeEgressOnlyInternetGateways',
  'ec2:DescribeNatGateways',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeTransitGatewayAttachments',
  'ec2:DescribeTransitGatewayVpcAttachments',
  'ec2:DescribeTransitGatewayRouteTables',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeManagedPrefixLists',
  'ec2:DescribeFlowLogs',
] as const;

/** The EC2 calls a remediation plan (lambdas/core/remediation/actions.ts) can make, by resource type. */
export const REMEDIATION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'security-group': [
    'ec2:RevokeSecurityGroupIngress',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:AuthorizeSecurityGroupEgress',
  ],
  'security-group-rule': ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
  'network-acl': ['ec2:CreateNetworkAclEntry', 'ec2:ReplaceNetworkAclEntry', 'ec2:DeleteNetworkAclEntry'],
  'route-table': ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'],
  subnet: ['ec2:ModifySubnetAttribute', 'ec2:CreateFlowLogs'],
  vpc: ['ec2:CreateFlowLogs'],
  'vpc-flow-log': ['ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs'],
};

/** Resources carrying this tag (any value) are never changed by NetWarden, whatever its mode says. */
export const PROTECTED_TAG = 'netwarden:protected';

function ec2Arn(stack: Stack, resourceType: string, account = stack.account): string {
  return `arn:${stack.partition}:ec2:${stack.region}:${account}:${resourceType}/*`;
}

/** Lets a role read the whole network of this account and region (and AWS-managed prefix lists). */
export function grantNetworkRead(role: IRole): void {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'DescribeNetwork',
      effect: Effect.ALLOW,
      actions: [...DESCRIBE_ACTIONS],
      resources: ['*'],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadPrefixListEntries',
      effect: Effect.ALLOW,
      actions: ['ec2:GetManagedPrefixListEntries'],
      // AWS-managed prefix lists are owned by the account "aws", hence any owner.
      resources: [ec2Arn(stack, 'prefix-list', '*')],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'SearchTransitGatewayRoutes',
      effect: Effect.ALLOW,
      actions: ['ec2:SearchTransitGatewayRoutes'],
      // Transit gateway route tables may be shared from another account through RAM.
      resources: [ec2Arn(stack, 'transit-gateway-route-table', '*')],
    }),
  );
}

/**
 * Lets a role apply remediation plans in this account and region only, and denies every one of
 * those calls on resources tagged `netwarden:protected`.
 */
export function grantRemediation(role: IRole, flowLogDeliveryRoleArn: string): void {
  const stack = Stack.of(role);
  const types = Object.keys(REMEDIATION_ACTIONS);
  const actions = [...new Set(Object.values(REMEDIATION_ACTIONS).flat())].sort();
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ApplyRemediation',
      effect: Effect.ALLOW,
      actions,
      resources: types.map((type) => ec2Arn(stack, type)),
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'NeverTouchProtected',
      effect: Effect.DENY,
      actions,
      resources: types.map((type) => ec2Arn(stack, type)),
      conditions: { Null: { [`aws:ResourceTag/${PROTECTED_TAG}`]: 'false' } },
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'PassFlowLogDeliveryRole',
      effect: Effect.ALLOW,
      actions: ['iam:PassRole'],
      resources: [flowLogDeliveryRoleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } },
    }),
  );
}
