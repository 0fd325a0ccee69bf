/**
 * Writes a tracked resource's state back into a snapshot: what the network looks like with one
 * difference undone. The classifier compares that network with the current one to learn what the
 * difference itself did. Fields the tracked state does not hold (association ids, NAT addresses,
 * peering CIDRs) are kept from the current item when there is one.
 */
import type {
  FlowLog,
  IpPermission,
  NetworkAclEntry,
  Route,
  RouteTableAssociation,
  SecurityGroup,
} from '../model/aws-types';
import type { Snapshot } from '../model/snapshot';
import { copySnapshotForEdit } from '../model/snapshot-copy';
import { ruleMatches, sourcesOf } from '../remediation/sg-permissions';
import type { Difference } from './diff';
import {
  type DriftResourceType,
  flowLogKey,
  type ResourceState,
  type StateItem,
  type StateValue,
  type TrackedResource,
} from './resource-state';

function items(state: ResourceState, field: string): Record<string, StateItem> {
  const value = state[field];
  return typeof value === 'object' ? value : {};
}

function text(state: ResourceState, field: string): string | undefined {
  const value = state[field];
  return typeof value === 'string' ? value : undefined;
}

/** A state item holding AWS fields, read as the AWS type it was made from. */
function asAws<T>(item: StateItem): T {
  return structuredClone(item) as unknown as T;
}

export function permissionOfItem(item: StateItem): IpPermission {
  const permission: IpPermission = { IpProtocol: String(item.IpProtocol) };
  if (typeof item.FromPort === 'number') permission.FromPort = item.FromPort;
  if (typeof item.ToPort === 'number') permission.ToPort = item.ToPort;
  const description = typeof item.Description === 'string' ? { Description: item.Description } : {};
  if (typeof item.CidrIp === 'string') permission.IpRanges = [{ CidrIp: item.CidrIp, ...description }];
  else if (typeof item.CidrIpv6 === 'string') permission.Ipv6Ranges = [{ CidrIpv6: item.CidrIpv6, ...description }];
  else if (typeof item.PrefixListId === 'string')
    permission.PrefixListIds = [{ PrefixListId: item.PrefixListId, ...description }];
  else if (typeof item.GroupId === 'string') {
    const pair: NonNullable<IpPermission['UserIdGroupPairs']>[number] = { GroupId: item.GroupId, ...description };
    if (typeof item.UserId === 'string') pair.UserId = item.UserId;
    if (typeof item.VpcId === 'string') pair.VpcId = item.VpcId;
    if (typeof item.VpcPeeringConnectionId === 'string') pair.VpcPeeringConnectionId = item.VpcPeeringConnectionId;
    permission.UserIdGroupPairs = [pair];
  }
  return permission;
}

function writeSecurityGroup(draft: Snapshot, id: string, state: ResourceState): void {
  const ingress = Object.values(items(state, 'ingress')).map(permissionOfItem);
  const egress = Object.values(items(state, 'egress')).map(permissionOfItem);
  const existing = draft.SecurityGroups.find((g) => g.GroupId === id);
  const group: SecurityGroup = existing ?? { GroupId: id };
  if (!existing) {
    const vpcId = text(state, 'vpcId');
    const groupName = text(state, 'groupName');
    if (vpcId !== undefined) group.VpcId = vpcId;
    if (groupName !== undefined) group.GroupName = groupName;
    draft.SecurityGroups.push(group);
  }
  group.IpPermissions = ingress;
  group.IpPermissionsEgress = egress;
  // Keep only the describe-security-group-rules rows that still describe a rule of the group.
  draft.SecurityGroupRules = draft.SecurityGroupRules.filter((row) => {
    if (row.GroupId !== id) return true;
    const permissions = row.IsEgress ? egress : ingress;
    return permissions.some((p) => sourcesOf(p).some((s) => ruleMatches(row, id, row.IsEgress, p, s)));
  });
}

function writeNetworkAcl(draft: Snapshot, id: string, state: ResourceState): void {
  const existing = draft.NetworkAcls.find((a) => a.NetworkAclId === id);
  const acl = existing ?? { NetworkAclId: id, VpcId: text(state, 'vpcId') ?? '' };
  if (!existing) draft.NetworkAcls.push(acl);
  acl.IsDefault = state.isDefault === true;
  acl.Entries = Object.values(items(state, 'entries'))
    .map((item) => asAws<NetworkAclEntry>(item))
    .sort((a, b) => Number(a.Egress) - Number(b.Egress) || a.RuleNumber - b.RuleNumber);
  const subnets = Object.keys(items(state, 'associations'));
  const kept = (acl.Associations ?? []).filter((a) => subnets.includes(a.SubnetId));
  for (const subnetId of subnets) {
    if (!kept.some((a) => a.SubnetId === subnetId)) kept.push({ NetworkAclId: id, SubnetId: subnetId });
  }
  acl.Associations = kept;
}

function writeRouteTable(draft: Snapshot, id: string, state: ResourceState): void {
  const existing = draft.RouteTables.find((t) => t.RouteTableId === id);
  const table = existing ?? { RouteTableId: id, VpcId: text(state, 'vpcId') ?? '' };
  if (!existing) draft.RouteTables.push(table);
  const propagated = (table.Routes ?? []).filter((r) => r.Origin === 'EnableVgwRoutePropagation');
  const routes = Object.values(items(state, 'routes')).map((item) => {
    const route = asAws<Route>(item);
    route.State = 'active';
    return route;
  });
  table.Routes = [...routes, ...propagated];
  const keys = Object.keys(items(state, 'associations'));
  const keyOf = (a: RouteTableAssociation) => (a.Main ? 'main' : (a.SubnetId ?? a.GatewayId));
  const kept = (table.Associations ?? []).filter((a) => {
    const key = keyOf(a);
    return key !== undefined && keys.includes(key);
  });
  for (const key of keys) {
    if (kept.some((a) => keyOf(a) === key)) continue;
    const association: RouteTableAssociation = { RouteTableId: id, Main: key === 'main' };
    if (key.startsWith('subnet-')) association.SubnetId = key;
    else if (key !== 'main') association.GatewayId = key;
    kept.push(association);
  }
  table.Associations = kept;
}

function writeFlowLogs(draft: Snapshot, resourceId: string, state: ResourceState): void {
  const wanted = items(state, 'flowLogs');
  const current = draft.FlowLogs.filter((f) => f.ResourceId === resourceId);
  const keep = current.filter((f) => wanted[flowLogKey(f)] !== undefined);
  const added: FlowLog[] = Object.entries(wanted)
    .filter(([key]) => !keep.some((f) => flowLogKey(f) === key))
    .map(([key, item]) => ({
      ...asAws<Omit<FlowLog, 'FlowLogId' | 'ResourceId'>>(item),
      FlowLogId: `fl-baseline-${resourceId}-${key}`,
      ResourceId: resourceId,
      FlowLogStatus: 'ACTIVE',
    }));
  draft.FlowLogs = [...draft.FlowLogs.filter((f) => f.ResourceId !== resourceId), ...keep, ...added];
}

function remove(draft: Snapshot, type: DriftResourceType, id: string): void {
  switch (type) {
    case 'AWS::EC2::SecurityGroup':
      draft.SecurityGroups = draft.SecurityGroups.filter((g) => g.GroupId !== id);
      draft.SecurityGroupRules = draft.SecurityGroupRules.filter((r) => r.GroupId !== id);
      return;
    case 'AWS::EC2::NetworkAcl':
      draft.NetworkAcls = draft.NetworkAcls.filter((a) => a.NetworkAclId !== id);
      return;
    case 'AWS::EC2::RouteTable':
      draft.RouteTables = draft.RouteTables.filter((t) => t.RouteTableId !== id);
      return;
    case 'AWS::EC2::InternetGateway':
      draft.InternetGateways = draft.InternetGateways.filter((g) => g.InternetGatewayId !== id);
      return;
    case 'AWS::EC2::NatGateway':
      draft.NatGateways = draft.NatGateways.filter((n) => n.NatGatewayId !== id);
      return;
    case 'AWS::EC2::VPCPeeringConnection':
      draft.VpcPeeringConnections = draft.VpcPeeringConnections.filter((p) => p.VpcPeeringConnectionId !== id);
      return;
    case 'AWS::EC2::VPC':
      draft.Vpcs = draft.Vpcs.filter((v) => v.VpcId !== id);
      draft.FlowLogs = draft.FlowLogs.filter((f) => f.ResourceId !== id);
      return;
    case 'AWS::EC2::Subnet':
      draft.Subnets = draft.Subnets.filter((s) => s.SubnetId !== id);
      draft.FlowLogs = draft.FlowLogs.filter((f) => f.ResourceId !== id);
      return;
  }
}

function write(draft: Snapshot, type: DriftResourceType, id: string, state: ResourceState): void {
  switch (type) {
    case 'AWS::EC2::SecurityGroup':
      writeSecurityGroup(draft, id, state);
      return;
    case 'AWS::EC2::NetworkAcl':
      writeNetworkAcl(draft, id, state);
      return;
    case 'AWS::EC2::RouteTable':
      writeRouteTable(draft, id, state);
      return;
    case 'AWS::EC2::InternetGateway': {
      const existing = draft.InternetGateways.find((g) => g.InternetGatewayId === id);
      const gateway = existing ?? { InternetGatewayId: id };
      if (!existing) draft.InternetGateways.push(gateway);
      gateway.Attachments = Object.keys(items(state, 'attachments')).map((VpcId) => ({ VpcId, State: 'available' }));
      return;
    }
    case 'AWS::EC2::NatGateway': {
      const existing = draft.NatGateways.find((n) => n.NatGatewayId === id);
      const nat = existing ?? { NatGatewayId: id, VpcId: '', SubnetId: '' };
      if (!existing) draft.NatGateways.push(nat);
      nat.VpcId = text(state, 'vpcId') ?? nat.VpcId;
      nat.SubnetId = text(state, 'subnetId') ?? nat.SubnetId;
      nat.ConnectivityType = text(state, 'connectivityType') ?? 'public';
      nat.State = 'available';
      return;
    }
    case 'AWS::EC2::VPCPeeringConnection': {
      const existing = draft.VpcPeeringConnections.find((p) => p.VpcPeeringConnectionId === id);
      const peering = existing ?? { VpcPeeringConnectionId: id };
      if (!existing) draft.VpcPeeringConnections.push(peering);
      peering.Status = { ...peering.Status, Code: text(state, 'status') ?? 'active' };
      peering.RequesterVpcInfo = { ...peering.RequesterVpcInfo, VpcId: text(state, 'requesterVpcId') ?? '' };
      peering.AccepterVpcInfo = { ...peering.AccepterVpcInfo, VpcId: text(state, 'accepterVpcId') ?? '' };
      return;
    }
    case 'AWS::EC2::VPC':
      if (!draft.Vpcs.some((v) => v.VpcId === id)) draft.Vpcs.push({ VpcId: id });
      writeFlowLogs(draft, id, state);
      return;
    case 'AWS::EC2::Subnet': {
      const existing = draft.Subnets.find((s) => s.SubnetId === id);
      const subnet = existing ?? { SubnetId: id, VpcId: text(state, 'vpcId') ?? '' };
      if (!existing) draft.Subnets.push(subnet);
      subnet.MapPublicIpOnLaunch = state.mapPublicIpOnLaunch === true;
      writeFlowLogs(draft, id, state);
      return;
    }
  }
}

/** A copy of `snapshot` in which resource `id` has the given tracked state (removed when undefined). */
export function withResourceState(
  snapshot: Snapshot,
  id: string,
  type: DriftResourceType,
  resource: TrackedResource | undefined,
): Snapshot {
  // The writers below change the item named `id` and reassign lists, nothing else.
  const draft = copySnapshotForEdit(snapshot, new Set([id]));
  if (resource === undefined) remove(draft, type, id);
  else write(draft, type, id, resource.state);
  return draft;
}

/** The resource's current state with one difference put back to its approved value. */
export function stateWithout(current: TrackedResource | undefined, d: Difference): TrackedResource | undefined {
  if (d.path === '$') return d.before === null ? undefined : { type: d.resourceType, state: d.before as ResourceState };
  if (current === undefined || d.field === undefined) return current;
  const state: ResourceState = structuredClone(current.state);
  if (d.key === undefined) {
    if (d.before === null) delete state[d.field];
    else state[d.field] = d.before as StateValue;
  } else {
    const collection = { ...items(state, d.field) };
    if (d.before === null) delete collection[d.key];
    else collection[d.key] = d.before as StateItem;
    state[d.field] = collection;
  }
  return { ...current, state };
}

/**
 * A subnet has one route table and one network ACL: moving it shows as two differences (removed
 * here, added there), and undoing either means the subnet is back where the baseline had it.
 */
function revertSubnetAssociation(
  snapshot: Snapshot,
  currentResources: Readonly<Record<string, TrackedResource>>,
  approvedResources: Readonly<Record<string, TrackedResource>>,
  d: Difference & { key: string },
): Snapshot {
  let result = snapshot;
  for (const [id, now] of Object.entries(currentResources)) {
    if (now.type !== d.resourceType) continue;
    const approved = approvedResources[id];
    const had = approved !== undefined && items(approved.state, 'associations')[d.key] !== undefined;
    const has = items(now.state, 'associations')[d.key] !== undefined;
    if (had === has) continue;
    const associations = { ...items(now.state, 'associations') };
    if (had) associations[d.key] = {};
    else delete associations[d.key];
    result = withResourceState(result, id, d.resourceType, { ...now, state: { ...now.state, associations } });
  }
  return result;
}

/** The snapshot with one difference undone: the network as it would be had that change not happened. */
export function revertDifference(
  snapshot: Snapshot,
  currentResources: Readonly<Record<string, TrackedResource>>,
  approvedResources: Readonly<Record<string, TrackedResource>>,
  d: Difference,
): Snapshot {
  const key = d.key;
  if (d.field === 'associations' && key?.startsWith('subnet-')) {
    return revertSubnetAssociation(snapshot, currentResources, approvedResources, { ...d, key });
  }
  return withResourceState(snapshot, d.resourceId, d.resourceType, stateWithout(currentResources[d.resourceId], d));
}
