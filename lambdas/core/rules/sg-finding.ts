import type { Finding, Severity } from '../findings/finding';
import type { SecurityGroup } from '../model/aws-types';
import type { RuleSource, SecurityGroupEntry } from '../model/security-group-entries';
import { ProtocolParseError, parseProtocol, protocolName } from '../net/protocol';

/** "tcp", "udp", "all", ... as findings spell protocols; the raw text when it is not a protocol. */
export function normalizedProtocol(ipProtocol: string): string {
  try {
    return protocolName(parseProtocol(ipProtocol));
  } catch (error: unknown) {
    if (error instanceof ProtocolParseError) return ipProtocol;
    throw error;
  }
}

export function describeSource(source: RuleSource): string {
  if ('cidr' in source) return source.cidr;
  if ('cidrIpv6' in source) return source.cidrIpv6;
  if ('prefixListId' in source) return `prefix list ${source.prefixListId}`;
  return `group ${source.groupId}${source.userId ? ` (account ${source.userId})` : ''}`;
}

/** "tcp 22", "tcp 1024-65535", "all traffic", "udp (all ports)", "icmp type 8". */
export function describeTraffic(ipProtocol: string, fromPort?: number, toPort?: number): string {
  const protocol = normalizedProtocol(ipProtocol);
  if (protocol === 'all') return 'all traffic';
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    return fromPort === undefined || fromPort === -1 ? `${protocol} (all types)` : `${protocol} type ${fromPort}`;
  }
  if (protocol !== 'tcp' && protocol !== 'udp') return `protocol ${protocol}`;
  if (fromPort === undefined || (fromPort <= 0 && (toPort ?? 65535) >= 65535)) return `${protocol} (all ports)`;
  return fromPort === toPort || toPort === undefined ? `${protocol} ${fromPort}` : `${protocol} ${fromPort}-${toPort}`;
}

export function groupLabel(group: SecurityGroup): string {
  return group.GroupName ? `${group.GroupId} (${group.GroupName})` : group.GroupId;
}

/** A finding about one expanded security-group entry: names the exact source so only it gets revoked. */
export function entryFinding(
  group: SecurityGroup,
  entry: SecurityGroupEntry,
  fields: { ruleId: string; severity: Severity; message: string; details?: Finding['details'] },
): Finding {
  const finding: Finding = {
    ruleId: fields.ruleId,
    resourceId: group.GroupId,
    resourceType: 'AWS::EC2::SecurityGroup',
    severity: fields.severity,
    protocol: normalizedProtocol(entry.ipProtocol),
    fromPort: entry.fromPort,
    toPort: entry.toPort,
    source: entry.source,
    direction: entry.direction,
    securityGroupRuleId: entry.securityGroupRuleId,
    permissionIndex: entry.permissionIndex,
    vpcId: group.VpcId,
    message: fields.message,
    details: fields.details,
  };
  return dropUndefined(finding);
}

/** Findings travel as JSON; absent fields are left out rather than carried as `undefined`. */
export function dropUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

export function percent(fraction: number): string {
  if (fraction >= 1) return '100%';
  const p = fraction * 100;
  return p >= 99.95 ? '>99.9%' : `${p.toFixed(p < 1 ? 3 : 1)}%`;
}
