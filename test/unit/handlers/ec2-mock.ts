/**
 * Answers the EC2 describe calls from the example account's snapshot (real `aws ec2 describe-*`
 * output), narrowed by whatever ids or filters the call carries, as EC2 would.
 */
import {
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import type { Snapshot } from '../../../lambdas/core/model/snapshot';
import { EXAMPLE_SNAPSHOT_DIR, readSnapshotPath } from '../../../lambdas/local/snapshot-folder';

export async function exampleSnapshot(): Promise<Snapshot> {
  return (await readSnapshotPath(EXAMPLE_SNAPSHOT_DIR)).snapshot;
}

type Item = Record<string, unknown>;
type Input = Record<string, unknown>;

/** The items a call asks for: all of them, or those named by an `...Ids` list or a filter. */
function narrow(items: readonly unknown[], input: Input): unknown[] {
  const wanted = new Set<string>();
  for (const [key, value] of Object.entries(input)) {
    if (key.endsWith('Ids') && Array.isArray(value)) for (const v of value) wanted.add(String(v));
  }
  const filters = (input.Filters as { Values?: string[] }[] | undefined) ?? [];
  for (const f of filters) for (const v of f.Values ?? []) wanted.add(v);
  if (wanted.size === 0) return [...items];
  return items.filter((item) => Object.values(item as Item).some((v) => typeof v === 'string' && wanted.has(v)));
}

export function mockEc2(snapshot: Snapshot): AwsClientStub<EC2Client> {
  const ec2 = mockClient(EC2Client);
  const list = (key: keyof Snapshot) => (input: Input) => ({ [key]: narrow(snapshot[key] as unknown[], input) });
  ec2.on(DescribeVpcsCommand).callsFake(list('Vpcs'));
  ec2.on(DescribeSubnetsCommand).callsFake(list('Subnets'));
  ec2.on(DescribeRouteTablesCommand).callsFake(list('RouteTables'));
  ec2.on(DescribeNetworkAclsCommand).callsFake(list('NetworkAcls'));
  ec2.on(DescribeSecurityGroupsCommand).callsFake(list('SecurityGroups'));
  ec2.on(DescribeSecurityGroupRulesCommand).callsFake(list('SecurityGroupRules'));
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(list('NetworkInterfaces'));
  ec2.on(DescribeInstancesCommand).callsFake(list('Reservations'));
  ec2.on(DescribeInternetGatewaysCommand).callsFake(list('InternetGateways'));
  ec2.on(DescribeEgressOnlyInternetGatewaysCommand).callsFake(list('EgressOnlyInternetGateways'));
  ec2.on(DescribeNatGatewaysCommand).callsFake(list('NatGateways'));
  ec2.on(DescribeVpcPeeringConnectionsCommand).callsFake(list('VpcPeeringConnections'));
  ec2.on(DescribeTransitGatewaysCommand).callsFake(list('TransitGateways'));
  ec2.on(DescribeTransitGatewayAttachmentsCommand).callsFake(list('TransitGatewayAttachments'));
  ec2.on(DescribeTransitGatewayVpcAttachmentsCommand).callsFake(list('TransitGatewayVpcAttachments'));
  ec2.on(DescribeTransitGatewayRouteTablesCommand).callsFake(list('TransitGatewayRouteTables'));
  ec2.on(DescribeVpcEndpointsCommand).callsFake(list('VpcEndpoints'));
  ec2.on(DescribeManagedPrefixListsCommand).callsFake(list('PrefixLists'));
  ec2.on(DescribeFlowLogsCommand).callsFake(list('FlowLogs'));
  ec2.on(GetManagedPrefixListEntriesCommand).callsFake((input: Input) => ({
    Entries: snapshot.PrefixListEntries[String(input.PrefixListId)] ?? [],
  }));
  ec2.on(SearchTransitGatewayRoutesCommand).callsFake((input: Input) => ({
    Routes: snapshot.TransitGatewayRoutes[String(input.TransitGatewayRouteTableId)] ?? [],
  }));
  return ec2;
}
