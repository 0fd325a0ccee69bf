/**
 * The restore plan of one difference: the remediation actions that put the approved state back,
 * exactly and nothing more (a revoke names only the source that was added; a re-created route gets
 * the baseline's target). What NetWarden has no action for (associations, gateways, peering, a
 * whole resource, a rule description) gets a manual plan that says what a person should do.
 */

import type { NetworkAclEntry, Route } from '../model/aws-types';
import type { Snapshot } from '../model/snapshot';
import type { CreateFlowLogsParams, RemediationAction } from '../remediation/actions';
import type { FlowLogSettings } from '../remediation/config';
import { paramsFromEntry, routeDestination, routeParams } from '../remediation/inverse';
import type { Plan } from '../remediation/plan';
import { ruleMatches, sourcesOf } from '../remediation/sg-permissions';
import { type Difference, differenceKey } from './diff';
import { driftRuleId } from './drift-rules';
import { routeKey, type StateItem } from './resource-state';
import { permissionOfItem } from './revert';

const APPROVE_HINT = 'or accept it with netwarden baseline approve';

function plan(d: Difference, status: Plan['status'], actions: RemediationAction[], summary: string): Plan {
  return {
    findingKey: differenceKey(d),
    ruleId: driftRuleId(d),
    resourceId: d.resourceId,
    status,
    actions,
    summary,
  };
}

function manual(d: Difference, summary: string): Plan {
  return plan(d, 'manual', [], summary);
}

function asItem(value: Difference['before']): StateItem | undefined {
  return value !== null && typeof value === 'object' ? (value as StateItem) : undefined;
}

function securityGroupPlan(d: Difference, current: Snapshot): Plan {
  const egress = d.field === 'egress';
  if (d.kind === 'changed') {
    return manual(
      d,
      `the rule's description changed; NetWarden has no action for UpdateSecurityGroupRuleDescriptions${egress ? 'Egress' : 'Ingress'}: set it back by hand ${APPROVE_HINT}`,
    );
  }
  if (d.kind === 'added') {
    const item = asItem(d.after);
    if (!item) return manual(d, 'the added rule cannot be read');
    const permission = permissionOfItem(item);
    const source = sourcesOf(permission)[0];
    const row =
      source === undefined
        ? undefined
        : current.SecurityGroupRules.find((r) => ruleMatches(r, d.resourceId, egress, permission, source));
    const action: RemediationAction = {
      api: egress ? 'RevokeSecurityGroupEgress' : 'RevokeSecurityGroupIngress',
      resourceId: d.resourceId,
      params: row
        ? { GroupId: d.resourceId, SecurityGroupRuleIds: [row.SecurityGroupRuleId] }
        : { GroupId: d.resourceId, IpPermissions: [withoutDescription(permission)] },
      permissions: [permission],
    };
    return plan(d, 'ready', [action], `revoke exactly the added rule ${d.key}`);
  }
  const item = asItem(d.before);
  if (!item) return manual(d, 'the removed rule cannot be read');
  return plan(
    d,
    'ready',
    [
      {
        api: egress ? 'AuthorizeSecurityGroupEgress' : 'AuthorizeSecurityGroupIngress',
        resourceId: d.resourceId,
        params: { GroupId: d.resourceId, IpPermissions: [permissionOfItem(item)] },
      },
    ],
    `re-authorize the removed rule ${d.key} with its description`,
  );
}

function withoutDescription(permission: ReturnType<typeof permissionOfItem>) {
  const copy = structuredClone(permission);
  for (const list of [copy.IpRanges, copy.Ipv6Ranges, copy.PrefixListIds, copy.UserIdGroupPairs]) {
    for (const entry of list ?? []) delete entry.Description;
  }
  return copy;
}

function currentAclEntry(current: Snapshot, aclId: string, item: StateItem): NetworkAclEntry | undefined {
  return current.NetworkAcls.find((a) => a.NetworkAclId === aclId)?.Entries?.find(
    (e) => e.RuleNumber === item.RuleNumber && e.Egress === item.Egress,
  );
}

function networkAclPlan(d: Difference, current: Snapshot): Plan {
  if (d.field === 'associations') {
    return manual(
      d,
      `the subnet association changed; NetWarden has no action for ReplaceNetworkAclAssociation: move ${d.key} back by hand ${APPROVE_HINT}`,
    );
  }
  const approved = asItem(d.before);
  const now = asItem(d.after);
  const previous = now ? currentAclEntry(current, d.resourceId, now) : undefined;
  if (d.kind === 'added' && now && previous) {
    return plan(
      d,
      'ready',
      [
        {
          api: 'DeleteNetworkAclEntry',
          resourceId: d.resourceId,
          params: { NetworkAclId: d.resourceId, RuleNumber: previous.RuleNumber, Egress: previous.Egress },
          previous,
        },
      ],
      `delete the added entry ${d.key}`,
    );
  }
  if (d.kind === 'removed' && approved) {
    const entry = approved as unknown as NetworkAclEntry;
    return plan(
      d,
      'ready',
      [{ api: 'CreateNetworkAclEntry', resourceId: d.resourceId, params: paramsFromEntry(d.resourceId, entry) }],
      `put back the removed entry ${d.key}`,
    );
  }
  if (d.kind === 'changed' && approved && previous) {
    const entry = approved as unknown as NetworkAclEntry;
    return plan(
      d,
      'ready',
      [
        {
          api: 'ReplaceNetworkAclEntry',
          resourceId: d.resourceId,
          params: paramsFromEntry(d.resourceId, entry),
          previous,
        },
      ],
      `replace the edited entry ${d.key} with its approved version`,
    );
  }
  return manual(d, `the entry ${d.key} cannot be restored from this snapshot ${APPROVE_HINT}`);
}

function currentRoute(current: Snapshot, tableId: string, key: string | undefined): Route | undefined {
  return current.RouteTables.find((t) => t.RouteTableId === tableId)?.Routes?.find((r) => routeKey(r) === key);
}

function routeTablePlan(d: Difference, current: Snapshot): Plan {
  if (d.field === 'associations') {
    return manual(
      d,
      `the association of ${d.key} changed; NetWarden has no action for AssociateRouteTable/ReplaceRouteTableAssociation: restore it by hand ${APPROVE_HINT}`,
    );
  }
  const approved = asItem(d.before) as Route | undefined;
  const previous = currentRoute(current, d.resourceId, d.key);
  if (previous?.GatewayId === 'local' || approved?.GatewayId === 'local') {
    return manual(d, 'the local route is managed by AWS');
  }
  // A gateway endpoint owns its prefix-list routes: they follow the endpoint's route tables.
  if (previous?.GatewayId?.startsWith('vpce-') || approved?.GatewayId?.startsWith('vpce-')) {
    const endpoint = approved?.GatewayId ?? previous?.GatewayId;
    return manual(
      d,
      `the route belongs to gateway endpoint ${endpoint}: ${d.kind === 'added' ? 'remove' : 'add'} ${d.resourceId} in the endpoint's route tables (ModifyVpcEndpoint) ${APPROVE_HINT}`,
    );
  }
  if (d.kind === 'removed' && approved) {
    return plan(
      d,
      'ready',
      [{ api: 'CreateRoute', resourceId: d.resourceId, params: routeParams(d.resourceId, approved) }],
      `re-create the deleted route to ${d.key} with the baseline's target`,
    );
  }
  if (d.kind === 'added' && previous) {
    return plan(
      d,
      'ready',
      [
        {
          api: 'DeleteRoute',
          resourceId: d.resourceId,
          params: { RouteTableId: d.resourceId, ...routeDestination(previous) },
          previous,
        },
      ],
      `delete the added route to ${d.key}`,
    );
  }
  if (d.kind === 'changed' && approved && previous) {
    return plan(
      d,
      'ready',
      [{ api: 'ReplaceRoute', resourceId: d.resourceId, params: routeParams(d.resourceId, approved), previous }],
      `point the route to ${d.key} back at the baseline's target`,
    );
  }
  return manual(d, `the route to ${d.key} cannot be restored from this snapshot ${APPROVE_HINT}`);
}

const TRAFFIC_TYPES = new Set(['ALL', 'ACCEPT', 'REJECT']);

function flowLogPlan(d: Difference, settings: FlowLogSettings): Plan {
  if (d.kind !== 'removed') {
    return manual(d, `NetWarden never deletes or edits flow logs: remove ${d.key} by hand ${APPROVE_HINT}`);
  }
  const approved = asItem(d.before);
  const trafficType = String(approved?.TrafficType ?? '');
  const logGroupName = approved?.LogGroupName;
  const role =
    typeof approved?.DeliverLogsPermissionArn === 'string'
      ? approved.DeliverLogsPermissionArn
      : settings.deliverLogsPermissionArn;
  if (approved?.LogDestinationType !== 'cloud-watch-logs' || typeof logGroupName !== 'string') {
    return manual(
      d,
      `the deleted flow log delivered to ${String(approved?.LogDestinationType)}; NetWarden re-creates only CloudWatch Logs flow logs: re-create it by hand ${APPROVE_HINT}`,
    );
  }
  if (role === undefined || !TRAFFIC_TYPES.has(trafficType)) {
    return manual(
      d,
      'the delivery role of the deleted flow log is unknown: set flowLogs.deliverLogsPermissionArn in the remediation config, or re-create it by hand',
    );
  }
  const params: CreateFlowLogsParams = {
    ResourceIds: [d.resourceId],
    ResourceType: d.resourceType === 'AWS::EC2::Subnet' ? 'Subnet' : 'VPC',
    TrafficType: trafficType as CreateFlowLogsParams['TrafficType'],
    LogDestinationType: 'cloud-watch-logs',
    LogGroupName: logGroupName,
    DeliverLogsPermissionArn: role,
  };
  return plan(
    d,
    'ready',
    [{ api: 'CreateFlowLogs', resourceId: d.resourceId, params }],
    `re-enable the deleted flow log (${trafficType} traffic to ${logGroupName})`,
  );
}

/** The plan that restores the approved state of one difference on the current network. */
export function restorePlan(d: Difference, current: Snapshot, flowLogs: FlowLogSettings): Plan {
  if (d.path === '$') {
    return manual(
      d,
      d.kind === 'added'
        ? `a new resource that is not in the baseline: delete it by hand ${APPROVE_HINT}`
        : `the resource was deleted; NetWarden does not re-create whole resources: re-create it (or redeploy its stack) ${APPROVE_HINT}`,
    );
  }
  if (d.field === 'flowLogs') return flowLogPlan(d, flowLogs);
  switch (d.resourceType) {
    case 'AWS::EC2::SecurityGroup':
      if (d.key === undefined) return manual(d, `the group's ${d.field} changed; it cannot be changed back in place`);
      return securityGroupPlan(d, current);
    case 'AWS::EC2::NetworkAcl':
      if (d.key === undefined) return manual(d, `the ACL's ${d.field} changed; it cannot be changed back in place`);
      return networkAclPlan(d, current);
    case 'AWS::EC2::RouteTable':
      if (d.key === undefined) return manual(d, `the route table's ${d.field} changed; it cannot be changed back`);
      return routeTablePlan(d, current);
    case 'AWS::EC2::Subnet':
      if (d.field === 'mapPublicIpOnLaunch' && typeof d.before === 'boolean') {
        return plan(
          d,
          'ready',
          [
            {
              api: 'ModifySubnetAttribute',
              resourceId: d.resourceId,
              params: { SubnetId: d.resourceId, MapPublicIpOnLaunch: { Value: d.before } },
              previous: d.after === true,
            },
          ],
          `set MapPublicIpOnLaunch back to ${d.before}`,
        );
      }
      return manual(d, `the subnet's ${d.field} changed; it cannot be changed back in place`);
    case 'AWS::EC2::InternetGateway':
      return manual(
        d,
        `the gateway was ${d.kind === 'added' ? 'attached to' : 'detached from'} ${d.key}; NetWarden has no action for Attach/DetachInternetGateway: ${d.kind === 'added' ? 'detach' : 'attach'} it by hand ${APPROVE_HINT}`,
      );
    case 'AWS::EC2::NatGateway':
    case 'AWS::EC2::VPCPeeringConnection':
    case 'AWS::EC2::VPC':
      return manual(d, `the ${d.path} changed; NetWarden does not change it: restore it by hand ${APPROVE_HINT}`);
  }
}
