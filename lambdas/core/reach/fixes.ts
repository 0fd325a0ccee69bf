/**
 * The smallest EC2 API calls that would make a blocked path work, or close a reachable one.
 * Each fix narrows to the exact peer address and the exact services the path needs.
 */
import { AddressSet } from '../net/address-set';
import { ICMP, ICMPV6, protocolName, TCP, UDP } from '../net/protocol';
import type { ServiceSet } from '../net/service-set';
import { INTERNET } from '../net/special-ranges';
import { type Addr, inSet } from './addr';
import { routeDestination } from './describe';
import type { ReachIndex, SgRule } from './reach-index';
import type { BlockingFact, FixHint } from './segments';
import type { SuggestedFix } from './types';

function hostCidr(a: Addr): string {
  return a.version === 4 ? `${a.text}/32` : `${a.text}/128`;
}

/** One IpPermission per protocol and port range of the set (EC2's shape). */
function permissions(services: ServiceSet, peer: Addr): Record<string, unknown>[] {
  const range =
    peer.version === 4 ? { IpRanges: [{ CidrIp: hostCidr(peer) }] } : { Ipv6Ranges: [{ CidrIpv6: hostCidr(peer) }] };
  if (services.isAll()) return [{ IpProtocol: '-1', ...range }];
  const out: Record<string, unknown>[] = [];
  for (const p of services.protocols()) {
    const ports = services.portsOf(p);
    if (p === TCP || p === UDP) {
      for (const [from, to] of ports.ranges())
        out.push({ IpProtocol: protocolName(p), FromPort: from, ToPort: to, ...range });
    } else if (p === ICMP || p === ICMPV6) {
      if (ports.isAll()) out.push({ IpProtocol: protocolName(p), FromPort: -1, ToPort: -1, ...range });
      else
        for (const [from, to] of ports.ranges())
          for (let t = from; t <= to; t++) out.push({ IpProtocol: protocolName(p), FromPort: t, ToPort: -1, ...range });
    } else {
      out.push({ IpProtocol: String(p), ...range });
    }
  }
  return out;
}

/** A free rule number below `below` (so the new allow is evaluated before the entry that denied). */
function freeRuleNumber(used: number[], below: number): number | undefined {
  const taken = new Set(used);
  if (below >= 32767) {
    // Only the final `*` denies: append after the last entry, on the next round ten.
    const next = Math.floor(Math.max(0, ...used) / 10) * 10 + 10;
    if (next <= 32766 && !taken.has(next)) return next;
  }
  const firstDenyLimit = Math.min(below - 1, 32766);
  for (let n = firstDenyLimit; n >= 1; n--) if (!taken.has(n)) return n;
  return undefined;
}

function aclEntries(
  action: 'allow' | 'deny',
  services: ServiceSet,
  hint: { aclId: string; egress: boolean; peer: Addr; below: number; usedNumbers: number[] },
): SuggestedFix[] {
  const { aclId, egress, peer } = hint;
  const cidr = peer.version === 4 ? { CidrBlock: hostCidr(peer) } : { Ipv6CidrBlock: hostCidr(peer) };
  const base = { NetworkAclId: aclId, RuleAction: action, Egress: egress, ...cidr };
  const reason = `${action} the traffic ${egress ? 'out to' : 'in from'} ${peer.text} before the entry that ${action === 'allow' ? 'denies' : 'allows'} it`;
  const used = [...hint.usedNumbers];
  const next = (): number | undefined => {
    const n = freeRuleNumber(used, hint.below);
    if (n !== undefined) used.push(n);
    return n;
  };
  const entries: Record<string, unknown>[] = [];
  if (services.isAll()) entries.push({ Protocol: '-1' });
  else {
    for (const p of services.protocols()) {
      const ports = services.portsOf(p);
      if (p === TCP || p === UDP) {
        for (const [from, to] of ports.ranges())
          entries.push({ Protocol: String(p), PortRange: { From: from, To: to } });
      } else if (p === ICMP || p === ICMPV6) {
        entries.push({
          Protocol: String(p),
          IcmpTypeCode: { Type: ports.isAll() ? -1 : (ports.first() ?? -1), Code: -1 },
        });
      } else {
        entries.push({ Protocol: String(p) });
      }
    }
  }
  const out: SuggestedFix[] = [];
  for (const e of entries) {
    const n = next();
    if (n === undefined) return [];
    out.push({ api: 'CreateNetworkAclEntry', params: { ...base, RuleNumber: n, ...e }, reason });
  }
  return out;
}

/** To close a path no security group guards: a deny entry for exactly this flow, before the entry that allowed it. */
export function fixesToCloseWithAcl(hint: Extract<FixHint, { kind: 'acl' }>): SuggestedFix[] {
  return aclEntries('deny', hint.services, hint);
}

export function fixesForBlocked(idx: ReachIndex, facts: readonly BlockingFact[]): SuggestedFix[] {
  const fixes: SuggestedFix[] = [];
  for (const f of facts) {
    const h = f.fix;
    if (h === undefined) continue;
    switch (h.kind) {
      case 'sg': {
        const api = h.direction === 'ingress' ? 'AuthorizeSecurityGroupIngress' : 'AuthorizeSecurityGroupEgress';
        fixes.push({
          api,
          params: { GroupId: h.groupId, IpPermissions: permissions(h.services, h.peer) },
          reason: `let ${h.services} ${h.direction === 'ingress' ? 'in from' : 'out to'} ${h.peer.text} through ${h.groupId}`,
        });
        break;
      }
      case 'acl':
        fixes.push(...aclEntries('allow', h.services, h));
        break;
      case 'route': {
        const target = h.via
          ? { cidr: coveringCidr(idx, h.destination, h.via), param: h.via }
          : routeTargetFor(idx, h.vpcId, h.destination);
        if (target === undefined) break;
        const dest =
          h.destination.version === 4
            ? { DestinationCidrBlock: target.cidr }
            : { DestinationIpv6CidrBlock: target.cidr };
        fixes.push({
          api: 'CreateRoute',
          params: { RouteTableId: h.routeTableId, ...dest, ...target.param },
          reason: `route ${target.cidr} through ${Object.values(target.param)[0]}`,
        });
        break;
      }
      case 'blackhole': {
        const r = h.route.route;
        const dest = r.DestinationCidrBlock
          ? { DestinationCidrBlock: r.DestinationCidrBlock }
          : r.DestinationIpv6CidrBlock
            ? { DestinationIpv6CidrBlock: r.DestinationIpv6CidrBlock }
            : { DestinationPrefixListId: r.DestinationPrefixListId };
        fixes.push({
          api: 'DeleteRoute',
          params: { RouteTableId: h.routeTableId, ...dest },
          reason: `remove the blackhole route ${routeDestination(r)} so a less specific route (or a new one) applies`,
        });
        break;
      }
      case 'public-ip':
        fixes.push({
          api: 'AllocateAddress',
          params: { Domain: 'vpc' },
          reason: 'an Elastic IP address for the interface',
        });
        fixes.push({
          api: 'AssociateAddress',
          params: { NetworkInterfaceId: h.eniId, AllocationId: '<AllocationId from AllocateAddress>' },
          reason: `give ${h.eniId} a public address the internet gateway can translate to`,
        });
        break;
      case 'source-dest-check':
        fixes.push({
          api: 'ModifyNetworkInterfaceAttribute',
          params: { NetworkInterfaceId: h.eniId, SourceDestCheck: { Value: false } },
          reason: `let ${h.eniId} forward traffic that is not addressed to it`,
        });
        break;
      case 'tgw-association': {
        const tgw = idx.model.transitGateway(h.transitGatewayId);
        const rtb = tgw?.Options?.AssociationDefaultRouteTableId;
        if (rtb === undefined) break;
        fixes.push({
          api: 'AssociateTransitGatewayRouteTable',
          params: { TransitGatewayRouteTableId: rtb, TransitGatewayAttachmentId: h.attachmentId },
          reason: `associate ${h.attachmentId} with the transit gateway's default route table`,
        });
        break;
      }
    }
  }
  return dedupe(fixes);
}

/** Where a missing route should point: the peer VPC's peering connection, else the internet gateway. */
function routeTargetFor(
  idx: ReachIndex,
  vpcId: string,
  dst: Addr,
): { cidr: string; param: Record<string, string> } | undefined {
  const model = idx.model;
  for (const pcx of model.peeringsOfVpc(vpcId)) {
    if (pcx.Status?.Code !== 'active') continue;
    const other = pcx.RequesterVpcInfo?.VpcId === vpcId ? pcx.AccepterVpcInfo?.VpcId : pcx.RequesterVpcInfo?.VpcId;
    if (other === undefined) continue;
    const vpc = model.vpc(other);
    const cidrs = [
      ...(vpc?.CidrBlock ? [vpc.CidrBlock] : []),
      ...(vpc?.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock),
    ];
    const hit = cidrs.find((c) => cidrContains(c, dst));
    if (hit !== undefined) return { cidr: hit, param: { VpcPeeringConnectionId: pcx.VpcPeeringConnectionId } };
  }
  const igw = model.internetGatewaysOfVpc(vpcId)[0];
  if (igw !== undefined && inSet(INTERNET, dst)) {
    return { cidr: dst.version === 4 ? '0.0.0.0/0' : '::/0', param: { GatewayId: igw.InternetGatewayId } };
  }
  return undefined;
}

function cidrContains(cidr: string, a: Addr): boolean {
  return inSet(AddressSet.fromCidr(cidr), a);
}

/** The VPC CIDR block holding the address (the route a person would add), else the host itself; the default route for the internet. */
function coveringCidr(idx: ReachIndex, a: Addr, via: Record<string, string>): string {
  if (via.GatewayId?.startsWith('igw-')) return a.version === 4 ? '0.0.0.0/0' : '::/0';
  for (const vpc of idx.model.allVpcs()) {
    const blocks = [
      ...(vpc.CidrBlockAssociationSet ?? []).map((b) => b.CidrBlock),
      ...(vpc.CidrBlock ? [vpc.CidrBlock] : []),
      ...(vpc.Ipv6CidrBlockAssociationSet ?? []).map((b) => b.Ipv6CidrBlock),
    ];
    const hit = blocks.find((c) => cidrContains(c, a));
    if (hit !== undefined) return hit;
  }
  return hostCidr(a);
}

/** To close a reachable path: revoke every rule that admitted it at the destination (or let it out of the source). */
export function fixesForReachable(rules: readonly SgRule[]): SuggestedFix[] {
  const fixes = rules.map((r) => {
    const p = r.permission;
    const perm: Record<string, unknown> = { IpProtocol: p.IpProtocol };
    if (p.FromPort !== undefined) perm.FromPort = p.FromPort;
    if (p.ToPort !== undefined) perm.ToPort = p.ToPort;
    switch (r.source.kind) {
      case 'cidr':
        if (r.source.cidr.includes(':')) perm.Ipv6Ranges = [{ CidrIpv6: r.source.cidr }];
        else perm.IpRanges = [{ CidrIp: r.source.cidr }];
        break;
      case 'prefix-list':
        perm.PrefixListIds = [{ PrefixListId: r.source.prefixListId }];
        break;
      case 'group':
        perm.UserIdGroupPairs = [{ GroupId: r.source.groupId }];
        break;
    }
    return {
      api: r.direction === 'ingress' ? 'RevokeSecurityGroupIngress' : 'RevokeSecurityGroupEgress',
      params: { GroupId: r.groupId, IpPermissions: [perm] },
      reason: `remove the ${r.direction} rule of ${r.groupId} that lets this traffic through`,
    };
  });
  return dedupe(fixes);
}

function dedupe(fixes: SuggestedFix[]): SuggestedFix[] {
  const seen = new Set<string>();
  return fixes.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
