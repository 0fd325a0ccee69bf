/**
 * The state of every resource a plan touches, taken before the first write. Each is kept as a
 * snapshot fragment (an empty snapshot holding only that resource, as `describe-*` prints it), so
 * the same code reads it, writes it and compares it, and an auditor can read it as AWS JSON.
 */
import { emptySnapshot, type Snapshot } from '../model/snapshot';
import type { TouchedKind } from './actions';
import { sameNetwork } from './canonical';

export interface ResourceState {
  resourceId: string;
  kind: TouchedKind;
  /** False when the resource was not found: the fragment is then empty. */
  found: boolean;
  fragment: Snapshot;
}

/** The state of one resource as the given snapshot has it. */
export function stateFromSnapshot(snapshot: Snapshot, resourceId: string, kind: TouchedKind): ResourceState {
  const fragment = emptySnapshot();
  switch (kind) {
    case 'SecurityGroup':
      fragment.SecurityGroups = snapshot.SecurityGroups.filter((g) => g.GroupId === resourceId);
      fragment.SecurityGroupRules = snapshot.SecurityGroupRules.filter((r) => r.GroupId === resourceId);
      break;
    case 'NetworkAcl':
      fragment.NetworkAcls = snapshot.NetworkAcls.filter((a) => a.NetworkAclId === resourceId);
      break;
    case 'RouteTable':
      fragment.RouteTables = snapshot.RouteTables.filter((t) => t.RouteTableId === resourceId);
      break;
    case 'Subnet':
      fragment.Subnets = snapshot.Subnets.filter((s) => s.SubnetId === resourceId);
      break;
    case 'VpcFlowLogs':
      fragment.Vpcs = snapshot.Vpcs.filter((v) => v.VpcId === resourceId);
      fragment.FlowLogs = snapshot.FlowLogs.filter((f) => f.ResourceId === resourceId);
      break;
  }
  const found =
    fragment.SecurityGroups.length +
      fragment.NetworkAcls.length +
      fragment.RouteTables.length +
      fragment.Subnets.length +
      fragment.Vpcs.length >
    0;
  return structuredClone({ resourceId, kind, found, fragment });
}

/** Whether two captures of the same resource describe the same network (see `sameNetwork`). */
export function sameResourceState(a: ResourceState, b: ResourceState): boolean {
  return (
    a.resourceId === b.resourceId && a.kind === b.kind && a.found === b.found && sameNetwork(a.fragment, b.fragment)
  );
}
