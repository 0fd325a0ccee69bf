/**
 * Security-group permissions one source at a time. AWS stores a rule as (protocol, ports, source);
 * an `IpPermission` merely groups several sources that share protocol and ports. Remediation must
 * act on exactly one source, so everything here splits and merges permissions by source.
 */

import type { FindingSource } from '../findings/finding';
import type { IpPermission, SecurityGroupRule, UserIdGroupPair } from '../model/aws-types';

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

/** AWS accepts "6" and "tcp" alike and prints the name; compare on the name. */
export function normalizeProtocol(ipProtocol: string): string {
  const lower = ipProtocol.toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}

/** Protocol and ports as AWS compares them; "-1" carries no ports whatever the input says. */
export function permissionShapeKey(p: { IpProtocol: string; FromPort?: number; ToPort?: number }): string {
  const protocol = normalizeProtocol(p.IpProtocol);
  if (protocol === '-1') return '-1';
  return `${protocol}|${p.FromPort ?? ''}|${p.ToPort ?? ''}`;
}

/** Every source of a permission, in AWS's order: IPv4, IPv6, prefix lists, groups. */
export function sourcesOf(p: IpPermission): FindingSource[] {
  return [
    ...(p.IpRanges ?? []).map((r) => ({ cidr: r.CidrIp })),
    ...(p.Ipv6Ranges ?? []).map((r) => ({ cidrIpv6: r.CidrIpv6 })),
    ...(p.PrefixListIds ?? []).map((r) => ({ prefixListId: r.PrefixListId })),
    ...(p.UserIdGroupPairs ?? []).filter((g) => g.GroupId !== undefined).map(groupSource),
  ];
}

function groupSource(pair: UserIdGroupPair): FindingSource {
  const source: { groupId: string; userId?: string; vpcId?: string; vpcPeeringConnectionId?: string } = {
    groupId: pair.GroupId ?? '',
  };
  if (pair.UserId !== undefined) source.userId = pair.UserId;
  if (pair.VpcId !== undefined) source.vpcId = pair.VpcId;
  if (pair.VpcPeeringConnectionId !== undefined) source.vpcPeeringConnectionId = pair.VpcPeeringConnectionId;
  return source;
}

/** Same source for AWS: the same CIDR text, prefix list or referenced group (owner and VPC are qualifiers). */
export function sameSource(a: FindingSource, b: FindingSource): boolean {
  if ('cidr' in a) return 'cidr' in b && a.cidr === b.cidr;
  if ('cidrIpv6' in a) return 'cidrIpv6' in b && a.cidrIpv6.toLowerCase() === b.cidrIpv6.toLowerCase();
  if ('prefixListId' in a) return 'prefixListId' in b && a.prefixListId === b.prefixListId;
  return 'groupId' in b && a.groupId === b.groupId;
}

export function hasSource(p: IpPermission, source: FindingSource): boolean {
  return sourcesOf(p).some((s) => sameSource(s, source));
}

function shapeOf(p: IpPermission): IpPermission {
  const shape: IpPermission = { IpProtocol: p.IpProtocol };
  if (normalizeProtocol(p.IpProtocol) !== '-1') {
    if (p.FromPort !== undefined) shape.FromPort = p.FromPort;
    if (p.ToPort !== undefined) shape.ToPort = p.ToPort;
  }
  return shape;
}

/** The permission reduced to one source, keeping that source's description (so re-authorizing restores it). */
export function singleSourcePermission(p: IpPermission, source: FindingSource): IpPermission {
  const single = shapeOf(p);
  if ('cidr' in source) {
    const range = (p.IpRanges ?? []).find((r) => r.CidrIp === source.cidr) ?? { CidrIp: source.cidr };
    single.IpRanges = [range];
  } else if ('cidrIpv6' in source) {
    const wanted = source.cidrIpv6.toLowerCase();
    const range = (p.Ipv6Ranges ?? []).find((r) => r.CidrIpv6.toLowerCase() === wanted) ?? {
      CidrIpv6: source.cidrIpv6,
    };
    single.Ipv6Ranges = [range];
  } else if ('prefixListId' in source) {
    const entry = (p.PrefixListIds ?? []).find((r) => r.PrefixListId === source.prefixListId) ?? {
      PrefixListId: source.prefixListId,
    };
    single.PrefixListIds = [entry];
  } else {
    const pair = (p.UserIdGroupPairs ?? []).find((g) => g.GroupId === source.groupId) ?? { GroupId: source.groupId };
    single.UserIdGroupPairs = [pair];
  }
  return single;
}

/** A permission with the same protocol and ports as `p` and the given source (no description). */
export function permissionWithSource(p: IpPermission, source: FindingSource): IpPermission {
  return singleSourcePermission(shapeOf(p), source);
}

/** The one source a single-source permission holds. */
export function onlySource(p: IpPermission): FindingSource | undefined {
  const sources = sourcesOf(p);
  return sources.length === 1 ? sources[0] : undefined;
}

/** `permissions` without `source` in the permission shaped like `shape`; emptied permissions disappear. */
export function withoutSource(
  permissions: readonly IpPermission[],
  shape: IpPermission,
  source: FindingSource,
): { permissions: IpPermission[]; removed: boolean } {
  const key = permissionShapeKey(shape);
  let removed = false;
  const result: IpPermission[] = [];
  for (const p of permissions) {
    if (removed || permissionShapeKey(p) !== key || !hasSource(p, source)) {
      result.push(p);
      continue;
    }
    removed = true;
    const kept: IpPermission = { ...p };
    if ('cidr' in source) kept.IpRanges = (p.IpRanges ?? []).filter((r) => r.CidrIp !== source.cidr);
    else if ('cidrIpv6' in source) {
      const wanted = source.cidrIpv6.toLowerCase();
      kept.Ipv6Ranges = (p.Ipv6Ranges ?? []).filter((r) => r.CidrIpv6.toLowerCase() !== wanted);
    } else if ('prefixListId' in source)
      kept.PrefixListIds = (p.PrefixListIds ?? []).filter((r) => r.PrefixListId !== source.prefixListId);
    else kept.UserIdGroupPairs = (p.UserIdGroupPairs ?? []).filter((g) => g.GroupId !== source.groupId);
    if (sourcesOf(kept).length > 0) result.push(kept);
  }
  return { permissions: result, removed };
}

/** `permissions` with every source of `added` merged into the permission of the same shape (appended when none). */
export function withPermission(
  permissions: readonly IpPermission[],
  added: IpPermission,
): { permissions: IpPermission[]; changed: boolean } {
  const key = permissionShapeKey(added);
  const index = permissions.findIndex((p) => permissionShapeKey(p) === key);
  const target: IpPermission = index >= 0 ? structuredClone(permissions[index]!) : shapeOf(added);
  let changed = false;
  for (const r of added.IpRanges ?? []) {
    if ((target.IpRanges ?? []).some((x) => x.CidrIp === r.CidrIp)) continue;
    target.IpRanges = [...(target.IpRanges ?? []), r];
    changed = true;
  }
  for (const r of added.Ipv6Ranges ?? []) {
    if ((target.Ipv6Ranges ?? []).some((x) => x.CidrIpv6.toLowerCase() === r.CidrIpv6.toLowerCase())) continue;
    target.Ipv6Ranges = [...(target.Ipv6Ranges ?? []), r];
    changed = true;
  }
  for (const r of added.PrefixListIds ?? []) {
    if ((target.PrefixListIds ?? []).some((x) => x.PrefixListId === r.PrefixListId)) continue;
    target.PrefixListIds = [...(target.PrefixListIds ?? []), r];
    changed = true;
  }
  for (const r of added.UserIdGroupPairs ?? []) {
    if ((target.UserIdGroupPairs ?? []).some((x) => x.GroupId === r.GroupId)) continue;
    target.UserIdGroupPairs = [...(target.UserIdGroupPairs ?? []), r];
    changed = true;
  }
  if (!changed) return { permissions: [...permissions], changed };
  const result = [...permissions];
  if (index >= 0) result[index] = target;
  else result.push(target);
  return { permissions: result, changed };
}

/** Does a `describe-security-group-rules` row describe this one-source rule? */
export function ruleMatches(
  rule: SecurityGroupRule,
  groupId: string,
  egress: boolean,
  shape: IpPermission,
  source: FindingSource,
): boolean {
  if (rule.GroupId !== groupId || rule.IsEgress !== egress) return false;
  if (permissionShapeKey(rule) !== permissionShapeKey(shape)) return false;
  if ('cidr' in source) return rule.CidrIpv4 === source.cidr;
  if ('cidrIpv6' in source) return rule.CidrIpv6?.toLowerCase() === source.cidrIpv6.toLowerCase();
  if ('prefixListId' in source) return rule.PrefixListId === source.prefixListId;
  return rule.ReferencedGroupInfo?.GroupId === source.groupId;
}

/** The `describe-security-group-rules` row a one-source permission becomes. */
export function ruleRowFor(ruleId: string, groupId: string, egress: boolean, single: IpPermission): SecurityGroupRule {
  const row: SecurityGroupRule = {
    SecurityGroupRuleId: ruleId,
    GroupId: groupId,
    IsEgress: egress,
    IpProtocol: single.IpProtocol,
  };
  if (normalizeProtocol(single.IpProtocol) === '-1') {
    row.FromPort = -1;
    row.ToPort = -1;
  } else {
    if (single.FromPort !== undefined) row.FromPort = single.FromPort;
    if (single.ToPort !== undefined) row.ToPort = single.ToPort;
  }
  const ipv4 = single.IpRanges?.[0];
  const ipv6 = single.Ipv6Ranges?.[0];
  const prefixList = single.PrefixListIds?.[0];
  const pair = single.UserIdGroupPairs?.[0];
  if (ipv4) {
    row.CidrIpv4 = ipv4.CidrIp;
    if (ipv4.Description !== undefined) row.Description = ipv4.Description;
  } else if (ipv6) {
    row.CidrIpv6 = ipv6.CidrIpv6;
    if (ipv6.Description !== undefined) row.Description = ipv6.Description;
  } else if (prefixList) {
    row.PrefixListId = prefixList.PrefixListId;
    if (prefixList.Description !== undefined) row.Description = prefixList.Description;
  } else if (pair) {
    const info: NonNullable<SecurityGroupRule['ReferencedGroupInfo']> = {};
    if (pair.GroupId !== undefined) info.GroupId = pair.GroupId;
    if (pair.UserId !== undefined) info.UserId = pair.UserId;
    if (pair.VpcId !== undefined) info.VpcId = pair.VpcId;
    if (pair.VpcPeeringConnectionId !== undefined) info.VpcPeeringConnectionId = pair.VpcPeeringConnectionId;
    row.ReferencedGroupInfo = info;
    if (pair.Description !== undefined) row.Description = pair.Description;
  }
  return row;
}

/** A readable one-liner of a source for plans and messages. */
export function sourceText(source: FindingSource): string {
  if ('cidr' in source) return source.cidr;
  if ('cidrIpv6' in source) return source.cidrIpv6;
  if ('prefixListId' in source) return source.prefixListId;
  return source.groupId;
}

/** "tcp 22", "tcp 0-65535", "all traffic", "icmp type 8". */
export function shapeText(p: { IpProtocol: string; FromPort?: number; ToPort?: number }): string {
  const protocol = normalizeProtocol(p.IpProtocol);
  if (protocol === '-1') return 'all traffic';
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    return p.FromPort === undefined || p.FromPort === -1 ? `${protocol} all types` : `${protocol} type ${p.FromPort}`;
  }
  if (p.FromPort === undefined) return protocol;
  return p.FromPort === p.ToPort ? `${protocol} ${p.FromPort}` : `${protocol} ${p.FromPort}-${p.ToPort}`;
}
