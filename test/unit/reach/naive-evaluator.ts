/**
 * A deliberately simple per-packet evaluator for the differential test: plain loops over the raw
 * snapshot, IPv4 only, no sets, no index. It covers what the random networks contain (ENIs,
 * security groups, network ACLs, route tables with local / internet gateway / peering / blackhole
 * routes) and nothing else, so that it stays obviously correct.
 */
import type {
  NetworkAclEntry,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
} from '../../../lambdas/core/model/aws-types';
import type { Snapshot } from '../../../lambdas/core/model/snapshot';

export interface NaivePacket {
  /** `eni-…` or `internet` (then `internetAddress` is the source). */
  from: string;
  to: string;
  protocol: 'tcp' | 'udp';
  port: number;
  sourcePort: number;
  internetAddress: string;
}

function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  return (((parts[0] ?? 0) * 256 + (parts[1] ?? 0)) * 256 + (parts[2] ?? 0)) * 256 + (parts[3] ?? 0);
}

function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? '32');
  const size = 2 ** (32 - bits);
  const start = Math.floor(ipToNumber(base ?? '0.0.0.0') / size) * size;
  const n = ipToNumber(ip);
  return n >= start && n < start + size;
}

function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1] ?? '32');
}

function isPrivate(ip: string): boolean {
  return cidrContains('10.0.0.0/8', ip) || cidrContains('172.16.0.0/12', ip) || cidrContains('192.168.0.0/16', ip);
}

function protocolNumber(p: 'tcp' | 'udp'): string {
  return p === 'tcp' ? '6' : '17';
}

function sgProtocolMatches(ruleProtocol: string, p: 'tcp' | 'udp'): boolean {
  return ruleProtocol === '-1' || ruleProtocol === p || ruleProtocol === protocolNumber(p);
}

function findEni(s: Snapshot, id: string): NetworkInterface | undefined {
  for (const e of s.NetworkInterfaces) if (e.NetworkInterfaceId === id) return e;
  return undefined;
}

function groupMembersHave(s: Snapshot, groupId: string, ip: string): boolean {
  for (const e of s.NetworkInterfaces) {
    for (const g of e.Groups ?? []) if (g.GroupId === groupId && e.PrivateIpAddress === ip) return true;
  }
  return false;
}

/** Any rule of any group on the ENI admits the packet (security groups: allow-only, union). */
function sgAllows(s: Snapshot, eni: NetworkInterface, egress: boolean, peer: string, p: NaivePacket): boolean {
  for (const ref of eni.Groups ?? []) {
    let group: SecurityGroup | undefined;
    for (const g of s.SecurityGroups) if (g.GroupId === ref.GroupId) group = g;
    if (group === undefined) continue;
    for (const rule of (egress ? group.IpPermissionsEgress : group.IpPermissions) ?? []) {
      if (!sgProtocolMatches(rule.IpProtocol, p.protocol)) continue;
      if (rule.IpProtocol !== '-1' && rule.FromPort !== undefined && rule.FromPort !== -1) {
        if (p.port < rule.FromPort || p.port > (rule.ToPort ?? rule.FromPort)) continue;
      }
      for (const r of rule.IpRanges ?? []) if (cidrContains(r.CidrIp, peer)) return true;
      for (const g of rule.UserIdGroupPairs ?? []) if (g.GroupId && groupMembersHave(s, g.GroupId, peer)) return true;
    }
  }
  return false;
}

function aclOf(s: Snapshot, subnetId: string, vpcId: string): NetworkAclEntry[] {
  for (const acl of s.NetworkAcls) {
    for (const a of acl.Associations ?? []) if (a.SubnetId === subnetId) return acl.Entries ?? [];
  }
  for (const acl of s.NetworkAcls) if (acl.VpcId === vpcId && acl.IsDefault) return acl.Entries ?? [];
  return [];
}

/** First matching entry by rule number decides; none matching = the final deny. */
function aclAllows(entries: NetworkAclEntry[], egress: boolean, peer: string, p: 'tcp' | 'udp', port: number): boolean {
  const sorted = entries
    .filter((e) => e.Egress === egress && e.RuleNumber < 32767)
    .sort((a, b) => a.RuleNumber - b.RuleNumber);
  for (const e of sorted) {
    if (e.Protocol !== '-1' && e.Protocol !== protocolNumber(p)) continue;
    if (e.Protocol !== '-1' && e.PortRange !== undefined) {
      if (port < (e.PortRange.From ?? 0) || port > (e.PortRange.To ?? 65535)) continue;
    }
    if (e.CidrBlock === undefined || !cidrContains(e.CidrBlock, peer)) continue;
    return e.RuleAction === 'allow';
  }
  return false;
}

function routeTableOf(s: Snapshot, subnetId: string, vpcId: string): RouteTable | undefined {
  for (const t of s.RouteTables) for (const a of t.Associations ?? []) if (a.SubnetId === subnetId) return t;
  for (const t of s.RouteTables) for (const a of t.Associations ?? []) if (a.Main && t.VpcId === vpcId) return t;
  return undefined;
}

type Hop =
  | { kind: 'local' }
  | { kind: 'igw'; id: string }
  | { kind: 'pcx'; id: string }
  | { kind: 'nat'; id: string }
  | { kind: 'drop' };

/** Longest prefix; on a tie static before propagated. */
function nextHop(s: Snapshot, subnetId: string, vpcId: string, dst: string): Hop {
  const table = routeTableOf(s, subnetId, vpcId);
  let best: { len: number; propagated: boolean; hop: Hop } | undefined;
  for (const r of table?.Routes ?? []) {
    if (r.DestinationCidrBlock === undefined || !cidrContains(r.DestinationCidrBlock, dst)) continue;
    const len = prefixLength(r.DestinationCidrBlock);
    const propagated = r.Origin === 'EnableVgwRoutePropagation';
    let hop: Hop = { kind: 'drop' };
    if (r.State === 'blackhole') hop = { kind: 'drop' };
    else if (r.GatewayId === 'local') hop = { kind: 'local' };
    else if (r.GatewayId?.startsWith('igw-')) hop = { kind: 'igw', id: r.GatewayId };
    else if (r.VpcPeeringConnectionId) hop = { kind: 'pcx', id: r.VpcPeeringConnectionId };
    else if (r.NatGatewayId) hop = { kind: 'nat', id: r.NatGatewayId };
    if (best === undefined || len > best.len || (len === best.len && best.propagated && !propagated)) {
      best = { len, propagated, hop };
    }
  }
  return best?.hop ?? { kind: 'drop' };
}

function igwAttached(s: Snapshot, igwId: string, vpcId: string): boolean {
  for (const g of s.InternetGateways) {
    if (g.InternetGatewayId !== igwId) continue;
    for (const a of g.Attachments ?? []) if (a.VpcId === vpcId && a.State === 'available') return true;
  }
  return false;
}

function anyIgwAttached(s: Snapshot, vpcId: string): boolean {
  for (const g of s.InternetGateways)
    for (const a of g.Attachments ?? []) if (a.VpcId === vpcId && a.State === 'available') return true;
  return false;
}

function peeringConnects(s: Snapshot, pcxId: string, fromVpc: string, toVpc: string): boolean {
  for (const c of s.VpcPeeringConnections) {
    if (c.VpcPeeringConnectionId !== pcxId || c.Status?.Code !== 'active') continue;
    const a = c.RequesterVpcInfo?.VpcId;
    const b = c.AccepterVpcInfo?.VpcId;
    if ((a === fromVpc && b === toVpc) || (a === toVpc && b === fromVpc)) return true;
  }
  return false;
}

function vpcCidr(s: Snapshot, vpcId: string): string {
  for (const v of s.Vpcs) if (v.VpcId === vpcId) return v.CidrBlock ?? '255.255.255.255/32';
  return '255.255.255.255/32';
}

/** Every port of the range passes the ACL (a NAT gateway may pick any of them). */
function aclAllowsEveryPort(
  entries: NetworkAclEntry[],
  egress: boolean,
  peer: string,
  p: 'tcp' | 'udp',
  from: number,
  to: number,
): boolean {
  for (let port = from; port <= to; port++) if (!aclAllows(entries, egress, peer, p, port)) return false;
  return true;
}

/** ENI -> internet through a NAT gateway: both subnets' ACLs, the NAT subnet's route, the NAT's public address. */
function throughNat(s: Snapshot, src: NetworkInterface, natId: string, p: NaivePacket): boolean {
  const nat = s.NatGateways.find((n) => n.NatGatewayId === natId);
  if (nat === undefined || nat.State !== 'available' || nat.VpcId !== src.VpcId) return false;
  const srcIp = src.PrivateIpAddress ?? '';
  const srcAcl = aclOf(s, src.SubnetId, src.VpcId);
  const natAcl = aclOf(s, nat.SubnetId, nat.VpcId);
  const crosses = src.SubnetId !== nat.SubnetId;
  if (crosses && !aclAllows(srcAcl, true, p.internetAddress, p.protocol, p.port)) return false;
  if (crosses && !aclAllows(natAcl, false, srcIp, p.protocol, p.port)) return false;
  const hop = nextHop(s, nat.SubnetId, nat.VpcId, p.internetAddress);
  if (hop.kind !== 'igw' || !igwAttached(s, hop.id, nat.VpcId)) return false;
  if (nat.ConnectivityType === 'private' || nat.NatGatewayAddresses?.[0]?.PublicIp === undefined) return false;
  if (!aclAllows(natAcl, true, p.internetAddress, p.protocol, p.port)) return false;
  // The reply comes back to the NAT's port (1024-65535), then to the client's port.
  if (!aclAllowsEveryPort(natAcl, false, p.internetAddress, p.protocol, 1024, 65535)) return false;
  if (crosses && !aclAllows(natAcl, true, srcIp, p.protocol, p.sourcePort)) return false;
  if (crosses && !aclAllows(srcAcl, false, p.internetAddress, p.protocol, p.sourcePort)) return false;
  return true;
}

/**
 * Whether the request gets to the destination and its reply gets back; undefined for a packet this
 * evaluator does not model (an ENI-to-ENI packet routed through the NAT gateway).
 */
export function naiveReachable(s: Snapshot, p: NaivePacket): boolean | undefined {
  const src = p.from === 'internet' ? undefined : findEni(s, p.from);
  const dst = p.to === 'internet' ? undefined : findEni(s, p.to);
  if (src === undefined && dst === undefined) return false;

  if (src === undefined && dst !== undefined) {
    // Internet -> ENI: through an attached IGW to the ENI's public address.
    const publicIp = dst.Association?.PublicIp;
    if (publicIp === undefined || isPrivate(p.internetAddress)) return false;
    if (!anyIgwAttached(s, dst.VpcId)) return false;
    const dstAcl = aclOf(s, dst.SubnetId, dst.VpcId);
    if (!aclAllows(dstAcl, false, p.internetAddress, p.protocol, p.port)) return false;
    if (!sgAllows(s, dst, false, p.internetAddress, p)) return false;
    const back = nextHop(s, dst.SubnetId, dst.VpcId, p.internetAddress);
    if (back.kind !== 'igw' || !igwAttached(s, back.id, dst.VpcId)) return false;
    return aclAllows(dstAcl, true, p.internetAddress, p.protocol, p.sourcePort);
  }

  if (src === undefined) return false;
  const srcIp = src.PrivateIpAddress ?? '';
  const srcAcl = aclOf(s, src.SubnetId, src.VpcId);

  if (dst === undefined) {
    // ENI -> internet.
    if (!sgAllows(s, src, true, p.internetAddress, p)) return false;
    const hop = nextHop(s, src.SubnetId, src.VpcId, p.internetAddress);
    if (hop.kind === 'nat') return throughNat(s, src, hop.id, p);
    if (hop.kind !== 'igw' || !igwAttached(s, hop.id, src.VpcId)) return false;
    if (src.Association?.PublicIp === undefined || isPrivate(p.internetAddress)) return false;
    if (!aclAllows(srcAcl, true, p.internetAddress, p.protocol, p.port)) return false;
    return aclAllows(srcAcl, false, p.internetAddress, p.protocol, p.sourcePort);
  }

  // ENI -> ENI by private address.
  const dstIp = dst.PrivateIpAddress ?? '';
  const dstAcl = aclOf(s, dst.SubnetId, dst.VpcId);
  if (!sgAllows(s, src, true, dstIp, p)) return false;
  const hop = nextHop(s, src.SubnetId, src.VpcId, dstIp);
  if (hop.kind === 'local') {
    if (dst.VpcId !== src.VpcId) return false;
  } else if (hop.kind === 'nat') {
    return undefined;
  } else if (hop.kind === 'pcx') {
    if (dst.VpcId === src.VpcId || !peeringConnects(s, hop.id, src.VpcId, dst.VpcId)) return false;
    if (!cidrContains(vpcCidr(s, dst.VpcId), dstIp)) return false;
  } else {
    return false;
  }
  const crosses = src.SubnetId !== dst.SubnetId;
  if (crosses && !aclAllows(srcAcl, true, dstIp, p.protocol, p.port)) return false;
  if (crosses && !aclAllows(dstAcl, false, srcIp, p.protocol, p.port)) return false;
  if (!sgAllows(s, dst, false, srcIp, p)) return false;
  // The reply: routed back the same way, and stateless ACLs on the client's port.
  const back = nextHop(s, dst.SubnetId, dst.VpcId, srcIp);
  if (hop.kind === 'local' && back.kind !== 'local') return false;
  if (hop.kind === 'pcx' && (back.kind !== 'pcx' || back.id !== hop.id)) return false;
  if (crosses && !aclAllows(dstAcl, true, srcIp, p.protocol, p.sourcePort)) return false;
  if (crosses && !aclAllows(srcAcl, false, dstIp, p.protocol, p.sourcePort)) return false;
  return true;
}
