/**
 * A security group's permissions expanded to one entry per source. A permission groups several
 * sources (CIDRs, prefix lists, groups) under one protocol and port range; findings and
 * remediations must name and revoke exactly one source, never the whole permission, or they would
 * also remove the legitimate sources that share it.
 */
import { AddressSet } from '../net/address-set';
import { parseProtocol } from '../net/protocol';
import { ServiceSet } from '../net/service-set';
import type { IpPermission, SecurityGroup, SecurityGroupRule, UserIdGroupPair } from './aws-types';
import type { NetworkModel } from './network-model';

export type RuleSource =
  | { cidr: string }
  | { cidrIpv6: string }
  | { prefixListId: string }
  | { groupId: string; userId?: string; vpcId?: string; vpcPeeringConnectionId?: string };

export type Direction = 'ingress' | 'egress';

export interface SecurityGroupEntry {
  groupId: string;
  direction: Direction;
  /** Index of the permission in `IpPermissions` / `IpPermissionsEgress`. */
  permissionIndex: number;
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  source: RuleSource;
  description?: string;
  /** From `describe-security-group-rules`, when those rows were given. */
  securityGroupRuleId?: string;
}

/** One entry per source of every permission, ingress then egress, in the order AWS lists them. */
export function expandSecurityGroup(sg: SecurityGroup, rules?: readonly SecurityGroupRule[]): SecurityGroupEntry[] {
  const ruleIds = new RuleIdIndex(sg.GroupId, rules ?? []);
  const entries: SecurityGroupEntry[] = [];
  const lists: [Direction, IpPermission[] | undefined][] = [
    ['ingress', sg.IpPermissions],
    ['egress', sg.IpPermissionsEgress],
  ];
  for (const [direction, permissions] of lists) {
    (permissions ?? []).forEach((permission, permissionIndex) => {
      for (const { source, description } of sourcesOf(permission)) {
        const entry: SecurityGroupEntry = {
          groupId: sg.GroupId,
          direction,
          permissionIndex,
          ipProtocol: permission.IpProtocol,
          source,
        };
        if (permission.FromPort !== undefined) entry.fromPort = permission.FromPort;
        if (permission.ToPort !== undefined) entry.toPort = permission.ToPort;
        if (description !== undefined) entry.description = description;
        const ruleId = ruleIds.take(direction, permission, source);
        if (ruleId !== undefined) entry.securityGroupRuleId = ruleId;
        entries.push(entry);
      }
    });
  }
  return entries;
}

/** The protocols and ports the entry allows, with AWS's rule semantics ("-1" = everything, ICMP types). */
export function entryServices(e: SecurityGroupEntry): ServiceSet {
  return ServiceSet.fromSecurityGroupPermission(e.ipProtocol, e.fromPort, e.toPort);
}

/**
 * The addresses the entry's source stands for: the CIDR, the prefix list's current entries, or the
 * private addresses of every ENI carrying the referenced group. Undefined when the snapshot does not
 * say (a prefix list that was not exported), which callers must report as unknown, not as empty.
 */
export function entrySourceAddresses(model: NetworkModel, e: SecurityGroupEntry): AddressSet | undefined {
  const source = e.source;
  if ('cidr' in source) return AddressSet.fromCidr(source.cidr);
  if ('cidrIpv6' in source) return AddressSet.fromCidr(source.cidrIpv6);
  if ('prefixListId' in source) return model.prefixListAddresses(source.prefixListId);
  return model.groupAddresses(source.groupId);
}

/** A short stable text for the source: `0.0.0.0/0`, `pl-123`, `sg-123` (or `111122223333/sg-123`). */
export function sourceLabel(source: RuleSource): string {
  if ('cidr' in source) return source.cidr;
  if ('cidrIpv6' in source) return source.cidrIpv6;
  if ('prefixListId' in source) return source.prefixListId;
  return source.userId === undefined ? source.groupId : `${source.userId}/${source.groupId}`;
}

function sourcesOf(permission: IpPermission): { source: RuleSource; description?: string }[] {
  return [
    ...(permission.IpRanges ?? []).map((r) => ({ source: { cidr: r.CidrIp }, description: r.Description })),
    ...(permission.Ipv6Ranges ?? []).map((r) => ({ source: { cidrIpv6: r.CidrIpv6 }, description: r.Description })),
    ...(permission.PrefixListIds ?? []).map((r) => ({
      source: { prefixListId: r.PrefixListId },
      description: r.Description,
    })),
    // A pair without GroupId only exists for EC2-Classic groups named by GroupName, which VPCs never print.
    ...(permission.UserIdGroupPairs ?? []).flatMap((pair) =>
      pair.GroupId === undefined ? [] : [{ source: groupSource(pair.GroupId, pair), description: pair.Description }],
    ),
  ];
}

function groupSource(groupId: string, pair: UserIdGroupPair): RuleSource {
  const source: { groupId: string; userId?: string; vpcId?: string; vpcPeeringConnectionId?: string } = { groupId };
  if (pair.UserId !== undefined) source.userId = pair.UserId;
  if (pair.VpcId !== undefined) source.vpcId = pair.VpcId;
  if (pair.VpcPeeringConnectionId !== undefined) source.vpcPeeringConnectionId = pair.VpcPeeringConnectionId;
  return source;
}

/**
 * `describe-security-group-rules` rows of one group, found by direction, protocol, ports and the one
 * source. The two APIs spell the same rule differently ("tcp" vs "6", absent ports vs -1 for
 * all-traffic rules), so both sides are normalised before comparing.
 */
class RuleIdIndex {
  private readonly byKey = new Map<string, string[]>();

  constructor(groupId: string, rules: readonly SecurityGroupRule[]) {
    for (const rule of rules) {
      if (rule.GroupId !== groupId) continue;
      const source = ruleSource(rule);
      if (source === undefined) continue;
      const key = matchKey(rule.IsEgress ? 'egress' : 'ingress', rule.IpProtocol, rule.FromPort, rule.ToPort, source);
      const ids = this.byKey.get(key) ?? [];
      ids.push(rule.SecurityGroupRuleId);
      this.byKey.set(key, ids);
    }
  }

  /** The matching rule id, each id used once. */
  take(direction: Direction, permission: IpPermission, source: RuleSource): string | undefined {
    const key = matchKey(direction, permission.IpProtocol, permission.FromPort, permission.ToPort, source);
    return this.byKey.get(key)?.shift();
  }
}

function ruleSource(rule: SecurityGroupRule): string | undefined {
  if (rule.CidrIpv4 !== undefined) return `cidr:${rule.CidrIpv4}`;
  if (rule.CidrIpv6 !== undefined) return `cidr6:${rule.CidrIpv6.toLowerCase()}`;
  if (rule.PrefixListId !== undefined) return `pl:${rule.PrefixListId}`;
  if (rule.ReferencedGroupInfo?.GroupId !== undefined) return `sg:${rule.ReferencedGroupInfo.GroupId}`;
  return undefined;
}

function matchKey(
  direction: Direction,
  ipProtocol: string,
  fromPort: number | undefined,
  toPort: number | undefined,
  source: RuleSource | string,
): string {
  const protocol = normalisedProtocol(ipProtocol);
  const ports = protocol === 'all' ? '' : `${fromPort ?? -1}:${toPort ?? -1}`;
  const sourceKey = typeof source === 'string' ? source : entrySourceKey(source);
  return `${direction}|${protocol}|${ports}|${sourceKey}`;
}

function entrySourceKey(source: RuleSource): string {
  if ('cidr' in source) return `cidr:${source.cidr}`;
  if ('cidrIpv6' in source) return `cidr6:${source.cidrIpv6.toLowerCase()}`;
  if ('prefixListId' in source) return `pl:${source.prefixListId}`;
  return `sg:${source.groupId}`;
}

function normalisedProtocol(ipProtocol: string): string {
  try {
    return String(parseProtocol(ipProtocol));
  } catch (error: unknown) {
    if (error instanceof Error) return ipProtocol.toLowerCase();
    throw error;
  }
}
