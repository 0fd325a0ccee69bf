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
  expandPermissions(sg.GroupId, 'ingress', sg.IpPermissions, ruleIds, entries);
  expandPermissions(sg.GroupId, 'egress', sg.IpPermissionsEgress, ruleIds, entries);
  return entries;
}

function expandPermissions(
  groupId: string,
  direction: Direction,
  permissions: readonly IpPermission[] | undefined,
  ruleIds: RuleIdIndex,
  entries: SecurityGroupEntry[],
): void {
  if (permissions === undefined) return;
  for (let permissionIndex = 0; permissionIndex < permissions.length; permissionIndex++) {
    const permission = permissions[permissionIndex]!;
    const at = { groupId, direction, permissionIndex, permission };
    for (const r of permission.IpRanges ?? []) pushEntry(at, { cidr: r.CidrIp }, r.Description, ruleIds, entries);
    for (const r of permission.Ipv6Ranges ?? []) {
      pushEntry(at, { cidrIpv6: r.CidrIpv6 }, r.Description, ruleIds, entries);
    }
    for (const r of permission.PrefixListIds ?? []) {
      pushEntry(at, { prefixListId: r.PrefixListId }, r.Description, ruleIds, entries);
    }
    // A pair without GroupId only exists for EC2-Classic groups named by GroupName, which VPCs never print.
    for (const pair of permission.UserIdGroupPairs ?? []) {
      if (pair.GroupId === undefined) continue;
      pushEntry(at, groupSource(pair.GroupId, pair), pair.Description, ruleIds, entries);
    }
  }
}

interface PermissionAt {
  groupId: string;
  direction: Direction;
  permissionIndex: number;
  permission: IpPermission;
}

function pushEntry(
  at: PermissionAt,
  source: RuleSource,
  description: string | undefined,
  ruleIds: RuleIdIndex,
  entries: SecurityGroupEntry[],
): void {
  const { permission } = at;
  const entry: SecurityGroupEntry = {
    groupId: at.groupId,
    direction: at.direction,
    permissionIndex: at.permissionIndex,
    ipProtocol: permission.IpProtocol,
    source,
  };
  if (permission.FromPort !== undefined) entry.fromPort = permission.FromPort;
  if (permission.ToPort !== undefined) entry.toPort = permission.ToPort;
  if (description !== undefined) entry.description = description;
  const ruleId = ruleIds.take(at.direction, permission, source);
  if (ruleId !== undefined) entry.securityGroupRuleId = ruleId;
  entries.push(entry);
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
  // Keyed by the source text itself, one map per kind of source (created when first needed), so no key
  // string is built per row or per entry; the few rows sharing a source are then told apart by
  // direction, protocol and ports.
  private byCidr: Map<string, IndexedRow[]> | undefined;
  private byCidrIpv6: Map<string, IndexedRow[]> | undefined;
  private byPrefixList: Map<string, IndexedRow[]> | undefined;
  private byGroup: Map<string, IndexedRow[]> | undefined;

  constructor(groupId: string, rules: readonly SecurityGroupRule[]) {
    for (const rule of rules) {
      if (rule.GroupId !== groupId) continue;
      const row: IndexedRow = {
        direction: rule.IsEgress ? 'egress' : 'ingress',
        protocol: normalisedProtocol(rule.IpProtocol),
        fromPort: rule.FromPort ?? -1,
        toPort: rule.ToPort ?? -1,
        id: rule.SecurityGroupRuleId,
      };
      if (rule.CidrIpv4 !== undefined) this.byCidr = withRow(this.byCidr, rule.CidrIpv4, row);
      else if (rule.CidrIpv6 !== undefined) {
        this.byCidrIpv6 = withRow(this.byCidrIpv6, rule.CidrIpv6.toLowerCase(), row);
      } else if (rule.PrefixListId !== undefined) {
        this.byPrefixList = withRow(this.byPrefixList, rule.PrefixListId, row);
      } else if (rule.ReferencedGroupInfo?.GroupId !== undefined) {
        this.byGroup = withRow(this.byGroup, rule.ReferencedGroupInfo.GroupId, row);
      }
    }
  }

  /** The matching rule id, each id used once (the first listed when several rows match). */
  take(direction: Direction, permission: IpPermission, source: RuleSource): string | undefined {
    let rows: IndexedRow[] | undefined;
    if ('cidr' in source) rows = this.byCidr?.get(source.cidr);
    else if ('cidrIpv6' in source) rows = this.byCidrIpv6?.get(source.cidrIpv6.toLowerCase());
    else if ('prefixListId' in source) rows = this.byPrefixList?.get(source.prefixListId);
    else rows = this.byGroup?.get(source.groupId);
    if (rows === undefined) return undefined;
    const protocol = normalisedProtocol(permission.IpProtocol);
    // Ports do not matter for all-traffic rules, which the two APIs spell differently.
    const anyPorts = protocol === 'all';
    const fromPort = permission.FromPort ?? -1;
    const toPort = permission.ToPort ?? -1;
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      if (row.direction !== direction || row.protocol !== protocol) continue;
      if (!anyPorts && (row.fromPort !== fromPort || row.toPort !== toPort)) continue;
      rows.splice(k, 1);
      return row.id;
    }
    return undefined;
  }
}

function withRow(map: Map<string, IndexedRow[]> | undefined, key: string, row: IndexedRow): Map<string, IndexedRow[]> {
  const into = map ?? new Map<string, IndexedRow[]>();
  const rows = into.get(key);
  if (rows === undefined) into.set(key, [row]);
  else rows.push(row);
  return into;
}

interface IndexedRow {
  direction: Direction;
  /** parseProtocol's answer as text, or the lower-cased text when it is not a protocol. */
  protocol: string;
  /** -1 when absent. */
  fromPort: number;
  toPort: number;
  id: string;
}

/** Every rule of every group asks; the spellings in use are few. */
const PROTOCOL_KEYS_LIMIT = 1024;
const protocolKeys = new Map<string, string>();

function normalisedProtocol(ipProtocol: string): string {
  let key = protocolKeys.get(ipProtocol);
  if (key === undefined) {
    try {
      key = String(parseProtocol(ipProtocol));
    } catch (error: unknown) {
      if (!(error instanceof Error)) throw error;
      key = ipProtocol.toLowerCase();
    }
    if (protocolKeys.size >= PROTOCOL_KEYS_LIMIT) protocolKeys.clear();
    protocolKeys.set(ipProtocol, key);
  }
  return key;
}
