/** What every risk rule produces, and what remediation, notifications and history consume. */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse; lets `--fail-on high` compare severities. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export function isSeverity(text: string): text is Severity {
  return (SEVERITIES as readonly string[]).includes(text);
}

/** The exact offending source of a security-group rule: one expanded entry, never a whole permission. */
export type FindingSource =
  | { cidr: string }
  | { cidrIpv6: string }
  | { prefixListId: string }
  | { groupId: string; userId?: string; vpcId?: string; vpcPeeringConnectionId?: string };

export type ResourceType =
  | 'AWS::EC2::SecurityGroup'
  | 'AWS::EC2::NetworkAcl'
  | 'AWS::EC2::RouteTable'
  | 'AWS::EC2::Subnet'
  | 'AWS::EC2::VPC'
  | 'AWS::EC2::NetworkInterface'
  | 'AWS::EC2::InternetGateway'
  | 'AWS::EC2::NatGateway'
  | 'AWS::EC2::VPCPeeringConnection'
  | 'AWS::EC2::FlowLog';

/** Whether the internet can actually get through to what the finding opens (filled by the reachability engine). */
export interface Exposure {
  reachableFromInternet: boolean;
  /** ENIs the internet reaches through this finding's rule (empty when not reachable). */
  exposedInterfaces: string[];
  /** One sentence a person can act on: the path, or the component that blocks it. */
  evidence: string;
  /** AWS explanation code of the blocker when not reachable (e.g. `NO_ROUTE_TO_DESTINATION`). */
  blockerCode?: string;
}

export interface Finding {
  ruleId: string;
  resourceId: string;
  resourceType: ResourceType;
  severity: Severity;
  /** "tcp", "udp", "icmp", "icmpv6", "all" or a protocol number, when the finding is about traffic. */
  protocol?: string;
  fromPort?: number;
  toPort?: number;
  source?: FindingSource;
  direction?: 'ingress' | 'egress';
  /** Security-group rule id when the snapshot had `describe-security-group-rules` output. */
  securityGroupRuleId?: string;
  /** Index of the `IpPermission` in `IpPermissions` / `IpPermissionsEgress` the source came from. */
  permissionIndex?: number;
  /** Network ACL entry the finding is about. */
  aclEntry?: { ruleNumber: number; egress: boolean };
  vpcId?: string;
  message: string;
  exposure?: Exposure;
  /** Rule-specific facts for people and for the planner (kept JSON-serialisable). */
  details?: Record<string, string | number | boolean | string[]>;
}

/** Stable identity of a finding across runs: the same rule on the same exact source. */
export function findingKey(f: Finding): string {
  const source = f.source ? JSON.stringify(f.source) : '';
  const acl = f.aclEntry ? `${f.aclEntry.egress ? 'out' : 'in'}#${f.aclEntry.ruleNumber}` : '';
  return [
    f.ruleId,
    f.resourceId,
    f.direction ?? '',
    f.protocol ?? '',
    f.fromPort ?? '',
    f.toPort ?? '',
    source,
    acl,
  ].join('|');
}
