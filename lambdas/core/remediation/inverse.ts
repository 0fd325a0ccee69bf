import type { NetworkAclEntry, Route } from '../model/aws-types';
import {
  type NetworkAclEntryParams,
  type RemediationAction,
  ROUTE_TARGET_KEYS,
  type RouteDestination,
  type RouteParams,
} from './actions';

/**
 * The action that undoes `action`. Every action carries what it removes or replaces, so the
 * inverse needs nothing else; a rollback is the inverses of the applied actions in reverse order.
 */
export function inverseOf(action: RemediationAction): RemediationAction {
  switch (action.api) {
    case 'RevokeSecurityGroupIngress':
    case 'RevokeSecurityGroupEgress':
      return {
        api:
          action.api === 'RevokeSecurityGroupIngress'
            ? 'AuthorizeSecurityGroupIngress'
            : 'AuthorizeSecurityGroupEgress',
        resourceId: action.resourceId,
        params: { GroupId: action.params.GroupId, IpPermissions: structuredClone(action.permissions) },
      };
    case 'AuthorizeSecurityGroupIngress':
    case 'AuthorizeSecurityGroupEgress':
      return {
        api:
          action.api === 'AuthorizeSecurityGroupIngress' ? 'RevokeSecurityGroupIngress' : 'RevokeSecurityGroupEgress',
        resourceId: action.resourceId,
        params: { GroupId: action.params.GroupId, IpPermissions: structuredClone(action.params.IpPermissions) },
        permissions: structuredClone(action.params.IpPermissions),
      };
    case 'CreateNetworkAclEntry':
      return {
        api: 'DeleteNetworkAclEntry',
        resourceId: action.resourceId,
        params: {
          NetworkAclId: action.params.NetworkAclId,
          RuleNumber: action.params.RuleNumber,
          Egress: action.params.Egress,
        },
        previous: entryFromParams(action.params),
      };
    case 'ReplaceNetworkAclEntry':
      return {
        api: 'ReplaceNetworkAclEntry',
        resourceId: action.resourceId,
        params: paramsFromEntry(action.params.NetworkAclId, action.previous),
        previous: entryFromParams(action.params),
      };
    case 'DeleteNetworkAclEntry':
      return {
        api: 'CreateNetworkAclEntry',
        resourceId: action.resourceId,
        params: paramsFromEntry(action.params.NetworkAclId, action.previous),
      };
    case 'CreateRoute':
      return {
        api: 'DeleteRoute',
        resourceId: action.resourceId,
        params: { RouteTableId: action.params.RouteTableId, ...routeDestination(action.params) },
        previous: routeFromParams(action.params),
      };
    case 'ReplaceRoute':
      return {
        api: 'ReplaceRoute',
        resourceId: action.resourceId,
        params: routeParams(action.params.RouteTableId, action.previous),
        previous: routeFromParams(action.params),
      };
    case 'DeleteRoute':
      return {
        api: 'CreateRoute',
        resourceId: action.resourceId,
        params: routeParams(action.params.RouteTableId, action.previous),
      };
    case 'CreateFlowLogs':
      return {
        api: 'DeleteFlowLogs',
        resourceId: action.resourceId,
        params: {},
        match: {
          resourceId: action.params.ResourceIds[0] ?? action.resourceId,
          logGroupName: action.params.LogGroupName,
        },
        recreate: structuredClone(action.params),
      };
    case 'DeleteFlowLogs':
      return { api: 'CreateFlowLogs', resourceId: action.resourceId, params: structuredClone(action.recreate) };
    case 'ModifySubnetAttribute':
      return {
        api: 'ModifySubnetAttribute',
        resourceId: action.resourceId,
        params: { SubnetId: action.params.SubnetId, MapPublicIpOnLaunch: { Value: action.previous } },
        previous: action.params.MapPublicIpOnLaunch.Value,
      };
  }
}

/** The actions that undo `actions` (applied in order): their inverses, last first. */
export function rollbackActions(actions: readonly RemediationAction[]): RemediationAction[] {
  return [...actions].reverse().map(inverseOf);
}

export function entryFromParams(params: NetworkAclEntryParams): NetworkAclEntry {
  const entry: NetworkAclEntry = {
    RuleNumber: params.RuleNumber,
    Protocol: params.Protocol,
    RuleAction: params.RuleAction,
    Egress: params.Egress,
  };
  if (params.CidrBlock !== undefined) entry.CidrBlock = params.CidrBlock;
  if (params.Ipv6CidrBlock !== undefined) entry.Ipv6CidrBlock = params.Ipv6CidrBlock;
  if (params.IcmpTypeCode !== undefined) entry.IcmpTypeCode = { ...params.IcmpTypeCode };
  if (params.PortRange !== undefined) entry.PortRange = { ...params.PortRange };
  return entry;
}

export function paramsFromEntry(networkAclId: string, entry: NetworkAclEntry): NetworkAclEntryParams {
  return { NetworkAclId: networkAclId, ...entryFromParams({ ...entry, NetworkAclId: networkAclId }) };
}

export function routeDestination(route: RouteDestination): RouteDestination {
  if (route.DestinationCidrBlock !== undefined) return { DestinationCidrBlock: route.DestinationCidrBlock };
  if (route.DestinationIpv6CidrBlock !== undefined) return { DestinationIpv6CidrBlock: route.DestinationIpv6CidrBlock };
  if (route.DestinationPrefixListId !== undefined) return { DestinationPrefixListId: route.DestinationPrefixListId };
  return {};
}

/** The API parameters that recreate `route` in a table: its destination and its target, nothing AWS sets itself. */
export function routeParams(routeTableId: string, route: Route): RouteParams {
  const params: RouteParams = { RouteTableId: routeTableId, ...routeDestination(route) };
  for (const key of ROUTE_TARGET_KEYS) {
    const value = route[key];
    if (value !== undefined) params[key] = value;
  }
  return params;
}

export function routeFromParams(params: RouteParams): Route {
  const route: Route = { ...routeDestination(params) };
  for (const key of ROUTE_TARGET_KEYS) {
    const value = params[key];
    if (value !== undefined) route[key] = value;
  }
  route.Origin = 'CreateRoute';
  route.State = 'active';
  return route;
}
