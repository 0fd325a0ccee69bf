/**
 * The planner: for one finding, the smallest list of EC2 calls that removes it. Security groups
 * lose exactly the offending source (never the whole permission, which may also hold private
 * ranges and group references), or have it narrowed to configured ranges; the default group is
 * emptied; a network ACL entry is deleted when it only opens administration ports, else the
 * internet is denied those ports just before it (the private ranges keep what the entry gives
 * them); routes are removed or restored; flow logs are created; subnets stop assigning public
 * addresses. What NetWarden should not change on its own (deleting groups) is `manual`.
 */
import { type Finding, findingKey } from '../findings/finding';
import type { IpPermission, NetworkAcl, NetworkAclEntry, Route, SecurityGroup } from '../model/aws-types';
import type { NetworkModel } from '../model/network-model';
import { AddressSet } from '../net/address-set';
import { PortSet } from '../net/port-set';
import { RFC1918, RFC6598 } from '../net/special-ranges';
import type {
  AuthorizeSecurityGroupAction,
  NetworkAclEntryParams,
  RemediationAction,
  RevokeSecurityGroupAction,
  RouteDestination,
  RouteTargetKey,
} from './actions';
import { defaultRemediationConfig, type NarrowingRule, type RemediationConfig } from './config';
import { routeDestination, routeParams } from './inverse';
import { manualPlan, type Plan } from './plan';
import {
  hasSource,
  normalizeProtocol,
  permissionShapeKey,
  permissionWithSource,
  ruleMatches,
  shapeText,
  singleSourcePermission,
  sourcesOf,
  sourceText,
} from './sg-permissions';

/** Security-group rules whose finding names one offending source to revoke or narrow. */
const SOURCE_RULES = new Set([
  'sg-risky-port-open-to-internet',
  'sg-all-traffic-open-to-internet',
  'sg-wide-public-range',
]);

const UNIQUE_LOCAL_IPV6 = AddressSet.fromCidr('fc00::/7');

/** Ports the nacl-admin-port rule is about when the finding does not name them (SSH, RDP). */
const DEFAULT_ADMIN_PORTS = PortSet.fromRanges([
  [22, 22],
  [3389, 3389],
]);

export function planFor(
  model: NetworkModel,
  finding: Finding,
  config: Pick<RemediationConfig, 'narrowing' | 'flowLogs'> = defaultRemediationConfig(),
): Plan {
  const key = findingKey(finding);
  if (SOURCE_RULES.has(finding.ruleId)) return planSourceRevoke(model, finding, key, config.narrowing);
  switch (finding.ruleId) {
    case 'sg-default-group-has-rules':
      return planEmptyDefaultGroup(model, finding, key);
    case 'sg-unattached':
      return manualPlan(
        finding,
        key,
        'NetWarden never deletes security groups: confirm nothing (launch templates, other accounts, IaC) still uses it, then delete it.',
      );
    case 'nacl-admin-port-open-to-internet':
      return planAclEntry(model, finding, key);
    case 'vpc-flow-logs-missing':
      return planFlowLogs(model, finding, key, config.flowLogs);
    case 'subnet-auto-assign-public-ip':
      return planSubnetAttribute(model, finding, key);
  }
  if (finding.resourceType === 'AWS::EC2::RouteTable') return planRoute(model, finding, key);
  return manualPlan(finding, key, `no automatic remediation for rule ${finding.ruleId}`);
}

// ---- security groups ------------------------------------------------------------------------

function planSourceRevoke(
  model: NetworkModel,
  finding: Finding,
  key: string,
  narrowing: readonly NarrowingRule[],
): Plan {
  const group = model.securityGroup(finding.resourceId);
  if (!group) return manualPlan(finding, key, `security group ${finding.resourceId} is not in the snapshot`);
  const source = finding.source;
  if (!source) return manualPlan(finding, key, 'the finding names no source to revoke');
  const egress = finding.direction === 'egress';
  const permission = findPermission(group, egress, finding);
  if (!permission) {
    return manualPlan(
      finding,
      key,
      `${group.GroupId} has no ${egress ? 'egress' : 'ingress'} rule from ${sourceText(source)} any more`,
    );
  }
  const single = singleSourcePermission(permission, source);
  const revoke = revokeAction(model, group.GroupId, egress, [single]);
  const narrower = egress ? undefined : narrowingFor(narrowing, group.GroupId, permission);
  if (!narrower) {
    return {
      findingKey: key,
      ruleId: finding.ruleId,
      resourceId: finding.resourceId,
      status: 'ready',
      actions: [revoke],
      summary: `Revoke only ${shapeText(permission)} ${egress ? 'to' : 'from'} ${sourceText(source)} on ${group.GroupId}; its other sources stay.`,
    };
  }
  // Authorize the narrower ranges first so the sources that need access never lose it.
  const authorize: AuthorizeSecurityGroupAction = {
    api: 'AuthorizeSecurityGroupIngress',
    resourceId: group.GroupId,
    params: {
      GroupId: group.GroupId,
      IpPermissions: narrower.cidrs
        .filter((cidr) => !hasSource(permission, cidrSource(cidr)))
        .map((cidr) =>
          withDescription(
            permissionWithSource(permission, cidrSource(cidr)),
            `netwarden: narrowed from ${sourceText(source)}`,
          ),
        ),
    },
  };
  const actions: RemediationAction[] = authorize.params.IpPermissions.length > 0 ? [authorize, revoke] : [revoke];
  return {
    findingKey: key,
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    status: 'ready',
    actions,
    summary: `Narrow ${shapeText(permission)} on ${group.GroupId} from ${sourceText(source)} to ${narrower.cidrs.join(', ')} (configured narrowing).`,
  };
}

/** The permission the finding's source came from: by index when it still fits, else by shape and source. */
function findPermission(group: SecurityGroup, egress: boolean, finding: Finding): IpPermission | undefined {
  const permissions = (egress ? group.IpPermissionsEgress : group.IpPermissions) ?? [];
  const source = finding.source;
  if (!source) return undefined;
  const wantedShape =
    finding.protocol === undefined
      ? undefined
      : permissionShapeKey({
          IpProtocol: finding.protocol === 'all' ? '-1' : finding.protocol,
          FromPort: finding.fromPort,
          ToPort: finding.toPort,
        });
  const fits = (p: IpPermission | undefined): p is IpPermission =>
    p !== undefined && hasSource(p, source) && (wantedShape === undefined || permissionShapeKey(p) === wantedShape);
  const byIndex = finding.permissionIndex === undefined ? undefined : permissions[finding.permissionIndex];
  if (fits(byIndex)) return byIndex;
  return permissions.find(fits);
}

function revokeAction(
  model: NetworkModel,
  groupId: string,
  egress: boolean,
  singles: IpPermission[],
): RevokeSecurityGroupAction {
  const api = egress ? 'RevokeSecurityGroupEgress' : 'RevokeSecurityGroupIngress';
  const rules = model.snapshot.SecurityGroupRules;
  const ruleIds = singles.map((single) => {
    const source = sourcesOf(single)[0];
    return source
      ? rules.find((rule) => ruleMatches(rule, groupId, egress, single, source))?.SecurityGroupRuleId
      : undefined;
  });
  if (ruleIds.every((id): id is string => id !== undefined)) {
    return {
      api,
      resourceId: groupId,
      params: { GroupId: groupId, SecurityGroupRuleIds: ruleIds },
      permissions: singles,
    };
  }
  // Descriptions are not part of a rule's identity; leaving them out keeps the revoke matching.
  return {
    api,
    resourceId: groupId,
    params: { GroupId: groupId, IpPermissions: singles.map(withoutDescriptions) },
    permissions: singles,
  };
}

function narrowingFor(
  rules: readonly NarrowingRule[],
  groupId: string,
  permission: IpPermission,
): NarrowingRule | undefined {
  const protocol = normalizeProtocol(permission.IpProtocol);
  return rules.find((rule) => {
    if (rule.groupId !== undefined && rule.groupId !== groupId) return false;
    if (rule.protocol !== undefined && rule.protocol !== protocol) return false;
    if (rule.ports === undefined) return true;
    if (protocol !== 'tcp' && protocol !== 'udp') return false;
    const from = permission.FromPort ?? 0;
    const to = permission.ToPort ?? 65535;
    return rule.ports.isSupersetOf(PortSet.range(from, to));
  });
}

function cidrSource(cidr: string) {
  return cidr.includes(':') ? { cidrIpv6: cidr } : { cidr };
}

function withDescription(p: IpPermission, description: string): IpPermission {
  const copy = structuredClone(p);
  for (const r of copy.IpRanges ?? []) r.Description = description;
  for (const r of copy.Ipv6Ranges ?? []) r.Description = description;
  return copy;
}

function withoutDescriptions(p: IpPermission): IpPermission {
  const copy = structuredClone(p);
  for (const r of copy.IpRanges ?? []) delete r.Description;
  for (const r of copy.Ipv6Ranges ?? []) delete r.Description;
  for (const r of copy.PrefixListIds ?? []) delete r.Description;
  for (const r of copy.UserIdGroupPairs ?? []) delete r.Description;
  return copy;
}

function planEmptyDefaultGroup(model: NetworkModel, finding: Finding, key: string): Plan {
  const group = model.securityGroup(finding.resourceId);
  if (!group) return manualPlan(finding, key, `security group ${finding.resourceId} is not in the snapshot`);
  const actions: RemediationAction[] = [];
  for (const egress of [false, true]) {
    const permissions = (egress ? group.IpPermissionsEgress : group.IpPermissions) ?? [];
    const singles = permissions.flatMap((p) => sourcesOf(p).map((s) => singleSourcePermission(p, s)));
    if (singles.length > 0) actions.push(revokeAction(model, group.GroupId, egress, singles));
  }
  if (actions.length === 0) return manualPlan(finding, key, `default group ${group.GroupId} already has no rules`);
  return {
    findingKey: key,
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    status: 'ready',
    actions,
    summary: `Empty the default security group ${group.GroupId} (every ingress and egress rule), as AWS recommends; resources should use their own groups.`,
  };
}

// ---- network ACLs ---------------------------------------------------------------------------

function planAclEntry(model: NetworkModel, finding: Finding, key: string): Plan {
  const acl = model.networkAcl(finding.resourceId);
  if (!acl) return manualPlan(finding, key, `network ACL ${finding.resourceId} is not in the snapshot`);
  if (!finding.aclEntry) return manualPlan(finding, key, 'the finding names no network ACL entry');
  const { ruleNumber, egress } = finding.aclEntry;
  const entry = (acl.Entries ?? []).find((e) => e.RuleNumber === ruleNumber && e.Egress === egress);
  if (entry?.RuleAction !== 'allow') {
    return manualPlan(
      finding,
      key,
      `${acl.NetworkAclId} has no allow entry #${ruleNumber} (${egress ? 'egress' : 'ingress'}) any more`,
    );
  }
  const protocol = normalizeProtocol(entry.Protocol);
  const entryPorts = entry.PortRange
    ? PortSet.range(entry.PortRange.From ?? 0, entry.PortRange.To ?? 65535)
    : PortSet.all();
  const admin = adminPorts(finding);
  // What the entry opens that is risky, per protocol: the admin ports it covers.
  const risky: { protocol: 'tcp' | 'udp'; ports: PortSet }[] = (['tcp', 'udp'] as const)
    .filter((p) => protocol === '-1' || protocol === p)
    .map((p) => ({ protocol: p, ports: admin[p].intersect(protocol === '-1' ? PortSet.all() : entryPorts) }))
    .filter((r) => !r.ports.isEmpty());
  if (risky.length === 0)
    return manualPlan(finding, key, `entry #${ruleNumber} does not open an administration port any more`);
  const riskyText = risky.map((r) => `${r.protocol} ${r.ports.toString()}`).join(', ');
  const cidr = entry.CidrBlock ?? entry.Ipv6CidrBlock ?? '';
  if (protocol !== '-1' && risky.length === 1 && risky[0]?.ports.equals(entryPorts)) {
    return {
      findingKey: key,
      ruleId: finding.ruleId,
      resourceId: finding.resourceId,
      status: 'ready',
      actions: [
        {
          api: 'DeleteNetworkAclEntry',
          resourceId: acl.NetworkAclId,
          params: { NetworkAclId: acl.NetworkAclId, RuleNumber: ruleNumber, Egress: egress },
          previous: structuredClone(entry),
        },
      ],
      summary: `Delete entry #${ruleNumber} of ${acl.NetworkAclId}: it only allows the administration port(s) ${riskyText} from ${cidr}.`,
    };
  }
  // The entry also allows legitimate traffic: keep it, and just before it deny only the admin
  // ports. A deny from the entry's whole range would also hit traffic from inside the VPC and its
  // private neighbours (and replies to their ephemeral ports), so those ranges are first allowed
  // exactly as the entry allows them: evaluated right before the entry, that changes nothing for them.
  const exceptions = privateExceptions(model, acl, entry);
  const denies = risky.flatMap((r) => r.ports.ranges().map(([from, to]) => ({ protocol: r.protocol, from, to })));
  const needed = exceptions.length + denies.length;
  const numbers = freeRuleNumbersBefore(acl, entry, needed);
  if (!numbers) {
    return manualPlan(
      finding,
      key,
      `no ${needed} free rule number(s) between the previous ${entry.Ipv6CidrBlock !== undefined ? 'IPv6' : 'IPv4'} entry and #${ruleNumber} in ${acl.NetworkAclId}: renumber the entries, then deny ${riskyText} from the internet before #${ruleNumber}`,
    );
  }
  const base = { NetworkAclId: acl.NetworkAclId, Egress: egress };
  const allowParams: NetworkAclEntryParams[] = exceptions.map((range, i) => {
    const params: NetworkAclEntryParams = {
      ...base,
      RuleNumber: numbers[i] ?? ruleNumber,
      Protocol: entry.Protocol,
      RuleAction: 'allow',
    };
    if (range.includes(':')) params.Ipv6CidrBlock = range;
    else params.CidrBlock = range;
    if (entry.PortRange !== undefined) params.PortRange = { ...entry.PortRange };
    if (entry.IcmpTypeCode !== undefined) params.IcmpTypeCode = { ...entry.IcmpTypeCode };
    return params;
  });
  const denyParams: NetworkAclEntryParams[] = denies.map((deny, i) => {
    const params: NetworkAclEntryParams = {
      ...base,
      RuleNumber: numbers[exceptions.length + i] ?? ruleNumber,
      Protocol: deny.protocol === 'tcp' ? '6' : '17',
      RuleAction: 'deny',
      PortRange: { From: deny.from, To: deny.to },
    };
    if (entry.CidrBlock !== undefined) params.CidrBlock = entry.CidrBlock;
    if (entry.Ipv6CidrBlock !== undefined) params.Ipv6CidrBlock = entry.Ipv6CidrBlock;
    return params;
  });
  const actions: RemediationAction[] = [...allowParams, ...denyParams].map((params) => ({
    api: 'CreateNetworkAclEntry',
    resourceId: acl.NetworkAclId,
    params,
  }));
  const kept = exceptions.length > 0 ? ` after allowing ${exceptions.join(', ')} as #${ruleNumber} does` : '';
  return {
    findingKey: key,
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    status: 'ready',
    actions,
    summary: `Deny ${riskyText} from ${cidr} in ${acl.NetworkAclId}${kept}, with rule(s) ${numbers.join(', ')} evaluated just before #${ruleNumber}, which keeps allowing the rest.`,
  };
}

/**
 * The non-internet part of the entry's range that must keep its access: the VPC's own CIDRs and
 * the private ranges (RFC 1918 and 100.64.0.0/10 for IPv4, unique-local fc00::/7 for IPv6) its
 * peers and on-premises networks use, as a minimal CIDR list inside the entry's range.
 */
function privateExceptions(model: NetworkModel, acl: NetworkAcl, entry: NetworkAclEntry): string[] {
  const range = entry.CidrBlock ?? entry.Ipv6CidrBlock;
  if (range === undefined) return [];
  const ipv6 = entry.Ipv6CidrBlock !== undefined;
  const vpc = model.vpcAddresses(acl.VpcId);
  const nonPublic = ipv6 ? vpc.ipv6().union(UNIQUE_LOCAL_IPV6) : vpc.ipv4().union(RFC1918).union(RFC6598);
  return nonPublic.intersect(AddressSet.fromCidr(range)).toCidrs();
}

/** The admin ports per protocol from the finding (`details.adminPorts`, "tcp/22"), else SSH and RDP on both. */
function adminPorts(finding: Finding): Record<'tcp' | 'udp', PortSet> {
  const listed = finding.details?.adminPorts;
  if (!Array.isArray(listed)) return { tcp: DEFAULT_ADMIN_PORTS, udp: DEFAULT_ADMIN_PORTS };
  const ports = { tcp: PortSet.empty(), udp: PortSet.empty() };
  for (const item of listed) {
    const match = /^(tcp|udp)\/(\d+)(?:-(\d+))?$/.exec(item);
    if (!match) continue;
    const protocol = match[1] as 'tcp' | 'udp';
    const from = Number(match[2]);
    ports[protocol] = ports[protocol].union(PortSet.range(from, match[3] === undefined ? from : Number(match[3])));
  }
  return ports;
}

/**
 * `count` unused rule numbers right below the entry, above every earlier entry of the same
 * direction and address family: the denies are then evaluated just before the entry they restrict
 * and after every entry that could match the same packets first. Entries of the other family never
 * match those packets, so the denies may sit below them.
 */
function freeRuleNumbersBefore(acl: NetworkAcl, entry: NetworkAclEntry, count: number): number[] | undefined {
  const sameDirection = (acl.Entries ?? []).filter((e) => e.Egress === entry.Egress);
  const ipv6 = entry.Ipv6CidrBlock !== undefined;
  const floor = sameDirection
    .filter((e) => e.RuleNumber < entry.RuleNumber && (e.Ipv6CidrBlock !== undefined) === ipv6)
    .reduce((max, e) => Math.max(max, e.RuleNumber), 0);
  const used = new Set(sameDirection.map((e) => e.RuleNumber));
  const free: number[] = [];
  for (let n = entry.RuleNumber - 1; n > floor && free.length < count; n--) {
    if (!used.has(n)) free.push(n);
  }
  return free.length === count ? free.reverse() : undefined;
}

// ---- flow logs and subnets ------------------------------------------------------------------

function planFlowLogs(
  model: NetworkModel,
  finding: Finding,
  key: string,
  settings: RemediationConfig['flowLogs'],
): Plan {
  const vpc = model.vpc(finding.resourceId);
  if (!vpc) return manualPlan(finding, key, `VPC ${finding.resourceId} is not in the snapshot`);
  if (!settings.deliverLogsPermissionArn) {
    return manualPlan(
      finding,
      key,
      `set flowLogs.deliverLogsPermissionArn in the remediation config (the role that delivers to the KMS-encrypted log group ${settings.logGroupName}); NetWarden then creates the flow log itself`,
    );
  }
  return {
    findingKey: key,
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    status: 'ready',
    actions: [
      {
        api: 'CreateFlowLogs',
        resourceId: vpc.VpcId,
        params: {
          ResourceIds: [vpc.VpcId],
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 'cloud-watch-logs',
          LogGroupName: settings.logGroupName,
          DeliverLogsPermissionArn: settings.deliverLogsPermissionArn,
          TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: [{ Key: 'netwarden:managed', Value: 'true' }] }],
        },
      },
    ],
    summary: `Create a flow log of ALL traffic of ${vpc.VpcId} into the KMS-encrypted log group ${settings.logGroupName}.`,
  };
}

function planSubnetAttribute(model: NetworkModel, finding: Finding, key: string): Plan {
  const subnet = model.subnet(finding.resourceId);
  if (!subnet) return manualPlan(finding, key, `subnet ${finding.resourceId} is not in the snapshot`);
  return {
    findingKey: key,
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    status: 'ready',
    actions: [
      {
        api: 'ModifySubnetAttribute',
        resourceId: subnet.SubnetId,
        params: { SubnetId: subnet.SubnetId, MapPublicIpOnLaunch: { Value: false } },
        previous: subnet.MapPublicIpOnLaunch ?? false,
      },
    ],
    summary: `Stop ${subnet.SubnetId} from giving new instances a public IPv4 address (running ones keep theirs).`,
  };
}

// ---- route tables ---------------------------------------------------------------------------

const TARGET_BY_PREFIX: [string, RouteTargetKey][] = [
  ['eigw-', 'EgressOnlyInternetGatewayId'],
  ['igw-', 'GatewayId'],
  ['vgw-', 'GatewayId'],
  ['vpce-', 'GatewayId'],
  ['nat-', 'NatGatewayId'],
  ['pcx-', 'VpcPeeringConnectionId'],
  ['tgw-', 'TransitGatewayId'],
  ['eni-', 'NetworkInterfaceId'],
  ['i-', 'InstanceId'],
  ['lgw-', 'LocalGatewayId'],
  ['cagw-', 'CarrierGatewayId'],
];

/**
 * Route findings (drift and private-subnet-to-IGW rules) name the route in `details`:
 * `destination` (IPv4/IPv6 CIDR or pl-…) and, to restore a deleted or replaced route,
 * `expectedTarget` (igw-…, nat-…, tgw-…, pcx-…, eni-…). Without `expectedTarget` the route is removed.
 */
function planRoute(model: NetworkModel, finding: Finding, key: string): Plan {
  const table = model.routeTable(finding.resourceId);
  if (!table) return manualPlan(finding, key, `route table ${finding.resourceId} is not in the snapshot`);
  const destinationText = finding.details?.destination;
  if (typeof destinationText !== 'string')
    return manualPlan(finding, key, 'the finding names no route destination (details.destination)');
  const destination: RouteDestination = destinationText.startsWith('pl-')
    ? { DestinationPrefixListId: destinationText }
    : destinationText.includes(':')
      ? { DestinationIpv6CidrBlock: destinationText }
      : { DestinationCidrBlock: destinationText };
  const current = (table.Routes ?? []).find((r) => JSON.stringify(routeDestination(r)) === JSON.stringify(destination));
  const expected = finding.details?.expectedTarget;
  const base = { findingKey: key, ruleId: finding.ruleId, resourceId: finding.resourceId, status: 'ready' as const };
  if (typeof expected !== 'string') {
    if (!current) return manualPlan(finding, key, `${table.RouteTableId} has no route to ${destinationText} any more`);
    if (current.GatewayId === 'local') return manualPlan(finding, key, 'the local route cannot be removed');
    return {
      ...base,
      actions: [
        {
          api: 'DeleteRoute',
          resourceId: table.RouteTableId,
          params: { RouteTableId: table.RouteTableId, ...destination },
          previous: structuredClone(current),
        },
      ],
      summary: `Delete the route to ${destinationText} from ${table.RouteTableId}.`,
    };
  }
  const targetKey = TARGET_BY_PREFIX.find(([prefix]) => expected.startsWith(prefix))?.[1];
  if (!targetKey) return manualPlan(finding, key, `cannot tell what kind of target ${expected} is`);
  const wanted: Route = { ...destination, [targetKey]: expected };
  if (!current) {
    return {
      ...base,
      actions: [
        { api: 'CreateRoute', resourceId: table.RouteTableId, params: routeParams(table.RouteTableId, wanted) },
      ],
      summary: `Restore the route to ${destinationText} via ${expected} in ${table.RouteTableId}.`,
    };
  }
  return {
    ...base,
    actions: [
      {
        api: 'ReplaceRoute',
        resourceId: table.RouteTableId,
        params: routeParams(table.RouteTableId, wanted),
        previous: structuredClone(current),
      },
    ],
    summary: `Point the route to ${destinationText} in ${table.RouteTableId} back at ${expected}.`,
  };
}
