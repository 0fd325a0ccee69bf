/** `analyzePath`: one source, one destination, a protocol and ports; the verdict with its evidence and fixes. */
import type { NetworkModel } from '../model/network-model';
import { AddressSet } from '../net/address-set';
import { PortSet } from '../net/port-set';
import { ICMP, ICMPV6, type ProtocolNumber } from '../net/protocol';
import { ServiceSet } from '../net/service-set';
import { PUBLIC_IPV4, PUBLIC_IPV6 } from '../net/special-ranges';
import { type Addr, addressInside, parseAddr } from './addr';
import { describeServices } from './describe';
import { type Endpoint, resolveEndpoint } from './endpoints';
import { partitionAcl, replyAllowedRows } from './filters';
import { fixesForBlocked, fixesForReachable, fixesToCloseWithAcl } from './fixes';
import { type CompiledEni, type ReachIndex, reachIndexFor } from './reach-index';
import { walkReturn } from './return-path';
import { internetRoutedSet } from './route-sweep';
import {
  DEFAULT_EPHEMERAL_PORTS,
  MANAGED_EPHEMERAL_PORTS,
  type PathQuery,
  PathQueryError,
  type PathResult,
  type ReachOptions,
  type SuggestedFix,
} from './types';
import { Walk } from './walk';

export function analyzePath(model: NetworkModel, query: PathQuery, options: ReachOptions = {}): PathResult {
  const idx = reachIndexFor(model);
  const sourceIp = optionalAddr(query.sourceIp, 'source IP');
  const destinationIp = optionalAddr(query.destinationIp, 'destination IP');
  if (sourceIp && destinationIp && sourceIp.version !== destinationIp.version) {
    throw new PathQueryError(
      `source IP ${sourceIp.text} and destination IP ${destinationIp.text} are of different IP versions`,
    );
  }
  const sources = resolveEndpoint(idx, query.source, 'source');
  const destinations = resolveEndpoint(idx, query.destination, 'destination');
  let first: PathResult | undefined;
  for (const s of sources) {
    for (const d of destinations) {
      const r = analyzePair(idx, query, options, s, d, sourceIp, destinationIp);
      if (r.reachable) return r;
      first ??= r;
    }
  }
  if (first === undefined) throw new PathQueryError('nothing to analyse');
  return first;
}

function optionalAddr(text: string | undefined, what: string): Addr | undefined {
  if (text === undefined) return undefined;
  const a = parseAddr(text);
  if (a === undefined) throw new PathQueryError(`${what} ${JSON.stringify(text)} is not an IPv4 or IPv6 address`);
  return a;
}

function chooseFamily(query: PathQuery, s: Endpoint, d: Endpoint, sourceIp?: Addr, destinationIp?: Addr): 4 | 6 {
  const given =
    sourceIp?.version ?? destinationIp?.version ?? endpointAddress(s)?.version ?? endpointAddress(d)?.version;
  if (given !== undefined) return given;
  if (query.ipVersion !== undefined) return query.ipVersion;
  for (const e of [d, s]) {
    if (e.kind === 'eni' && e.eni.privateIpv4.length === 0 && e.eni.ipv6.length > 0) return 6;
  }
  // From the internet an ENI without a public IPv4 address is reachable only over IPv6.
  if (s.kind === 'internet' && d.kind === 'eni' && d.eni.publicIpv4.length === 0 && d.eni.ipv6.length > 0) return 6;
  return 4;
}

function endpointAddress(e: Endpoint): Addr | undefined {
  return e.kind === 'eni' || e.kind === 'internet' || e.kind === 'subnet'
    ? e.address
    : e.kind === 'external'
      ? e.address
      : undefined;
}

export function requestedServices(
  protocol: ProtocolNumber | 'all',
  family: 4 | 6,
  ports?: { from: number; to: number },
): {
  services: ServiceSet;
  protocol: ProtocolNumber | 'all';
} {
  if (protocol === 'all') return { services: ServiceSet.all(), protocol };
  let p = protocol;
  if (p === ICMP && family === 6) p = ICMPV6;
  if (p === ICMPV6 && family === 4) p = ICMP;
  if (ports !== undefined) return { services: ServiceSet.of(p, PortSet.range(ports.from, ports.to)), protocol: p };
  if (p === ICMP) return { services: ServiceSet.of(p, PortSet.single(8)), protocol: p };
  if (p === ICMPV6) return { services: ServiceSet.of(p, PortSet.single(128)), protocol: p };
  return { services: ServiceSet.of(p), protocol: p };
}

/** Lambda, load balancer and NAT gateway interfaces pick their source ports in 1024-65535. */
function managedClient(e: Endpoint): boolean {
  if (e.kind !== 'eni') return false;
  const t = e.eni.eni.InterfaceType;
  return t === 'lambda' || t === 'network_load_balancer' || e.eni.eni.RequesterId === 'amazon-elb';
}

function analyzePair(
  idx: ReachIndex,
  query: PathQuery,
  options: ReachOptions,
  s: Endpoint,
  d: Endpoint,
  sourceIp: Addr | undefined,
  destinationIp: Addr | undefined,
): PathResult {
  const family = chooseFamily(query, s, d, sourceIp, destinationIp);
  const { services, protocol } = requestedServices(query.protocol, family, query.destinationPorts);
  const range = options.ephemeralPorts ?? (managedClient(s) ? MANAGED_EPHEMERAL_PORTS : DEFAULT_EPHEMERAL_PORTS);
  const clientPorts =
    query.sourcePort !== undefined ? PortSet.single(query.sourcePort) : PortSet.range(range.from, range.to);
  const walk = new Walk(idx, services, protocol, d);
  walk.assumptions.add(
    query.sourcePort !== undefined
      ? `The client uses source port ${query.sourcePort}.`
      : `Replies go to the client's ephemeral ports ${range.from}-${range.to}${options.ephemeralPorts ? ' (as set)' : managedClient(s) ? ' (Lambda/ELB range)' : ' (Linux default; set --ephemeral-ports for another OS, e.g. Windows 49152-65535)'}.`,
  );

  const srcEni = s.kind === 'eni' ? s.eni : undefined;
  const dstEni = d.kind === 'eni' ? d.eni : undefined;
  const src =
    sourceIp ??
    endpointAddress(s) ??
    sourceAddressOf(idx, s, family) ??
    (s.kind === 'internet' ? internetWitness(idx, dstEni, 'ingress', family, services, clientPorts) : undefined);
  const dst =
    destinationIp ??
    endpointAddress(d) ??
    destinationAddressOf(idx, d, family, s.kind === 'internet') ??
    (d.kind === 'internet' || d.kind === 'nat'
      ? internetWitness(idx, srcEni, 'egress', family, services, clientPorts)
      : undefined);

  const start = (): void => {
    if (src === undefined || dst === undefined) {
      const which = src === undefined ? s : d;
      walk.explain(
        'NO_SOURCE_OR_DESTINATION',
        which.id,
        'forward',
        `${which.id} has no IPv${family} address to use${which.kind === 'tgw-attachment' ? '; give --source-ip/--destination-ip' : ''}.`,
      );
      return;
    }
    switch (s.kind) {
      case 'eni':
        if (s.interfaceEndpointId !== undefined || s.eni.eni.InterfaceType === 'vpc_endpoint') {
          walk.explain(
            'NO_SOURCE_OR_DESTINATION',
            s.interfaceEndpointId ?? s.id,
            'forward',
            `${s.interfaceEndpointId ?? s.id} is an interface endpoint: it receives connections but cannot initiate traffic.`,
          );
          return;
        }
        walk.fromEni(s.eni, src, dst, clientPorts);
        return;
      case 'subnet':
        walk.fromSubnetHost(s.subnetId, s.vpcId, src, dst, clientPorts);
        return;
      case 'internet':
        walk.fromInternet(src, dst, clientPorts, s.gatewayId);
        return;
      case 'nat':
        walk.fromNat(
          s.id,
          s.nat.SubnetId,
          s.nat.VpcId,
          src,
          dst,
          PortSet.range(MANAGED_EPHEMERAL_PORTS.from, MANAGED_EPHEMERAL_PORTS.to),
        );
        return;
      case 'tgw-attachment':
        walk.fromTgwAttachment(s.id, src, dst, clientPorts);
        return;
      case 'gateway-endpoint':
        walk.explain(
          'NO_SOURCE_OR_DESTINATION',
          s.id,
          'forward',
          `${s.id} is a gateway endpoint: it carries replies from the AWS service but cannot initiate traffic.`,
        );
        return;
      case 'external':
        walk.explain(
          'UNSUPPORTED_COMPONENT',
          s.id,
          'forward',
          `${s.id} is outside every VPC and not on the internet (VPN, Direct Connect): NetWarden does not model those sources.`,
        );
        return;
    }
  };
  start();
  if (walk.arrived) walkReturn(walk);

  const reachable = walk.arrived && walk.facts.length === 0 && walk.allowed.isSupersetOf(services);
  const allowed = walk.arrived ? walk.allowed : ServiceSet.empty();
  const first = walk.forward[0];
  return {
    reachable,
    unknown: walk.unknown,
    source: s.id,
    destination: d.id,
    packet: first?.packet ?? {
      sourceAddress: src?.text ?? '?',
      destinationAddress: dst?.text ?? '?',
      protocol: String(protocol),
    },
    allowedServices: describeServices(allowed),
    requestedServices: describeServices(services),
    forwardPath: walk.forward,
    returnPath: walk.back,
    explanations: walk.explanations,
    suggestedFixes: reachable ? closingFixes(walk) : fixesForBlocked(idx, walk.facts),
    assumptions: [...walk.assumptions],
  };
}

/** Revoke the destination's admitting rules; else the source's egress rules; else deny in the first ACL. */
function closingFixes(walk: Walk): SuggestedFix[] {
  if (walk.admittedBy.length > 0) return fixesForReachable(walk.admittedBy);
  if (walk.sourceEgress !== undefined && walk.sourceEgress.length > 0) return fixesForReachable(walk.sourceEgress);
  return walk.firstAcl === undefined ? [] : fixesToCloseWithAcl(walk.firstAcl);
}

function sourceAddressOf(idx: ReachIndex, s: Endpoint, family: 4 | 6): Addr | undefined {
  switch (s.kind) {
    case 'eni':
      return parseFirst(family === 4 ? s.eni.privateIpv4 : s.eni.ipv6);
    case 'subnet':
      return addressInside(idx.model.subnetAddresses(s.subnetId).intersect(familySet(family)), family, 4);
    case 'nat': {
      const a = s.nat.NatGatewayAddresses?.find((x) => x.IsPrimary !== false) ?? s.nat.NatGatewayAddresses?.[0];
      return family === 4 && a?.PrivateIp ? parseAddr(a.PrivateIp) : undefined;
    }
    case 'tgw-attachment':
      return attachmentAddress(idx, s.id, family);
    default:
      return undefined;
  }
}

function destinationAddressOf(idx: ReachIndex, d: Endpoint, family: 4 | 6, fromInternet: boolean): Addr | undefined {
  switch (d.kind) {
    case 'eni':
      if (family === 6) return parseFirst(d.eni.ipv6);
      return parseFirst(fromInternet && d.eni.publicIpv4.length > 0 ? d.eni.publicIpv4 : d.eni.privateIpv4);
    case 'subnet':
      return addressInside(idx.model.subnetAddresses(d.subnetId).intersect(familySet(family)), family, 4);
    case 'gateway-endpoint':
      return gatewayEndpointAddress(idx, d.id, family);
    case 'tgw-attachment':
      return attachmentAddress(idx, d.id, family);
    default:
      return undefined;
  }
}

function familySet(family: 4 | 6): AddressSet {
  return family === 4 ? AddressSet.allIpv4() : AddressSet.allIpv6();
}

function parseFirst(list: string[]): Addr | undefined {
  const text = list[0];
  return text === undefined ? undefined : parseAddr(text);
}

function attachmentAddress(idx: ReachIndex, attachmentId: string, family: 4 | 6): Addr | undefined {
  const tva = idx.model.transitGatewayVpcAttachment(attachmentId);
  if (tva === undefined) return undefined;
  return addressInside(idx.model.vpcAddresses(tva.VpcId).intersect(familySet(family)), family, 4);
}

/** An address of the AWS service behind a gateway endpoint: the first of its route's prefix list. */
function gatewayEndpointAddress(idx: ReachIndex, vpceId: string, family: 4 | 6): Addr | undefined {
  const ep = idx.model.vpcEndpoint(vpceId);
  for (const rtbId of ep?.RouteTableIds ?? []) {
    const table = idx.model.routeTable(rtbId);
    const route = table?.Routes?.find((r) => r.GatewayId === vpceId && r.DestinationPrefixListId !== undefined);
    const pl = route?.DestinationPrefixListId;
    const set = pl === undefined ? undefined : idx.model.prefixListAddresses(pl);
    const a = set?.intersect(familySet(family)).firstAddress();
    if (a !== undefined) return parseAddr(a);
  }
  return undefined;
}

/**
 * A public address to stand for "the internet": one the filters on `eni` would let through, so a
 * path open only to some sources is found; when nothing passes, the first public address shows the block.
 */
function internetWitness(
  idx: ReachIndex,
  eni: CompiledEni | undefined,
  dir: 'ingress' | 'egress',
  family: 4 | 6,
  services: ServiceSet,
  clientPorts: PortSet,
): Addr | undefined {
  let cand = family === 4 ? PUBLIC_IPV4 : PUBLIC_IPV6;
  const narrow = (next: AddressSet): void => {
    if (!next.isEmpty()) cand = next;
  };
  if (eni !== undefined) {
    let sg = AddressSet.empty();
    for (const g of eni.groups) {
      for (const r of dir === 'ingress' ? g.ingress : g.egress) {
        if (r.services.isSupersetOf(services)) sg = sg.union(r.addresses);
      }
    }
    narrow(cand.intersect(sg));
    if (dir === 'ingress') narrow(cand.intersect(internetRoutedSet(idx, eni.subnetId)));
    const acl = idx.aclForSubnet(eni.subnetId);
    if (acl !== undefined) {
      const forwardRules = dir === 'ingress' ? acl.inbound : acl.outbound;
      const replyRules = dir === 'ingress' ? acl.outbound : acl.inbound;
      let passing = AddressSet.empty();
      for (const row of partitionAcl(forwardRules, [{ services, addresses: cand }]).allowed) {
        if (row.services.isSupersetOf(services)) passing = passing.union(row.addresses);
      }
      narrow(passing);
      let replies = AddressSet.empty();
      for (const row of replyAllowedRows(replyRules, cand, services, clientPorts)) {
        if (row.forward.isSupersetOf(services)) replies = replies.union(row.peers);
      }
      narrow(replies);
    }
  }
  const text = cand.firstAddress();
  return text === undefined ? undefined : parseAddr(text);
}
