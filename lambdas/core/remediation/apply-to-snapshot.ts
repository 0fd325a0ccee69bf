/**
 * The simulator's write side: what EC2 would do to the account, done to a snapshot. It follows
 * AWS's own outcomes so that the simulation and the embedded writer behave like the real API:
 * removing something already absent leaves the snapshot unchanged (AWS answers NotFound, and the
 * desired state holds), adding something already present likewise (Duplicate), while creating over
 * a different existing entry or replacing a missing one fails as AWS fails.
 */
import type { FlowLog, IpPermission, NetworkAclEntry, Route, SecurityGroup } from '../model/aws-types';
import type { Snapshot } from '../model/snapshot';
import { copySnapshotForEdit, stringsIn } from '../model/snapshot-copy';
import { type RemediationAction, ROUTE_TARGET_KEYS, type RouteDestination } from './actions';
import { entryFromParams, routeDestination, routeFromParams } from './inverse';
import { sameJson } from './json';
import {
  ruleMatches,
  ruleRowFor,
  singleSourcePermission,
  sourcesOf,
  withoutSource,
  withPermission,
} from './sg-permissions';

export class ApplyToSnapshotError extends Error {
  override readonly name = 'ApplyToSnapshotError';
  constructor(
    readonly api: string,
    readonly resourceId: string,
    /** The EC2 error code AWS would answer with. */
    readonly code: string,
    message: string,
  ) {
    super(`${api} on ${resourceId}: ${message} (${code})`);
  }
}

/** A new snapshot with every action applied in order; the input is not changed. */
export function applyToSnapshot(snapshot: Snapshot, actions: readonly RemediationAction[]): Snapshot {
  // Actions change only the resources they name (by id, anywhere in the request): copy just those.
  const draft = copySnapshotForEdit(snapshot, stringsIn(actions));
  for (const action of actions) applyActionInPlace(draft, action);
  return draft;
}

/**
 * Applies one action to `draft`, changing it in place (callers pass their own copy), and says
 * whether anything changed. Throws `ApplyToSnapshotError` where AWS would fail.
 */
export function applyActionInPlace(draft: Snapshot, action: RemediationAction): 'changed' | 'unchanged' {
  switch (action.api) {
    case 'RevokeSecurityGroupIngress':
    case 'RevokeSecurityGroupEgress':
      return revoke(
        draft,
        action.api,
        action.resourceId,
        action.api === 'RevokeSecurityGroupEgress',
        action.permissions,
      );
    case 'AuthorizeSecurityGroupIngress':
    case 'AuthorizeSecurityGroupEgress':
      return authorize(
        draft,
        action.api,
        action.resourceId,
        action.api === 'AuthorizeSecurityGroupEgress',
        action.params.IpPermissions,
      );
    case 'CreateNetworkAclEntry':
      return putAclEntry(draft, action.api, action.resourceId, entryFromParams(action.params), 'create');
    case 'ReplaceNetworkAclEntry':
      return putAclEntry(draft, action.api, action.resourceId, entryFromParams(action.params), 'replace');
    case 'DeleteNetworkAclEntry': {
      const acl = findAcl(draft, action.api, action.resourceId);
      const entries = acl.Entries ?? [];
      const kept = entries.filter(
        (e) => !(e.RuleNumber === action.params.RuleNumber && e.Egress === action.params.Egress),
      );
      acl.Entries = kept;
      return kept.length === entries.length ? 'unchanged' : 'changed';
    }
    case 'CreateRoute':
      return putRoute(draft, action.api, action.resourceId, routeFromParams(action.params), 'create');
    case 'ReplaceRoute':
      return putRoute(draft, action.api, action.resourceId, routeFromParams(action.params), 'replace');
    case 'DeleteRoute': {
      const table = findRouteTable(draft, action.api, action.resourceId);
      const routes = table.Routes ?? [];
      const index = routes.findIndex((r) => sameDestination(r, action.params));
      if (index < 0) return 'unchanged';
      if (routes[index]?.GatewayId === 'local') {
        throw new ApplyToSnapshotError(
          action.api,
          action.resourceId,
          'InvalidParameterValue',
          'the local route cannot be deleted',
        );
      }
      table.Routes = routes.filter((_, i) => i !== index);
      return 'changed';
    }
    case 'CreateFlowLogs': {
      let changed = false;
      for (const resourceId of action.params.ResourceIds) {
        if (action.params.ResourceType === 'VPC' && !draft.Vpcs.some((v) => v.VpcId === resourceId)) {
          throw new ApplyToSnapshotError(
            action.api,
            resourceId,
            'InvalidVpcId.NotFound',
            `VPC ${resourceId} is not in the snapshot`,
          );
        }
        const exists = draft.FlowLogs.some(
          (f) => f.ResourceId === resourceId && f.LogGroupName === action.params.LogGroupName,
        );
        if (exists) continue;
        const flowLog: FlowLog = {
          FlowLogId: `fl-${stableHash(`${resourceId}|${action.params.LogGroupName}`)}`,
          ResourceId: resourceId,
          TrafficType: action.params.TrafficType,
          FlowLogStatus: 'ACTIVE',
          DeliverLogsStatus: 'SUCCESS',
          LogDestinationType: action.params.LogDestinationType,
          LogGroupName: action.params.LogGroupName,
        };
        const tags = action.params.TagSpecifications?.flatMap((t) => t.Tags) ?? [];
        if (tags.length > 0) flowLog.Tags = tags.map((t) => ({ ...t }));
        draft.FlowLogs.push(flowLog);
        changed = true;
      }
      return changed ? 'changed' : 'unchanged';
    }
    case 'DeleteFlowLogs': {
      const ids = action.params.FlowLogIds;
      const doomed = (f: FlowLog) =>
        ids !== undefined
          ? ids.includes(f.FlowLogId)
          : f.ResourceId === action.match.resourceId && f.LogGroupName === action.match.logGroupName;
      const before = draft.FlowLogs.length;
      draft.FlowLogs = draft.FlowLogs.filter((f) => !doomed(f));
      return draft.FlowLogs.length === before ? 'unchanged' : 'changed';
    }
    case 'ModifySubnetAttribute': {
      const subnet = draft.Subnets.find((s) => s.SubnetId === action.params.SubnetId);
      if (!subnet) {
        throw new ApplyToSnapshotError(
          action.api,
          action.resourceId,
          'InvalidSubnetID.NotFound',
          'subnet is not in the snapshot',
        );
      }
      const value = action.params.MapPublicIpOnLaunch.Value;
      const changed = (subnet.MapPublicIpOnLaunch ?? false) !== value;
      subnet.MapPublicIpOnLaunch = value;
      return changed ? 'changed' : 'unchanged';
    }
  }
}

function findGroup(draft: Snapshot, api: string, groupId: string): SecurityGroup {
  const group = draft.SecurityGroups.find((g) => g.GroupId === groupId);
  if (!group)
    throw new ApplyToSnapshotError(api, groupId, 'InvalidGroup.NotFound', 'security group is not in the snapshot');
  return group;
}

function revoke(
  draft: Snapshot,
  api: string,
  groupId: string,
  egress: boolean,
  permissions: readonly IpPermission[],
): 'changed' | 'unchanged' {
  const group = findGroup(draft, api, groupId);
  let current = (egress ? group.IpPermissionsEgress : group.IpPermissions) ?? [];
  let changed = false;
  for (const permission of permissions) {
    for (const source of sourcesOf(permission)) {
      const result = withoutSource(current, permission, source);
      current = result.permissions;
      changed ||= result.removed;
      draft.SecurityGroupRules = draft.SecurityGroupRules.filter(
        (rule) => !ruleMatches(rule, groupId, egress, permission, source),
      );
    }
  }
  if (egress) group.IpPermissionsEgress = current;
  else group.IpPermissions = current;
  return changed ? 'changed' : 'unchanged';
}

function authorize(
  draft: Snapshot,
  api: string,
  groupId: string,
  egress: boolean,
  permissions: readonly IpPermission[],
): 'changed' | 'unchanged' {
  const group = findGroup(draft, api, groupId);
  let current = (egress ? group.IpPermissionsEgress : group.IpPermissions) ?? [];
  // Keep describe-security-group-rules consistent when the snapshot has that output at all.
  const tracksRuleIds = draft.SecurityGroupRules.length > 0;
  let changed = false;
  for (const permission of permissions) {
    for (const source of sourcesOf(permission)) {
      const single = singleSourcePermission(permission, source);
      const result = withPermission(current, single);
      current = result.permissions;
      if (!result.changed) continue;
      changed = true;
      if (tracksRuleIds) {
        const ruleId = `sgr-${stableHash(JSON.stringify([groupId, egress, single]))}`;
        const row = ruleRowFor(ruleId, groupId, egress, single);
        if (group.OwnerId !== undefined) row.GroupOwnerId = group.OwnerId;
        draft.SecurityGroupRules.push(row);
      }
    }
  }
  if (egress) group.IpPermissionsEgress = current;
  else group.IpPermissions = current;
  return changed ? 'changed' : 'unchanged';
}

function findAcl(draft: Snapshot, api: string, aclId: string) {
  const acl = draft.NetworkAcls.find((a) => a.NetworkAclId === aclId);
  if (!acl)
    throw new ApplyToSnapshotError(api, aclId, 'InvalidNetworkAclID.NotFound', 'network ACL is not in the snapshot');
  return acl;
}

function putAclEntry(
  draft: Snapshot,
  api: string,
  aclId: string,
  entry: NetworkAclEntry,
  mode: 'create' | 'replace',
): 'changed' | 'unchanged' {
  const acl = findAcl(draft, api, aclId);
  const entries = acl.Entries ?? [];
  const index = entries.findIndex((e) => e.RuleNumber === entry.RuleNumber && e.Egress === entry.Egress);
  const existing = index >= 0 ? entries[index] : undefined;
  if (existing && sameJson(existing, entry)) return 'unchanged';
  if (mode === 'create' && existing) {
    throw new ApplyToSnapshotError(
      api,
      aclId,
      'NetworkAclEntryAlreadyExists',
      `a different ${entry.Egress ? 'egress' : 'ingress'} entry already has rule number ${entry.RuleNumber}`,
    );
  }
  if (mode === 'replace' && !existing) {
    throw new ApplyToSnapshotError(
      api,
      aclId,
      'InvalidNetworkAclEntry.NotFound',
      `no ${entry.Egress ? 'egress' : 'ingress'} entry has rule number ${entry.RuleNumber}`,
    );
  }
  if (existing) {
    acl.Entries = entries.map((e, i) => (i === index ? entry : e));
    return 'changed';
  }
  // Insert in rule-number order among the entries of the same direction, as AWS lists them.
  const after = entries.findIndex((e) => e.Egress === entry.Egress && e.RuleNumber > entry.RuleNumber);
  const next = [...entries];
  if (after >= 0) next.splice(after, 0, entry);
  else next.push(entry);
  acl.Entries = next;
  return 'changed';
}

function findRouteTable(draft: Snapshot, api: string, tableId: string) {
  const table = draft.RouteTables.find((t) => t.RouteTableId === tableId);
  if (!table)
    throw new ApplyToSnapshotError(api, tableId, 'InvalidRouteTableID.NotFound', 'route table is not in the snapshot');
  return table;
}

function sameDestination(a: RouteDestination, b: RouteDestination): boolean {
  return sameJson(routeDestination(a), routeDestination(b));
}

function sameTarget(a: Route, b: Route): boolean {
  return ROUTE_TARGET_KEYS.every((key) => a[key] === b[key]);
}

function putRoute(
  draft: Snapshot,
  api: string,
  tableId: string,
  route: Route,
  mode: 'create' | 'replace',
): 'changed' | 'unchanged' {
  const table = findRouteTable(draft, api, tableId);
  const routes = table.Routes ?? [];
  const index = routes.findIndex((r) => sameDestination(r, route));
  const existing = index >= 0 ? routes[index] : undefined;
  if (existing && sameTarget(existing, route)) return 'unchanged';
  if (mode === 'create' && existing) {
    throw new ApplyToSnapshotError(
      api,
      tableId,
      'RouteAlreadyExists',
      'a route to this destination already exists with another target',
    );
  }
  if (mode === 'replace' && !existing) {
    throw new ApplyToSnapshotError(api, tableId, 'InvalidRoute.NotFound', 'no route to this destination to replace');
  }
  table.Routes = existing ? routes.map((r, i) => (i === index ? route : r)) : [...routes, route];
  return 'changed';
}

/** A deterministic id suffix (FNV-1a, 64 bits as 17 hex digits) so a simulation is reproducible. */
function stableHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(17, '0');
}
