/**
 * A remediation action is exactly one EC2 API call: `api` is the operation name and `params` its
 * request, spelled as the EC2 API spells it, so the AWS adapter sends `params` unchanged and a
 * person can read the plan against the EC2 API reference. Actions that remove or replace something
 * also carry what they remove (`permissions`, `previous`, `recreate`): that is what makes every
 * action invertible without asking AWS again, and what the simulator uses to change a snapshot.
 */
import type { IpPermission, NetworkAclEntry, Route } from '../model/aws-types';

export interface SecurityGroupRevokeParams {
  GroupId: string;
  /** Preferred: the rule ids of exactly the offending source (describe-security-group-rules). */
  SecurityGroupRuleIds?: string[];
  /** Otherwise one permission holding only the offending source. */
  IpPermissions?: IpPermission[];
}

export interface RevokeSecurityGroupAction {
  api: 'RevokeSecurityGroupIngress' | 'RevokeSecurityGroupEgress';
  resourceId: string;
  params: SecurityGroupRevokeParams;
  /** What this removes, by value, whichever way `params` names it (by rule id or by permission). */
  permissions: IpPermission[];
}

export interface AuthorizeSecurityGroupAction {
  api: 'AuthorizeSecurityGroupIngress' | 'AuthorizeSecurityGroupEgress';
  resourceId: string;
  params: { GroupId: string; IpPermissions: IpPermission[] };
}

export interface NetworkAclEntryParams {
  NetworkAclId: string;
  RuleNumber: number;
  Protocol: string;
  RuleAction: 'allow' | 'deny';
  Egress: boolean;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  IcmpTypeCode?: { Code?: number; Type?: number };
  PortRange?: { From?: number; To?: number };
}

export interface CreateNetworkAclEntryAction {
  api: 'CreateNetworkAclEntry';
  resourceId: string;
  params: NetworkAclEntryParams;
}

export interface ReplaceNetworkAclEntryAction {
  api: 'ReplaceNetworkAclEntry';
  resourceId: string;
  params: NetworkAclEntryParams;
  previous: NetworkAclEntry;
}

export interface DeleteNetworkAclEntryAction {
  api: 'DeleteNetworkAclEntry';
  resourceId: string;
  params: { NetworkAclId: string; RuleNumber: number; Egress: boolean };
  previous: NetworkAclEntry;
}

/** The destination of a route: exactly one of the three keys. */
export interface RouteDestination {
  DestinationCidrBlock?: string;
  DestinationIpv6CidrBlock?: string;
  DestinationPrefixListId?: string;
}

export const ROUTE_TARGET_KEYS = [
  'GatewayId',
  'EgressOnlyInternetGatewayId',
  'NatGatewayId',
  'VpcPeeringConnectionId',
  'TransitGatewayId',
  'NetworkInterfaceId',
  'InstanceId',
  'LocalGatewayId',
  'CarrierGatewayId',
  'CoreNetworkArn',
] as const;

export type RouteTargetKey = (typeof ROUTE_TARGET_KEYS)[number];
export type RouteTarget = Partial<Record<RouteTargetKey, string>>;

export type RouteParams = { RouteTableId: string } & RouteDestination & RouteTarget;

export interface CreateRouteAction {
  api: 'CreateRoute';
  resourceId: string;
  params: RouteParams;
}

export interface ReplaceRouteAction {
  api: 'ReplaceRoute';
  resourceId: string;
  params: RouteParams;
  previous: Route;
}

export interface DeleteRouteAction {
  api: 'DeleteRoute';
  resourceId: string;
  params: { RouteTableId: string } & RouteDestination;
  previous: Route;
}

export interface CreateFlowLogsParams {
  ResourceIds: string[];
  ResourceType: 'VPC' | 'Subnet' | 'NetworkInterface';
  TrafficType: 'ALL' | 'ACCEPT' | 'REJECT';
  LogDestinationType: 'cloud-watch-logs';
  LogGroupName: string;
  DeliverLogsPermissionArn: string;
  TagSpecifications?: { ResourceType: 'vpc-flow-log'; Tags: { Key: string; Value: string }[] }[];
}

export interface CreateFlowLogsAction {
  api: 'CreateFlowLogs';
  resourceId: string;
  params: CreateFlowLogsParams;
}

/** Flow log ids exist only once AWS created them, so the inverse of a creation names the flow log
 * by what it was created for (`match`); the writer resolves the ids when `FlowLogIds` is absent. */
export interface DeleteFlowLogsAction {
  api: 'DeleteFlowLogs';
  resourceId: string;
  params: { FlowLogIds?: string[] };
  match: { resourceId: string; logGroupName: string };
  recreate: CreateFlowLogsParams;
}

export interface ModifySubnetAttributeAction {
  api: 'ModifySubnetAttribute';
  resourceId: string;
  params: { SubnetId: string; MapPublicIpOnLaunch: { Value: boolean } };
  /** The value before the change (absent in a snapshot means false, as AWS defaults it). */
  previous: boolean;
}

export type RemediationAction =
  | RevokeSecurityGroupAction
  | AuthorizeSecurityGroupAction
  | CreateNetworkAclEntryAction
  | ReplaceNetworkAclEntryAction
  | DeleteNetworkAclEntryAction
  | CreateRouteAction
  | ReplaceRouteAction
  | DeleteRouteAction
  | CreateFlowLogsAction
  | DeleteFlowLogsAction
  | ModifySubnetAttributeAction;

export type RemediationApi = RemediationAction['api'];

/** The kind of resource an action changes, which is also the kind of before-state it needs. */
export type TouchedKind = 'SecurityGroup' | 'NetworkAcl' | 'RouteTable' | 'VpcFlowLogs' | 'Subnet';

export function touchedKind(action: RemediationAction): TouchedKind {
  switch (action.api) {
    case 'RevokeSecurityGroupIngress':
    case 'RevokeSecurityGroupEgress':
    case 'AuthorizeSecurityGroupIngress':
    case 'AuthorizeSecurityGroupEgress':
      return 'SecurityGroup';
    case 'CreateNetworkAclEntry':
    case 'ReplaceNetworkAclEntry':
    case 'DeleteNetworkAclEntry':
      return 'NetworkAcl';
    case 'CreateRoute':
    case 'ReplaceRoute':
    case 'DeleteRoute':
      return 'RouteTable';
    case 'CreateFlowLogs':
    case 'DeleteFlowLogs':
      return 'VpcFlowLogs';
    case 'ModifySubnetAttribute':
      return 'Subnet';
  }
}

/** Every resource the actions touch, once each, in first-touched order. */
export function touchedResources(actions: readonly RemediationAction[]): { resourceId: string; kind: TouchedKind }[] {
  const seen = new Map<string, TouchedKind>();
  for (const action of actions) {
    if (!seen.has(action.resourceId)) seen.set(action.resourceId, touchedKind(action));
  }
  return [...seen].map(([resourceId, kind]) => ({ resourceId, kind }));
}
