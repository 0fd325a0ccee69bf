/**
 * One path walk, forward: the packet hop by hop from source to destination, recorded as segments
 * that return-path.ts walks back for the reply. Addresses are concrete; the services are a set, so
 * one walk answers "which of these ports get through". Every filter is evaluated against the whole
 * request, so each blocking component is reported, not only the first; routing failures end the
 * walk (there is no next hop).
 */
import { PortSet } from '../net/port-set';
import { hasPorts, type ProtocolNumber, protocolName, TCP, UDP } from '../net/protocol';
import { ServiceSet } from '../net/service-set';
import { INTERNET, RFC1918, RFC6598 } from '../net/special-ranges';
import { type Addr, inSet } from './addr';
import { describeAclRule, describeRoute, describeSgRule, describeTarget } from './describe';
import type { Endpoint } from './endpoints';
import { type AclVerdict, evaluateAcl, evaluateGroups, evaluateReplyAcl } from './filters';
import { parseAddrOrUndefined, peeringCidrs, privateAddressFor, publicAddressFor } from './gateway-addresses';
import {
  type CompiledEni,
  type CompiledRouteTable,
  matchingRoutes,
  type ReachIndex,
  type RouteEntry,
  type SgRule,
} from './reach-index';
import { type BlockingFact, describeStation, type FixHint, type Segment, type Station } from './segments';
import type { ComponentType, Direction, Explanation, Hop, PacketHeader } from './types';

/** ICMP has types, not client ports: headers show no source port for it. */
const ICMP_PROTOCOLS = new Set([1, 58]);

export class Walk {
  readonly forward: Hop[] = [];
  readonly back: Hop[] = [];
  readonly explanations: Explanation[] = [];
  readonly facts: BlockingFact[] = [];
  readonly segments: Segment[] = [];
  readonly assumptions = new Set<string>();
  /** Ingress rules of the last interface that admitted the request (the destination), for "how to close it" fixes. */
  admittedBy: SgRule[] = [];
  /** The first network ACL the request passed, to close a path no security group guards. */
  firstAcl: Extract<FixHint, { kind: 'acl' }> | undefined;
  /** Egress rules of the source that let the request out (to close a path to the internet). */
  sourceEgress: SgRule[] | undefined;
  allowed: ServiceSet;
  unknown = false;
  /** The forward packet arrived at the destination (filters may still block). */
  arrived = false;
  private readonly visited = new Set<string>();

  constructor(
    readonly idx: ReachIndex,
    readonly requested: ServiceSet,
    private readonly protocol: ProtocolNumber | 'all',
    private readonly destination: Endpoint,
  ) {
    this.allowed = requested;
  }

  // ---- bookkeeping --------------------------------------------------------------------------

  private header(seg: Segment, direction: Direction, src = seg.src, dst = seg.dst): PacketHeader {
    const p = this.protocol;
    const h: PacketHeader =
      direction === 'forward'
        ? { sourceAddress: src.text, destinationAddress: dst.text, protocol: protocolName(p) }
        : { sourceAddress: dst.text, destinationAddress: src.text, protocol: protocolName(p) };
    if (p !== 'all' && hasPorts(p)) {
      const service = this.requested.portsOf(p).toString();
      const client = ICMP_PROTOCOLS.has(p) ? undefined : seg.clientPorts.toString();
      if (direction === 'forward') {
        if (client !== undefined) h.sourcePorts = client;
        h.destinationPorts = service;
      } else {
        h.sourcePorts = service;
        if (client !== undefined) h.destinationPorts = client;
      }
    }
    return h;
  }

  hop(
    seg: Segment,
    direction: Direction,
    componentId: string,
    componentType: ComponentType,
    via: string,
    rule?: unknown,
    packet?: PacketHeader,
  ): void {
    const h: Hop = { componentId, componentType, direction, via, packet: packet ?? this.header(seg, direction) };
    if (rule !== undefined) h.rule = rule;
    (direction === 'forward' ? this.forward : this.back).push(h);
  }

  explain(code: string, componentId: string, direction: Direction, message: string, fix?: FixHint): void {
    this.explanations.push({ code, componentId, direction, message, blocking: true });
    const fact: BlockingFact = { code, componentId, direction };
    if (fix !== undefined) fact.fix = fix;
    this.facts.push(fact);
  }

  private inform(code: string, componentId: string, direction: Direction, message: string): void {
    this.explanations.push({ code, componentId, direction, message, blocking: false });
  }

  block(): void {
    this.allowed = ServiceSet.empty();
  }

  private newSegment(vpcId: string, entry: Station, src: Addr, dst: Addr, clientPorts: PortSet): Segment {
    const seg: Segment = { vpcId, entry, src, dst, clientPorts };
    this.segments.push(seg);
    return seg;
  }

  // ---- filters ------------------------------------------------------------------------------

  private securityGroups(seg: Segment, eni: CompiledEni, dir: 'ingress' | 'egress', direction: Direction): void {
    if (eni.groups.length === 0) return;
    const peer = dir === 'ingress' ? seg.src : seg.dst;
    const v = evaluateGroups(eni.groups, dir, peer, this.requested);
    this.allowed = this.allowed.intersect(v.allowed);
    const groupIds = eni.groups.map((g) => g.groupId).join(', ');
    if (v.allowed.isSupersetOf(this.requested)) {
      if (dir === 'ingress') this.admittedBy = v.matched;
      else this.sourceEgress ??= v.matched;
      this.hop(
        seg,
        direction,
        groupIds,
        'security-group',
        `${dir} allowed by ${v.matched.map(describeSgRule).join('; ')}`,
        v.matched.map((r) => r.permission),
      );
      return;
    }
    const missing = this.requested.subtract(v.allowed);
    this.hop(seg, direction, groupIds, 'security-group', `${dir} blocks ${missing}`);
    const original = seg.originalSource;
    if (dir === 'ingress' && original !== undefined) {
      const lost = eni.groups
        .flatMap((g) => g.ingress)
        .filter((r) => r.source.kind === 'group' && inSet(r.addresses, original));
      for (const r of lost) {
        this.inform(
          'SG_REFERENCES_NOT_PRESERVED',
          r.groupId,
          direction,
          `${describeSgRule(r)} would admit ${original.text}, but the NAT gateway replaced the source with ${seg.src.text}, so the group reference does not match.`,
        );
      }
    }
    if (v.unknown.length > 0) {
      this.unknown = true;
      for (const r of v.unknown) {
        const code = r.source.kind === 'prefix-list' ? 'UNKNOWN_PREFIX_LIST' : 'UNKNOWN_PEERED_SGS';
        const what = r.source.kind === 'prefix-list' ? 'prefix list' : 'security group';
        this.explain(
          code,
          r.groupId,
          direction,
          `${describeSgRule(r)} references ${what} ${r.source.kind === 'group' ? r.source.groupId : r.source.kind === 'prefix-list' ? r.source.prefixListId : ''} that is not in the snapshot: whether it admits ${peer.text} for ${missing} is unknown.`,
        );
      }
      return;
    }
    const code = v.noRules ? 'SG_HAS_NO_RULES' : 'ENI_SG_RULES_MISMATCH';
    const first = eni.groups[0];
    this.explain(
      code,
      eni.id,
      direction,
      `No ${dir} rule of ${groupIds} on ${eni.id} allows ${missing} ${dir === 'ingress' ? 'from' : 'to'} ${peer.text}.`,
      first === undefined ? undefined : { kind: 'sg', groupId: first.groupId, direction: dir, peer, services: missing },
    );
  }

  acl(seg: Segment, subnetId: string, way: 'inbound' | 'outbound', direction: Direction): void {
    const acl = this.idx.aclForSubnet(subnetId);
    // Forward: outbound sees the destination, inbound the source. The reply swaps them.
    const forwardPeer = way === 'outbound' ? seg.dst : seg.src;
    const peer = direction === 'forward' ? forwardPeer : way === 'outbound' ? seg.src : seg.dst;
    if (acl === undefined) {
      this.unknown = true;
      this.explain(
        'UNKNOWN_NETWORK_ACL',
        subnetId,
        direction,
        `The network ACL of ${subnetId} is not in the snapshot.`,
      );
      return;
    }
    const rules = way === 'inbound' ? acl.inbound : acl.outbound;
    const v: AclVerdict =
      direction === 'forward'
        ? evaluateAcl(rules, peer, this.requested)
        : evaluateReplyAcl(rules, peer, this.requested, seg.clientPorts);
    this.allowed = this.allowed.intersect(v.allowed);
    const aclId = acl.acl.NetworkAclId;
    if (v.allowed.isSupersetOf(this.requested)) {
      if (direction === 'forward' && this.firstAcl === undefined) {
        this.firstAcl = {
          kind: 'acl',
          aclId,
          egress: way === 'outbound',
          peer,
          services: this.requested,
          below: Math.min(...v.allowedBy.map((r) => r.ruleNumber)),
          usedNumbers: rules.map((r) => r.ruleNumber),
        };
      }
      this.hop(
        seg,
        direction,
        aclId,
        'network-acl',
        `${way} allowed by ${v.allowedBy.map((r) => describeAclRule(r, aclId)).join('; ')}`,
        v.allowedBy.map((r) => r.entry),
      );
      return;
    }
    const denied = v.deniedBy.map((r) => describeAclRule(r, aclId)).join('; ');
    const what =
      direction === 'forward' ? this.requested.subtract(v.allowed).toString() : `replies to ports ${seg.clientPorts}`;
    this.hop(seg, direction, aclId, 'network-acl', `${way} blocks ${what} (${denied})`);
    const firstDeny = v.deniedBy[0];
    const below = firstDeny === undefined || firstDeny === 'default' ? 32767 : firstDeny.ruleNumber;
    const services =
      direction === 'forward'
        ? this.requested.subtract(v.allowed)
        : aclReplyServices(this.requested.subtract(v.allowed), seg.clientPorts);
    this.explain(
      'SUBNET_ACL_RESTRICTION',
      aclId,
      direction,
      `${way === 'inbound' ? 'Inbound' : 'Outbound'} rules of ${aclId} (subnet ${subnetId}) block ${what} ${way === 'inbound' ? 'from' : 'to'} ${peer.text}: ${denied}.`,
      {
        kind: 'acl',
        aclId,
        egress: way === 'outbound',
        peer,
        services,
        below,
        usedNumbers: rules.map((r) => r.ruleNumber),
      },
    );
  }

  // ---- forward ------------------------------------------------------------------------------

  fromEni(e: CompiledEni, src: Addr, dst: Addr, clientPorts: PortSet): void {
    const seg = this.newSegment(
      e.vpcId,
      { kind: 'subnet', subnetId: e.subnetId, componentId: e.id },
      src,
      dst,
      clientPorts,
    );
    this.hop(seg, 'forward', e.id, 'network-interface', `source ${src.text}`);
    const own = inSet(e.privateAddresses, src);
    if (!own && e.sourceDestCheck) {
      this.explain(
        'ENI_ADDRESS_RESTRICTION',
        e.id,
        'forward',
        `${src.text} is not an address of ${e.id}, and source/destination check is on, so the packet is dropped.`,
      );
      this.block();
    }
    this.securityGroups(seg, e, 'egress', 'forward');
    this.routeFrom(seg, e.subnetId, e.subnetId);
  }

  fromSubnetHost(subnetId: string, vpcId: string, src: Addr, dst: Addr, clientPorts: PortSet): void {
    const seg = this.newSegment(vpcId, { kind: 'subnet', subnetId, componentId: subnetId }, src, dst, clientPorts);
    this.hop(seg, 'forward', subnetId, 'subnet', `a host at ${src.text} (no security group evaluated)`);
    this.routeFrom(seg, subnetId, subnetId);
  }

  fromNat(natId: string, subnetId: string, vpcId: string, src: Addr, dst: Addr, clientPorts: PortSet): void {
    const seg = this.newSegment(vpcId, { kind: 'subnet', subnetId, componentId: natId }, src, dst, clientPorts);
    this.hop(seg, 'forward', natId, 'nat-gateway', `traffic leaving the NAT gateway from ${src.text}`);
    this.routeFrom(seg, subnetId, subnetId);
  }

  /** The packet comes from the internet to `dst` (a public IPv4 mapped to an ENI, or an IPv6 address). */
  fromInternet(src: Addr, dst: Addr, clientPorts: PortSet, gatewayId?: string, originalSource?: Addr): void {
    const outside: Segment = { vpcId: '', entry: { kind: 'igw', id: 'internet' }, src, dst, clientPorts };
    this.hop(outside, 'forward', 'internet', 'internet', `from ${src.text}`);
    if (src.version === 4 && !inSet(INTERNET, src)) {
      const code = inSet(RFC6598, src)
        ? 'IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS'
        : inSet(RFC1918, src)
          ? 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'
          : 'GATEWAY_REJECTS_SPOOFED_TRAFFIC';
      this.explain(
        code,
        gatewayId ?? 'internet',
        'forward',
        `An internet gateway drops packets from the non-public address ${src.text}.`,
      );
      this.block();
    }
    const model = this.idx.model;
    const eni = model.interfaceByAddress(dst.text);
    if (eni === undefined) {
      this.explain(
        'NO_POSSIBLE_DESTINATION',
        gatewayId ?? 'internet',
        'forward',
        `No network interface in the snapshot holds ${dst.text}.`,
      );
      this.block();
      return;
    }
    let privateDst: Addr | undefined;
    if (dst.version === 6) privateDst = dst;
    else privateDst = parseAddrOrUndefined(privateAddressFor(eni, dst.text));
    if (privateDst === undefined) {
      const isNat = eni.InterfaceType === 'nat_gateway';
      this.explain(
        isNat ? 'NO_PATH' : 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
        eni.NetworkInterfaceId,
        'forward',
        isNat
          ? `${dst.text} belongs to a NAT gateway, which accepts no connection started from the internet.`
          : `${dst.text} is a private address of ${eni.NetworkInterfaceId}; the internet can reach an ENI only through a public IPv4 or Elastic IP address (or IPv6).`,
      );
      this.block();
      return;
    }
    const vpcId = eni.VpcId;
    const igws = model.internetGatewaysOfVpc(vpcId).map((g) => g.InternetGatewayId);
    const igw = gatewayId !== undefined ? igws.find((g) => g === gatewayId) : igws[0];
    if (igw === undefined) {
      const eigw = model.egressOnlyGatewaysOfVpc(vpcId)[0];
      if (gatewayId !== undefined) {
        this.explain(
          'NO_PATH',
          gatewayId,
          'forward',
          `${gatewayId} is not attached to ${vpcId}, the VPC of ${eni.NetworkInterfaceId}.`,
        );
      } else if (dst.version === 6 && eigw !== undefined) {
        this.explain(
          'NO_PATH',
          eigw.EgressOnlyInternetGatewayId,
          'forward',
          `${vpcId} has only the egress-only internet gateway ${eigw.EgressOnlyInternetGatewayId}, which lets replies in but no connection started from the internet.`,
        );
      } else {
        this.explain(
          'NO_PATH',
          vpcId,
          'forward',
          `${vpcId} has no internet gateway attached, so nothing from the internet enters it.`,
        );
      }
      this.block();
      return;
    }
    const seg = this.newSegment(vpcId, { kind: 'igw', id: igw }, src, privateDst, clientPorts);
    if (originalSource !== undefined) seg.originalSource = originalSource;
    this.hop(
      seg,
      'forward',
      igw,
      'internet-gateway',
      dst.version === 4 ? `translates ${dst.text} to ${privateDst.text}` : 'IPv6: no translation',
    );
    const edge = model.routeTableForGateway(igw);
    if (edge !== undefined) {
      this.routeWith(seg, this.idx.routeTable(edge), undefined);
      return;
    }
    this.deliverLocal(seg, undefined);
  }

  fromTgwAttachment(attachmentId: string, src: Addr, dst: Addr, clientPorts: PortSet): void {
    const att = this.idx.model.transitGatewayAttachment(attachmentId);
    if (att === undefined) return;
    const outside: Segment = {
      vpcId: '',
      entry: { kind: 'tgw', id: att.TransitGatewayId, attachmentId },
      src,
      dst,
      clientPorts,
    };
    this.hop(
      outside,
      'forward',
      attachmentId,
      'transit-gateway-attachment',
      `traffic entering ${att.TransitGatewayId}`,
    );
    this.transitGateway(outside, att.TransitGatewayId, attachmentId);
  }

  private routeFrom(seg: Segment, routingSubnet: string, aclSubnet: string | undefined): void {
    const table = this.idx.routeTableForSubnet(routingSubnet);
    if (table === undefined) {
      this.explain(
        'NO_ROUTE_TO_DESTINATION',
        routingSubnet,
        'forward',
        `${routingSubnet} has no route table in the snapshot.`,
      );
      this.block();
      return;
    }
    this.routeWith(seg, table, aclSubnet);
  }

  private routeWith(seg: Segment, table: CompiledRouteTable, aclSubnet: string | undefined): void {
    const rtbId = table.table.RouteTableId;
    const loopKey = `${rtbId}|${seg.src.text}|${seg.dst.text}`;
    if (this.visited.has(loopKey)) {
      this.explain(
        'CANNOT_ROUTE',
        rtbId,
        'forward',
        `Routing loop: the packet to ${seg.dst.text} comes back to ${rtbId}.`,
      );
      this.block();
      return;
    }
    this.visited.add(loopKey);
    const matches = matchingRoutes(table.entries, seg.dst);
    const best = matches[0];
    if (best === undefined) {
      for (const r of table.unknownPrefixLists) {
        this.unknown = true;
        this.explain(
          'UNKNOWN_PREFIX_LIST',
          rtbId,
          'forward',
          `Route to ${r.DestinationPrefixListId} cannot be evaluated: the prefix list is not in the snapshot.`,
        );
      }
      this.explain('NO_ROUTE_TO_DESTINATION', rtbId, 'forward', `${rtbId} has no route to ${seg.dst.text}.`, {
        kind: 'route',
        routeTableId: rtbId,
        destination: seg.dst,
        vpcId: seg.vpcId,
      });
      this.block();
      return;
    }
    this.hop(seg, 'forward', rtbId, 'route-table', describeRoute(best.route, best.target), best.route);
    const shadowed = matches.find((m) => !m.blackhole && describeTarget(m.target) !== describeTarget(best.target));
    if (best.blackhole) {
      this.explain(
        'BAD_STATE_ROUTE',
        rtbId,
        'forward',
        `The route ${describeRoute(best.route, best.target)} in ${rtbId} is a blackhole: its target no longer exists.`,
        {
          kind: 'blackhole',
          routeTableId: rtbId,
          route: best,
        },
      );
      if (shadowed !== undefined) this.shadow(rtbId, best, shadowed);
      this.block();
      return;
    }
    const t = best.target;
    switch (t.kind) {
      case 'local':
        this.deliverLocal(seg, aclSubnet);
        return;
      case 'igw':
        this.toInternetGateway(seg, aclSubnet, t.id);
        return;
      case 'eigw':
        this.toEgressOnlyGateway(seg, aclSubnet, t.id);
        return;
      case 'nat':
        this.toNat(seg, aclSubnet, t.id);
        return;
      case 'pcx':
        this.toPeering(seg, aclSubnet, t.id);
        return;
      case 'tgw':
        this.toTransitGateway(seg, aclSubnet, t.id);
        return;
      case 'eni':
      case 'instance':
        this.toAppliance(seg, aclSubnet, t.kind, t.id);
        return;
      case 'vpce':
        this.toGatewayEndpoint(seg, aclSubnet, t.id);
        return;
      case 'unsupported':
        this.explain(
          'UNSUPPORTED_COMPONENT',
          t.id,
          'forward',
          `The route ${describeRoute(best.route, t)} leads to ${t.id}, a component NetWarden does not model yet.`,
        );
        this.block();
        return;
    }
  }

  private shadow(rtbId: string, best: RouteEntry, other: RouteEntry): void {
    const code = best.prefixLength > other.prefixLength ? 'MORE_SPECIFIC_ROUTE' : 'HIGHER_PRIORITY_ROUTE';
    this.inform(
      code,
      rtbId,
      'forward',
      `${describeRoute(best.route, best.target)} takes precedence over ${describeRoute(other.route, other.target)}.`,
    );
  }

  private leave(seg: Segment, aclSubnet: string | undefined): void {
    if (aclSubnet !== undefined) this.acl(seg, aclSubnet, 'outbound', 'forward');
  }

  private deliverLocal(seg: Segment, aclSubnet: string | undefined): void {
    const model = this.idx.model;
    const eniRaw = model.interfaceByAddress(seg.dst.text);
    const eni =
      eniRaw !== undefined && eniRaw.VpcId === seg.vpcId ? this.idx.eni(eniRaw.NetworkInterfaceId) : undefined;
    if (eni !== undefined && inSet(eni.privateAddresses, seg.dst)) {
      if (aclSubnet !== eni.subnetId) {
        this.leave(seg, aclSubnet);
        this.acl(seg, eni.subnetId, 'inbound', 'forward');
      }
      const station: Station = { kind: 'subnet', subnetId: eni.subnetId, componentId: eni.id };
      seg.exit = station;
      this.securityGroups(seg, eni, 'ingress', 'forward');
      this.hop(seg, 'forward', eni.id, 'network-interface', `destination ${seg.dst.text}`);
      this.arrive(station);
      return;
    }
    const subnet = model.subnetsOfVpc(seg.vpcId).find((s) => inSet(model.subnetAddresses(s.SubnetId), seg.dst));
    if (subnet === undefined) {
      this.explain(
        'NO_POSSIBLE_DESTINATION',
        seg.vpcId,
        'forward',
        `No subnet of ${seg.vpcId} contains ${seg.dst.text}.`,
      );
      this.block();
      return;
    }
    if (aclSubnet !== subnet.SubnetId) {
      this.leave(seg, aclSubnet);
      this.acl(seg, subnet.SubnetId, 'inbound', 'forward');
    }
    const station: Station = { kind: 'subnet', subnetId: subnet.SubnetId, componentId: subnet.SubnetId };
    seg.exit = station;
    this.hop(
      seg,
      'forward',
      subnet.SubnetId,
      'subnet',
      `destination ${seg.dst.text} (no network interface in the snapshot)`,
    );
    this.arrive(station);
  }

  private arrive(station: Station): void {
    const d = this.destination;
    const ok =
      (station.kind === 'subnet' &&
        ((d.kind === 'eni' && d.id === station.componentId) ||
          (d.kind === 'subnet' && d.subnetId === station.subnetId))) ||
      ((station.kind === 'igw' || station.kind === 'eigw') &&
        (d.kind === 'internet' ? d.gatewayId === undefined || d.gatewayId === station.id : false)) ||
      (station.kind === 'vpce' && (d.kind === 'gateway-endpoint' ? d.id === station.id : d.kind === 'internet'));
    if (ok) {
      this.arrived = true;
      return;
    }
    const where = station.kind === 'subnet' ? station.componentId : station.id;
    this.explain('NO_PATH', where, 'forward', `The packet ends at ${where}, not at ${d.id}.`);
    this.block();
  }

  private toInternetGateway(seg: Segment, aclSubnet: string | undefined, igwId: string): void {
    const model = this.idx.model;
    const attached = model.internetGatewaysOfVpc(seg.vpcId).some((g) => g.InternetGatewayId === igwId);
    this.leave(seg, aclSubnet);
    if (!attached) {
      this.explain('BAD_STATE', igwId, 'forward', `${igwId} is not attached to ${seg.vpcId}.`);
      this.block();
      return;
    }
    let publicSrc = seg.src;
    if (seg.dst.version === 4) {
      for (const [set, code] of [
        [RFC1918, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS'],
        [RFC6598, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS'],
      ] as const) {
        if (inSet(set, seg.dst)) {
          this.explain(
            code,
            igwId,
            'forward',
            `${igwId} does not forward to ${seg.dst.text}, a private or shared address.`,
          );
          this.block();
          return;
        }
      }
      const mapped = publicAddressFor(this.idx, seg.vpcId, seg.src);
      if (mapped.publicIp === undefined) {
        this.explain(
          'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS',
          mapped.componentId ?? igwId,
          'forward',
          `${seg.src.text}${mapped.componentId ? ` (${mapped.componentId})` : ''} has no public IPv4 or Elastic IP address, so ${igwId} drops its traffic to the internet.`,
          mapped.componentId?.startsWith('eni-') ? { kind: 'public-ip', eniId: mapped.componentId } : undefined,
        );
        this.block();
      } else {
        publicSrc = parseAddrOrUndefined(mapped.publicIp) ?? seg.src;
      }
    }
    seg.exit = { kind: 'igw', id: igwId };
    this.hop(
      seg,
      'forward',
      igwId,
      'internet-gateway',
      seg.src === publicSrc ? 'to the internet' : `translates ${seg.src.text} to ${publicSrc.text}`,
      undefined,
      this.header(seg, 'forward', publicSrc),
    );
    this.onInternet(seg, publicSrc, igwId);
  }

  private toEgressOnlyGateway(seg: Segment, aclSubnet: string | undefined, eigwId: string): void {
    const attached = this.idx.model
      .egressOnlyGatewaysOfVpc(seg.vpcId)
      .some((g) => g.EgressOnlyInternetGatewayId === eigwId);
    this.leave(seg, aclSubnet);
    if (!attached) {
      this.explain('BAD_STATE', eigwId, 'forward', `${eigwId} is not attached to ${seg.vpcId}.`);
      this.block();
      return;
    }
    seg.exit = { kind: 'eigw', id: eigwId };
    this.hop(seg, 'forward', eigwId, 'egress-only-internet-gateway', 'IPv6 to the internet (outbound only)');
    this.onInternet(seg, seg.src, eigwId);
  }

  /** On the internet: either the destination, or a public address of another ENI (hairpin). */
  private onInternet(seg: Segment, publicSrc: Addr, gatewayId: string): void {
    const target = inSet(INTERNET, seg.dst) ? this.idx.model.interfaceByAddress(seg.dst.text) : undefined;
    if (this.destination.kind === 'internet' || target === undefined) {
      if (!inSet(INTERNET, seg.dst)) {
        this.explain(
          'NO_POSSIBLE_DESTINATION',
          gatewayId,
          'forward',
          `${seg.dst.text} is not a public internet address.`,
        );
        this.block();
        return;
      }
      this.arrive(seg.exit ?? { kind: 'igw', id: gatewayId });
      return;
    }
    this.fromInternet(
      publicSrc,
      seg.dst,
      seg.clientPorts,
      undefined,
      seg.originalSource ?? (publicSrc === seg.src ? undefined : seg.src),
    );
  }

  private toNat(seg: Segment, aclSubnet: string | undefined, natId: string): void {
    const model = this.idx.model;
    const nat = model.natGateway(natId);
    if (nat === undefined || (nat.State !== undefined && nat.State !== 'available')) {
      this.explain(
        'BAD_STATE',
        natId,
        'forward',
        `${natId} is ${nat === undefined ? 'not in the snapshot' : `in state ${nat.State}`}.`,
      );
      this.block();
      return;
    }
    const fromOwnVpc = seg.entry.kind === 'subnet' || seg.entry.kind === 'tgw';
    if (!fromOwnVpc || nat.VpcId !== seg.vpcId) {
      this.explain(
        'NGW_REQUIRES_SOURCE_IN_VPC',
        natId,
        'forward',
        `${natId} forwards only traffic that starts in ${nat.VpcId} (or arrives from a transit gateway); ${seg.src.text} arrived through ${describeStation(seg.entry)}.`,
      );
      this.block();
      return;
    }
    if (aclSubnet !== nat.SubnetId) {
      this.leave(seg, aclSubnet);
      this.acl(seg, nat.SubnetId, 'inbound', 'forward');
    }
    const primary = nat.NatGatewayAddresses?.find((a) => a.IsPrimary !== false) ?? nat.NatGatewayAddresses?.[0];
    const natSrc = parseAddrOrUndefined(primary?.PrivateIp) ?? seg.src;
    seg.exit = { kind: 'subnet', subnetId: nat.SubnetId, componentId: natId };
    this.hop(
      seg,
      'forward',
      natId,
      'nat-gateway',
      `translates ${seg.src.text} to ${natSrc.text} (${nat.ConnectivityType ?? 'public'} NAT)`,
    );
    if (this.destination.kind === 'nat' && this.destination.id === natId) {
      this.arrived = true;
      return;
    }
    const managed = PortSet.range(1024, 65535);
    this.assumptions.add(
      'A NAT gateway rewrites the source port into 1024-65535: replies to it must pass network ACLs on that range.',
    );
    const next = this.newSegment(
      seg.vpcId,
      { kind: 'subnet', subnetId: nat.SubnetId, componentId: natId },
      natSrc,
      seg.dst,
      managed,
    );
    next.originalSource = seg.originalSource ?? seg.src;
    this.routeFrom(next, nat.SubnetId, nat.SubnetId);
  }

  private toPeering(seg: Segment, aclSubnet: string | undefined, pcxId: string): void {
    const model = this.idx.model;
    const pcx = model.peeringConnection(pcxId);
    this.leave(seg, aclSubnet);
    if (pcx === undefined || pcx.Status?.Code !== 'active') {
      this.explain(
        'BAD_STATE',
        pcxId,
        'forward',
        `${pcxId} is ${pcx === undefined ? 'not in the snapshot' : `${pcx.Status?.Code ?? 'in an unknown state'}, not active`}.`,
      );
      this.block();
      return;
    }
    if (seg.entry.kind !== 'subnet') {
      this.explain(
        'CANNOT_ROUTE',
        pcxId,
        'forward',
        `A peering connection carries only traffic that starts in ${seg.vpcId}; this packet arrived through ${describeStation(seg.entry)} (no transitive routing).`,
      );
      this.block();
      return;
    }
    const requester = pcx.RequesterVpcInfo;
    const accepter = pcx.AccepterVpcInfo;
    const peerInfo = requester?.VpcId === seg.vpcId ? accepter : requester;
    const peerVpc = peerInfo?.VpcId;
    if (peerVpc === undefined) {
      this.explain('BAD_STATE', pcxId, 'forward', `${pcxId} does not name the VPC on its other side.`);
      this.block();
      return;
    }
    const peerCidrs = model.vpc(peerVpc) ? model.vpcAddresses(peerVpc) : peeringCidrs(peerInfo);
    if (!inSet(peerCidrs, seg.dst)) {
      this.explain(
        'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR',
        pcxId,
        'forward',
        `${seg.dst.text} is not inside ${peerVpc}'s CIDR blocks; a peering connection delivers only to addresses in the peer VPC.`,
      );
      // The usual intent behind such a route: borrowing the peer's NAT gateway, which AWS does not allow either.
      for (const nat of model.natGatewaysOfVpc(peerVpc)) {
        this.inform(
          'NGW_REQUIRES_SOURCE_IN_VPC',
          nat.NatGatewayId,
          'forward',
          `${nat.NatGatewayId} in ${peerVpc} forwards only traffic that starts in ${peerVpc}: a peered VPC cannot use it (no edge-to-edge routing).`,
        );
      }
      this.block();
      return;
    }
    seg.exit = { kind: 'pcx', id: pcxId };
    this.hop(seg, 'forward', pcxId, 'vpc-peering-connection', `to ${peerVpc}`);
    if (model.vpc(peerVpc) === undefined) {
      this.unknown = true;
      this.explain(
        'UNKNOWN_DESTINATION',
        peerVpc,
        'forward',
        `${peerVpc} (the other side of ${pcxId}) is not in the snapshot.`,
      );
      this.block();
      return;
    }
    const next = this.newSegment(peerVpc, { kind: 'pcx', id: pcxId }, seg.src, seg.dst, seg.clientPorts);
    if (seg.originalSource !== undefined) next.originalSource = seg.originalSource;
    this.deliverLocal(next, undefined);
  }

  private toTransitGateway(seg: Segment, aclSubnet: string | undefined, tgwId: string): void {
    const model = this.idx.model;
    this.leave(seg, aclSubnet);
    const va = model
      .transitGatewayVpcAttachmentsOfVpc(seg.vpcId)
      .find((a) => a.TransitGatewayId === tgwId && (a.State === undefined || a.State === 'available'));
    if (va === undefined) {
      this.explain('BAD_STATE_ATTACHMENT', tgwId, 'forward', `${seg.vpcId} has no available attachment to ${tgwId}.`);
      this.block();
      return;
    }
    const fromSubnet = seg.entry.kind === 'subnet' ? seg.entry.subnetId : undefined;
    this.checkTgwAz(va.TransitGatewayAttachmentId, va.SubnetIds ?? [], aclSubnet ?? fromSubnet, 'forward');
    seg.exit = { kind: 'tgw', id: tgwId, attachmentId: va.TransitGatewayAttachmentId };
    this.hop(seg, 'forward', va.TransitGatewayAttachmentId, 'transit-gateway-attachment', `into ${tgwId}`);
    this.transitGateway(seg, tgwId, va.TransitGatewayAttachmentId);
  }

  checkTgwAz(
    attachmentId: string,
    attachmentSubnets: string[],
    subnetId: string | undefined,
    direction: Direction,
  ): void {
    if (subnetId === undefined) return;
    const model = this.idx.model;
    const az = model.subnet(subnetId)?.AvailabilityZone;
    const azs = attachmentSubnets.map((s) => model.subnet(s)?.AvailabilityZone);
    if (az !== undefined && !azs.includes(az)) {
      this.explain(
        'TGW_ROUTE_AZ_RESTRICTION',
        attachmentId,
        direction,
        `${attachmentId} has no subnet in ${az}, the Availability Zone of ${subnetId}, so traffic from there cannot reach the transit gateway.`,
      );
      this.block();
    }
  }

  private transitGateway(seg: Segment, tgwId: string, fromAttachmentId: string): void {
    const model = this.idx.model;
    const att = model.transitGatewayAttachment(fromAttachmentId);
    const rtbId =
      att?.Association?.State === 'disassociated' ? undefined : att?.Association?.TransitGatewayRouteTableId;
    if (rtbId === undefined) {
      this.explain(
        'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION',
        fromAttachmentId,
        'forward',
        `${fromAttachmentId} is associated with no route table of ${tgwId}, so the transit gateway drops its traffic.`,
        {
          kind: 'tgw-association',
          attachmentId: fromAttachmentId,
          transitGatewayId: tgwId,
        },
      );
      this.block();
      return;
    }
    const routes = this.idx.tgwRoutes(rtbId);
    if (routes === undefined) {
      this.unknown = true;
      this.explain(
        'TGW_RTB_ROUTES_ARE_UNKNOWN',
        rtbId,
        'forward',
        `The routes of ${rtbId} are not in the snapshot (add search-transit-gateway-routes output).`,
      );
      this.block();
      return;
    }
    const best = matchingRoutes(routes, seg.dst)[0];
    if (best === undefined) {
      this.explain('TGW_RTB_CANNOT_ROUTE', rtbId, 'forward', `${rtbId} has no route to ${seg.dst.text}.`);
      this.block();
      return;
    }
    if (best.blackhole || best.attachmentId === undefined) {
      this.explain('TGW_RTB_BAD_STATE_ROUTE', rtbId, 'forward', `The route ${best.cidr} in ${rtbId} is a blackhole.`);
      this.block();
      return;
    }
    const targetId = best.attachmentId;
    this.hop(
      seg,
      'forward',
      rtbId,
      'transit-gateway-route-table',
      `${best.cidr} -> ${targetId} (${best.route.Type ?? 'static'})`,
      best.route,
    );
    if (this.destination.kind === 'tgw-attachment' && this.destination.id === targetId) {
      this.arrived = true;
      return;
    }
    const target = model.transitGatewayAttachment(targetId);
    const tva = model.transitGatewayVpcAttachment(targetId);
    if (target?.ResourceType !== 'vpc' || tva === undefined) {
      this.explain(
        'UNSUPPORTED_COMPONENT',
        targetId,
        'forward',
        `${targetId} is a ${target?.ResourceType ?? 'unknown'} attachment; NetWarden follows only VPC attachments.`,
      );
      this.block();
      return;
    }
    const dstSubnetAz = this.subnetAzOfAddress(tva.VpcId, seg.dst);
    const subnets = tva.SubnetIds ?? [];
    const entrySubnet = subnets.find((s) => model.subnet(s)?.AvailabilityZone === dstSubnetAz) ?? subnets[0];
    if (entrySubnet === undefined) {
      this.explain('BAD_STATE_ATTACHMENT', targetId, 'forward', `${targetId} has no subnet.`);
      this.block();
      return;
    }
    this.assumptions.add(
      'Network ACLs of transit gateway attachment subnets are not evaluated; the subnets of the source and destination are.',
    );
    const next = this.newSegment(
      tva.VpcId,
      { kind: 'tgw', id: tgwId, attachmentId: targetId, subnetId: entrySubnet },
      seg.src,
      seg.dst,
      seg.clientPorts,
    );
    this.hop(next, 'forward', targetId, 'transit-gateway-attachment', `into ${tva.VpcId} through ${entrySubnet}`);
    this.routeFrom(next, entrySubnet, undefined);
  }

  private subnetAzOfAddress(vpcId: string, a: Addr): string | undefined {
    const model = this.idx.model;
    return model.subnetsOfVpc(vpcId).find((s) => inSet(model.subnetAddresses(s.SubnetId), a))?.AvailabilityZone;
  }

  private toAppliance(seg: Segment, aclSubnet: string | undefined, kind: 'eni' | 'instance', id: string): void {
    const model = this.idx.model;
    const eniId =
      kind === 'eni'
        ? id
        : model.interfacesOfInstance(id).find((e) => (e.Attachment?.DeviceIndex ?? 0) === 0)?.NetworkInterfaceId;
    const e = eniId === undefined ? undefined : this.idx.eni(eniId);
    if (e === undefined) {
      this.leave(seg, aclSubnet);
      this.explain('BAD_STATE_ROUTE', id, 'forward', `The route target ${id} is not in the snapshot.`);
      this.block();
      return;
    }
    if (aclSubnet !== e.subnetId) {
      this.leave(seg, aclSubnet);
      this.acl(seg, e.subnetId, 'inbound', 'forward');
    }
    this.securityGroups(seg, e, 'ingress', 'forward');
    if (e.sourceDestCheck) {
      this.explain(
        'ENI_SOURCE_DEST_CHECK_RESTRICTION',
        e.id,
        'forward',
        `${e.id} receives traffic for ${seg.dst.text}, not its own address, but source/destination check is on, so it drops it.`,
        { kind: 'source-dest-check', eniId: e.id },
      );
      this.block();
    }
    seg.exit = { kind: 'subnet', subnetId: e.subnetId, componentId: e.id };
    this.hop(seg, 'forward', e.id, 'network-interface', 'appliance forwards the packet unchanged');
    this.assumptions.add(
      'An appliance a route points to (ENI or instance) forwards packets unchanged and allows them.',
    );
    const next = this.newSegment(
      seg.vpcId,
      { kind: 'subnet', subnetId: e.subnetId, componentId: e.id, appliance: true },
      seg.src,
      seg.dst,
      seg.clientPorts,
    );
    if (seg.originalSource !== undefined) next.originalSource = seg.originalSource;
    this.securityGroups(next, e, 'egress', 'forward');
    this.routeFrom(next, e.subnetId, e.subnetId);
  }

  private toGatewayEndpoint(seg: Segment, aclSubnet: string | undefined, vpceId: string): void {
    this.leave(seg, aclSubnet);
    const ep = this.idx.model.vpcEndpoint(vpceId);
    if (ep === undefined) {
      this.explain('BAD_STATE', vpceId, 'forward', `${vpceId} is not in the snapshot.`);
      this.block();
      return;
    }
    if (ep.VpcEndpointType !== undefined && ep.VpcEndpointType !== 'Gateway') {
      this.explain(
        'UNSUPPORTED_COMPONENT',
        vpceId,
        'forward',
        `The route leads to ${vpceId}, a ${ep.VpcEndpointType} endpoint (Gateway Load Balancer or Network Firewall): NetWarden does not model what the appliance behind it does.`,
      );
      this.block();
      return;
    }
    if (seg.entry.kind !== 'subnet') {
      this.explain(
        'VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION',
        vpceId,
        'forward',
        `${vpceId} serves only traffic that starts in ${ep.VpcId}.`,
      );
      this.block();
    }
    const tcp = ServiceSet.of(TCP);
    if (!tcp.isSupersetOf(this.requested)) {
      this.explain(
        'VPCE_GATEWAY_PROTOCOL_RESTRICTION',
        vpceId,
        'forward',
        `${vpceId} (${ep.ServiceName ?? 'gateway endpoint'}) carries only TCP; ${this.requested.subtract(tcp)} is dropped.`,
      );
      this.allowed = this.allowed.intersect(tcp);
    }
    seg.exit = { kind: 'vpce', id: vpceId };
    this.hop(seg, 'forward', vpceId, 'vpc-endpoint', `to ${ep.ServiceName ?? 'the AWS service'}`);
    this.arrive(seg.exit);
  }
}

/** The ACL services a reply needs for the given forward services (what an allow entry for the return must cover). */
function aclReplyServices(forward: ServiceSet, clientPorts: PortSet): ServiceSet {
  let out = ServiceSet.empty();
  for (const p of forward.protocols()) {
    if (p === TCP || p === UDP) out = out.union(ServiceSet.of(p, clientPorts));
    else out = out.union(ServiceSet.of(p));
  }
  return out;
}
