/**
 * Two snapshots describe the same network when they differ only in what AWS itself does not keep
 * stable: the grouping and order of security-group sources into permissions, the rows of
 * `describe-security-group-rules` (a view of the same permissions whose ids and tags AWS assigns
 * anew when a rule is re-created), list order, empty lists versus absent ones, and an unset
 * `MapPublicIpOnLaunch` versus false. Rollback is judged by this equality.
 */
import type { IpPermission, SecurityGroup } from '../model/aws-types';
import type { Snapshot } from '../model/snapshot';
import { sortKeys } from './json';
import { permissionShapeKey, singleSourcePermission, sourcesOf } from './sg-permissions';

export function canonicalSnapshot(snapshot: Snapshot): unknown {
  const canonical = {
    ...snapshot,
    SecurityGroups: sortByJson(snapshot.SecurityGroups.map(canonicalGroup)),
    SecurityGroupRules: [],
    NetworkAcls: snapshot.NetworkAcls.map((acl) => ({
      ...acl,
      Entries: [...(acl.Entries ?? [])].sort(
        (a, b) => Number(a.Egress) - Number(b.Egress) || a.RuleNumber - b.RuleNumber,
      ),
    })),
    RouteTables: snapshot.RouteTables.map((table) => ({ ...table, Routes: sortByJson(table.Routes ?? []) })),
    Subnets: snapshot.Subnets.map((subnet) => ({
      ...subnet,
      MapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    })),
    FlowLogs: sortByJson(snapshot.FlowLogs),
  };
  return dropEmpty(sortKeys(canonical));
}

export function sameNetwork(a: Snapshot, b: Snapshot): boolean {
  return JSON.stringify(canonicalSnapshot(a)) === JSON.stringify(canonicalSnapshot(b));
}

function canonicalGroup(group: SecurityGroup): unknown {
  return {
    ...group,
    IpPermissions: explode(group.IpPermissions ?? []),
    IpPermissionsEgress: explode(group.IpPermissionsEgress ?? []),
  };
}

/** One entry per source, so that {22: [a, b]} and {22: [b]}, {22: [a]} compare equal. */
function explode(permissions: readonly IpPermission[]): unknown[] {
  const singles = permissions.flatMap((p) =>
    sourcesOf(p).map((source) => ({ shape: permissionShapeKey(p), rule: singleSourcePermission(p, source) })),
  );
  return sortByJson(
    singles.map((s) => ({
      shape: s.shape,
      sources: { ...s.rule, IpProtocol: undefined, FromPort: undefined, ToPort: undefined },
    })),
  );
}

function sortByJson<T>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, key: JSON.stringify(sortKeys(item)) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.item);
}

function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const cleaned = dropEmpty(member);
      if (Array.isArray(cleaned) && cleaned.length === 0) continue;
      if (cleaned !== null && typeof cleaned === 'object' && Object.keys(cleaned).length === 0) continue;
      result[key] = cleaned;
    }
    return result;
  }
  return value;
}
