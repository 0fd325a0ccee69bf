/**
 * The per-resource state drift is judged on: for each tracked resource, only what decides where
 * traffic may go (rules, entries, routes, associations, attachments, flow logs, the public-IP
 * attribute), normalised so two reads of an unchanged account compare equal. AWS's own bookkeeping
 * (association and rule ids, route state, list order, how sources are grouped into permissions) is
 * left out. Every collection is an object keyed by a readable identity (`tcp 22 from 0.0.0.0/0`,
 * `ingress #100`, `10.20.0.0/16`), so a difference names exactly one rule, entry or route.
 */
import type { FlowLog, IpPermission, NetworkAclEntry, Route, SecurityGroup, Tag } from '../model/aws-types';
import type { Snapshot } from '../model/snapshot';
import { ROUTE_TARGET_KEYS } from '../remediation/actions';
import { normalizeProtocol, singleSourcePermission, sourcesOf, sourceText } from '../remediation/sg-permissions';

export const DRIFT_RESOURCE_TYPES = [
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::NetworkAcl',
  'AWS::EC2::RouteTable',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::VPCPeeringConnection',
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
] as const;
export type DriftResourceType = (typeof DRIFT_RESOURCE_TYPES)[number];

/** One rule, entry, route, association or flow log: AWS-shaped fields, so it can be written back. */
export interface StateItem {
  [field: string]: string | number | boolean | StateItem;
}

/** A scalar attribute, or a collection of items keyed by their identity. */
export type StateValue = string | boolean | { [key: string]: StateItem };

export type ResourceState = Record<string, StateValue>;

export interface TrackedResource {
  type: DriftResourceType;
  /** The `aws:cloudformation:stack-name` tag: the resource is managed by that stack. */
  cloudFormationStack?: string;
  state: ResourceState;
}

export const CLOUDFORMATION_STACK_TAG = 'aws:cloudformation:stack-name';

/** Which fields of each type's state are collections; the others are scalars. */
export const COLLECTION_FIELDS: Record<DriftResourceType, readonly string[]> = {
  'AWS::EC2::SecurityGroup': ['ingress', 'egress'],
  'AWS::EC2::NetworkAcl': ['entries', 'associations'],
  'AWS::EC2::RouteTable': ['routes', 'associations'],
  'AWS::EC2::InternetGateway': ['attachments'],
  'AWS::EC2::NatGateway': [],
  'AWS::EC2::VPCPeeringConnection': [],
  'AWS::EC2::VPC': ['flowLogs'],
  'AWS::EC2::Subnet': ['flowLogs'],
};

/** Scalar fields of each type and their JSON type. */
export const SCALAR_FIELDS: Record<DriftResourceType, Readonly<Record<string, 'string' | 'boolean'>>> = {
  'AWS::EC2::SecurityGroup': { vpcId: 'string', groupName: 'string' },
  'AWS::EC2::NetworkAcl': { vpcId: 'string', isDefault: 'boolean' },
  'AWS::EC2::RouteTable': { vpcId: 'string' },
  'AWS::EC2::InternetGateway': {},
  'AWS::EC2::NatGateway': { vpcId: 'string', subnetId: 'string', connectivityType: 'string' },
  'AWS::EC2::VPCPeeringConnection': { requesterVpcId: 'string', accepterVpcId: 'string', status: 'string' },
  'AWS::EC2::VPC': {},
  'AWS::EC2::Subnet': { vpcId: 'string', mapPublicIpOnLaunch: 'boolean' },
};

/** NAT gateways and peering connections in these states no longer carry traffic: they count as gone. */
const GONE_NAT_STATES = new Set(['deleting', 'deleted', 'failed']);
const GONE_PEERING_STATES = new Set(['deleting', 'deleted', 'rejected', 'expired', 'failed']);

/** Routes AWS adds and removes itself (propagated from a virtual private gateway) are not drift. */
const PROPAGATED_ORIGIN = 'EnableVgwRoutePropagation';

function stackOf(tags: readonly Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === CLOUDFORMATION_STACK_TAG)?.Value;
}

function tracked(type: DriftResourceType, tags: readonly Tag[] | undefined, state: ResourceState): TrackedResource {
  const stack = stackOf(tags);
  return stack === undefined ? { type, state } : { type, cloudFormationStack: stack, state };
}

/** `tcp 22`, `tcp 1024-65535`, `all`, `icmp type 8 code -1`, `50`: protocol and ports of a rule, as a key. */
function trafficKey(p: { IpProtocol: string; FromPort?: number; ToPort?: number }): string {
  const protocol = normalizeProtocol(p.IpProtocol);
  if (protocol === '-1') return 'all';
  if (protocol === 'icmp' || protocol === 'icmpv6')
    return `${protocol} type ${p.FromPort ?? -1} code ${p.ToPort ?? -1}`;
  if (p.FromPort === undefined) return protocol;
  return p.FromPort === p.ToPort ? `${protocol} ${p.FromPort}` : `${protocol} ${p.FromPort}-${p.ToPort}`;
}

/** One source of a permission as a state item: the single-source `IpPermission`, flattened. */
function ruleItem(single: IpPermission): StateItem {
  const item: StateItem = { IpProtocol: normalizeProtocol(single.IpProtocol) };
  if (item.IpProtocol !== '-1') {
    if (single.FromPort !== undefined) item.FromPort = single.FromPort;
    if (single.ToPort !== undefined) item.ToPort = single.ToPort;
  }
  const ipv4 = single.IpRanges?.[0];
  const ipv6 = single.Ipv6Ranges?.[0];
  const prefixList = single.PrefixListIds?.[0];
  const pair = single.UserIdGroupPairs?.[0];
  let description: string | undefined;
  if (ipv4) {
    item.CidrIp = ipv4.CidrIp;
    description = ipv4.Description;
  } else if (ipv6) {
    item.CidrIpv6 = ipv6.CidrIpv6.toLowerCase();
    description = ipv6.Description;
  } else if (prefixList) {
    item.PrefixListId = prefixList.PrefixListId;
    description = prefixList.Description;
  } else if (pair?.GroupId !== undefined) {
    item.GroupId = pair.GroupId;
    if (pair.UserId !== undefined) item.UserId = pair.UserId;
    if (pair.VpcId !== undefined) item.VpcId = pair.VpcId;
    if (pair.VpcPeeringConnectionId !== undefined) item.VpcPeeringConnectionId = pair.VpcPeeringConnectionId;
    description = pair.Description;
  }
  if (description !== undefined && description !== '') item.Description = description;
  return item;
}

function ruleCollection(permissions: readonly IpPermission[], direction: 'from' | 'to'): Record<string, StateItem> {
  const rules: Record<string, StateItem> = {};
  for (const permission of permissions) {
    for (const source of sourcesOf(permission)) {
      const single = singleSourcePermission(permission, source);
      rules[`${trafficKey(permission)} ${direction} ${sourceText(source).toLowerCase()}`] = ruleItem(single);
    }
  }
  return rules;
}

function securityGroupState(group: SecurityGroup): ResourceState {
  const state: ResourceState = {
    ingress: ruleCollection(group.IpPermissions ?? [], 'from'),
    egress: ruleCollection(group.IpPermissionsEgress ?? [], 'to'),
  };
  if (group.VpcId !== undefined) state.vpcId = group.VpcId;
  if (group.GroupName !== undefined) state.groupName = group.GroupName;
  return state;
}

export function aclEntryKey(entry: { Egress: boolean; RuleNumber: number }): string {
  return `${entry.Egress ? 'egress' : 'ingress'} #${entry.RuleNumber}`;
}

function aclEntryItem(entry: NetworkAclEntry): StateItem {
  const item: StateItem = { RuleNumber: entry.RuleNumber, Egress: entry.Egress, Protocol: entry.Protocol };
  item.RuleAction = entry.RuleAction;
  if (entry.CidrBlock !== undefined) item.CidrBlock = entry.CidrBlock;
  if (entry.Ipv6CidrBlock !== undefined) item.Ipv6CidrBlock = entry.Ipv6CidrBlock.toLowerCase();
  // Ports and ICMP types mean something only for their protocols; AWS echoes stale values otherwise.
  if ((entry.Protocol === '6' || entry.Protocol === '17') && entry.PortRange) {
    item.PortRange = definedNumbers({ From: entry.PortRange.From, To: entry.PortRange.To });
  }
  if ((entry.Protocol === '1' || entry.Protocol === '58') && entry.IcmpTypeCode) {
    item.IcmpTypeCode = definedNumbers({ Type: entry.IcmpTypeCode.Type, Code: entry.IcmpTypeCode.Code });
  }
  return item;
}

function definedNumbers(values: Record<string, number | undefined>): StateItem {
  const item: StateItem = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) item[key] = value;
  return item;
}

/** The destination of a route as text: its CIDR or prefix list id. */
export function routeKey(route: Route): string | undefined {
  return route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock?.toLowerCase() ?? route.DestinationPrefixListId;
}

function routeItem(route: Route): StateItem {
  const item: StateItem = {};
  if (route.DestinationCidrBlock !== undefined) item.DestinationCidrBlock = route.DestinationCidrBlock;
  else if (route.DestinationIpv6CidrBlock !== undefined)
    item.DestinationIpv6CidrBlock = route.DestinationIpv6CidrBlock.toLowerCase();
  else if (route.DestinationPrefixListId !== undefined) item.DestinationPrefixListId = route.DestinationPrefixListId;
  for (const key of ROUTE_TARGET_KEYS) {
    const value = route[key];
    // An instance route also names the instance's ENI; the instance is the target that was set.
    if (value !== undefined && !(key === 'NetworkInterfaceId' && route.InstanceId !== undefined)) item[key] = value;
  }
  return item;
}

export function flowLogKey(flowLog: FlowLog): string {
  const destination = flowLog.LogGroupName ?? flowLog.LogDestination ?? flowLog.LogDestinationType ?? 'unknown';
  return `${flowLog.TrafficType ?? 'ALL'} to ${destination}`;
}

function flowLogItem(flowLog: FlowLog): StateItem {
  const item: StateItem = {
    TrafficType: flowLog.TrafficType ?? 'ALL',
    LogDestinationType: flowLog.LogDestinationType ?? 'cloud-watch-logs',
  };
  // For CloudWatch Logs, LogDestination is the log group's ARN, derived from its name.
  if (flowLog.LogGroupName !== undefined) item.LogGroupName = flowLog.LogGroupName;
  else if (flowLog.LogDestination !== undefined) item.LogDestination = flowLog.LogDestination;
  // describe-flow-logs prints the delivery role; keeping it lets a deleted flow log be re-created as it was.
  const role = (flowLog as FlowLog & { DeliverLogsPermissionArn?: unknown }).DeliverLogsPermissionArn;
  if (typeof role === 'string' && role !== '') item.DeliverLogsPermissionArn = role;
  return item;
}

function flowLogsByResource(snapshot: Snapshot): Map<string, Record<string, StateItem>> {
  const byResource = new Map<string, Record<string, StateItem>>();
  for (const flowLog of snapshot.FlowLogs) {
    if (flowLog.FlowLogStatus !== undefined && flowLog.FlowLogStatus !== 'ACTIVE') continue;
    const logs = byResource.get(flowLog.ResourceId) ?? {};
    logs[flowLogKey(flowLog)] = flowLogItem(flowLog);
    byResource.set(flowLog.ResourceId, logs);
  }
  return byResource;
}

/**
 * The tracked state of every resource in the snapshot, keyed by resource id. Flow logs are kept on
 * the VPC or subnet they log; flow logs of single network interfaces are not tracked.
 */
export function normalizeResources(snapshot: Snapshot): Record<string, TrackedResource> {
  const resources: Record<string, TrackedResource> = {};
  const flowLogs = flowLogsByResource(snapshot);
  for (const group of snapshot.SecurityGroups) {
    resources[group.GroupId] = tracked('AWS::EC2::SecurityGroup', group.Tags, securityGroupState(group));
  }
  for (const acl of snapshot.NetworkAcls) {
    const entries: Record<string, StateItem> = {};
    for (const entry of acl.Entries ?? []) entries[aclEntryKey(entry)] = aclEntryItem(entry);
    const associations: Record<string, StateItem> = {};
    for (const association of acl.Associations ?? []) associations[association.SubnetId] = {};
    resources[acl.NetworkAclId] = tracked('AWS::EC2::NetworkAcl', acl.Tags, {
      vpcId: acl.VpcId,
      isDefault: acl.IsDefault ?? false,
      entries,
      associations,
    });
  }
  for (const table of snapshot.RouteTables) {
    const routes: Record<string, StateItem> = {};
    for (const route of table.Routes ?? []) {
      const key = routeKey(route);
      if (key === undefined || route.Origin === PROPAGATED_ORIGIN) continue;
      routes[key] = routeItem(route);
    }
    const associations: Record<string, StateItem> = {};
    for (const association of table.Associations ?? []) {
      const state = association.AssociationState?.State;
      if (state !== undefined && state !== 'associated') continue;
      const key = association.Main ? 'main' : (association.SubnetId ?? association.GatewayId);
      if (key !== undefined) associations[key] = {};
    }
    resources[table.RouteTableId] = tracked('AWS::EC2::RouteTable', table.Tags, {
      vpcId: table.VpcId,
      routes,
      associations,
    });
  }
  for (const gateway of snapshot.InternetGateways) {
    const attachments: Record<string, StateItem> = {};
    for (const attachment of gateway.Attachments ?? []) {
      if (attachment.State === undefined || attachment.State === 'available' || attachment.State === 'attached') {
        attachments[attachment.VpcId] = {};
      }
    }
    resources[gateway.InternetGatewayId] = tracked('AWS::EC2::InternetGateway', gateway.Tags, { attachments });
  }
  for (const nat of snapshot.NatGateways) {
    if (GONE_NAT_STATES.has(nat.State ?? '')) continue;
    resources[nat.NatGatewayId] = tracked('AWS::EC2::NatGateway', nat.Tags, {
      vpcId: nat.VpcId,
      subnetId: nat.SubnetId,
      connectivityType: nat.ConnectivityType ?? 'public',
    });
  }
  for (const peering of snapshot.VpcPeeringConnections) {
    const status = peering.Status?.Code ?? 'unknown';
    if (GONE_PEERING_STATES.has(status)) continue;
    resources[peering.VpcPeeringConnectionId] = tracked('AWS::EC2::VPCPeeringConnection', peering.Tags, {
      requesterVpcId: peering.RequesterVpcInfo?.VpcId ?? 'unknown',
      accepterVpcId: peering.AccepterVpcInfo?.VpcId ?? 'unknown',
      status,
    });
  }
  for (const vpc of snapshot.Vpcs) {
    resources[vpc.VpcId] = tracked('AWS::EC2::VPC', vpc.Tags, { flowLogs: flowLogs.get(vpc.VpcId) ?? {} });
  }
  for (const subnet of snapshot.Subnets) {
    resources[subnet.SubnetId] = tracked('AWS::EC2::Subnet', subnet.Tags, {
      vpcId: subnet.VpcId,
      mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
      flowLogs: flowLogs.get(subnet.SubnetId) ?? {},
    });
  }
  return resources;
}
