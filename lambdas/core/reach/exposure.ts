/**
 * Set answers: for each ENI, exactly which (protocol, ports) from which internet sources get in and
 * get their replies out, IPv4 and IPv6, each answer with one witness path. Computed on whole sets
 * (security-group rules as rows, network ACLs partitioning them, the route table's internet-bound
 * set for replies), so a sweep of an estate costs a few set operations per ENI.
 */
import type { NetworkModel } from '../model/network-model';
import type { AddressSet } from '../net/address-set';
import { PortSet } from '../net/port-set';
import { ICMP, ICMPV6, type ProtocolNumber, protocolName, TCP, UDP } from '../net/protocol';
import { ServiceSet } from '../net/service-set';
import { PUBLIC_IPV4, PUBLIC_IPV6 } from '../net/special-ranges';
import { analyzePath } from './analyze-path';
import { partitionAcl, type Row, replyAllowedRows } from './filters';
import { type CompiledEni, type ReachIndex, reachIndexFor } from './reach-index';
import { internetRoutedSet } from './route-sweep';
import { DEFAULT_EPHEMERAL_PORTS, type PathResult, type ReachOptions } from './types';

export interface ExposureAnswer {
  family: 4 | 6;
  /** "tcp", "udp", "icmp", "icmpv6", "all", or "other" (every protocol but those four, as `ports` says). */
  protocol: string;
  /** Ports (ICMP: types) as text: "22", "80-443", "all"; for `other`, the protocol numbers. */
  ports: string;
  /** Internet sources, as a minimal CIDR cover. */
  sources: string[];
  /** The sources as a person reads them ("any public IPv4 address", or the ranges). */
  sourcesSummary: string;
  /** The public address the internet uses (IPv4 public/Elastic IP, or the IPv6 address). */
  destinationAddress: string;
  witness?: PathResult;
}

export interface InterfaceExposure {
  networkInterfaceId: string;
  vpcId: string;
  subnetId: string;
  exposed: boolean;
  answers: ExposureAnswer[];
  /** A rule's source could not be resolved (prefix list absent from the snapshot). */
  unknown: boolean;
  notes: string[];
}

export interface ExposureOptions extends ReachOptions {
  /** Only these ENIs (default every ENI). */
  interfaceIds?: string[];
  /** Compute a witness path per answer (default true). */
  witnesses?: boolean;
}

interface RawAnswer {
  family: 4 | 6;
  services: ServiceSet;
  sources: AddressSet;
  destinationAddress: string;
}

const NAMED: readonly ProtocolNumber[] = [TCP, UDP, ICMP, ICMPV6];

export function exposureOf(model: NetworkModel, options: ExposureOptions = {}): InterfaceExposure[] {
  const idx = reachIndexFor(model);
  const ids = options.interfaceIds ?? model.allInterfaces().map((e) => e.NetworkInterfaceId);
  const out: InterfaceExposure[] = [];
  for (const id of ids) {
    const eni = idx.eni(id);
    if (eni !== undefined) out.push(interfaceExposure(idx, eni, options));
  }
  return out;
}

/** The exact rows (services x internet sources) that reach the ENI, before grouping. */
export function exposureRows(
  idx: ReachIndex,
  eni: CompiledEni,
  options: ReachOptions = {},
): {
  rows: RawAnswer[];
  unknown: boolean;
  notes: string[];
} {
  const model = idx.model;
  const notes: string[] = [];
  const rows: RawAnswer[] = [];
  let unknown = false;
  if (eni.publicIpv4.length === 0 && eni.ipv6.length === 0) {
    return { rows, unknown, notes: ['no public IPv4 address and no IPv6 address'] };
  }
  if (model.internetGatewaysOfVpc(eni.vpcId).length === 0)
    return { rows, unknown, notes: ['no internet gateway attached to the VPC'] };
  const edge = model.internetGatewaysOfVpc(eni.vpcId).map((g) => model.routeTableForGateway(g.InternetGatewayId));
  if (edge.some((t) => t !== undefined)) {
    notes.push('the internet gateway has an edge route table (ingress routing); its redirections are not applied here');
  }
  const acl = idx.aclForSubnet(eni.subnetId);
  if (acl === undefined) return { rows, unknown: true, notes: ['the subnet network ACL is not in the snapshot'] };
  const range = options.ephemeralPorts ?? DEFAULT_EPHEMERAL_PORTS;
  const clientPorts = PortSet.range(range.from, range.to);
  const routedBack = internetRoutedSet(idx, eni.subnetId);
  const families: { family: 4 | 6; address?: string; universe: AddressSet }[] = [
    { family: 4, address: eni.publicIpv4[0], universe: PUBLIC_IPV4 },
    { family: 6, address: eni.ipv6[0], universe: PUBLIC_IPV6 },
  ];
  for (const { family, address, universe } of families) {
    if (address === undefined) continue;
    const candidates = universe.intersect(routedBack);
    if (candidates.isEmpty()) continue;
    const sgRows: Row[] = [];
    for (const g of eni.groups) {
      for (const r of g.ingress) {
        if (r.unknown && r.source.kind === 'prefix-list') unknown = true;
        const addresses = r.addresses.intersect(candidates);
        if (!addresses.isEmpty()) sgRows.push({ services: r.services, addresses });
      }
    }
    const { allowed } = partitionAcl(acl.inbound, sgRows);
    for (const row of allowed) {
      for (const back of replyAllowedRows(acl.outbound, row.addresses, row.services, clientPorts)) {
        if (!back.forward.isEmpty() && !back.peers.isEmpty()) {
          rows.push({ family, services: back.forward, sources: back.peers, destinationAddress: address });
        }
      }
    }
  }
  if (unknown) notes.push('a security group rule references a prefix list absent from the snapshot');
  return { rows, unknown, notes };
}

type Grouped = {
  family: 4 | 6;
  protocol: ProtocolNumber | 'all' | 'other';
  ports: PortSet;
  /** For `other`: the protocols it stands for. */
  others?: ServiceSet;
  sources: AddressSet;
  destinationAddress: string;
};

/** Every protocol except the four with ports (what "other" means when a rule allowed everything). */
const OTHER_PROTOCOLS = NAMED.reduce((acc, p) => acc.subtract(ServiceSet.of(p)), ServiceSet.all());

/**
 * Groups rows by (family, protocol) and merges them, so the exact set reads as few answers as
 * possible: same sources -> ports unioned; same ports -> sources unioned.
 */
function groupAnswers(rows: RawAnswer[]): Grouped[] {
  const parts: Grouped[] = [];
  for (const r of rows) {
    // ICMP belongs to IPv4, ICMPv6 to IPv6.
    const services = r.services.subtract(ServiceSet.of(r.family === 4 ? ICMPV6 : ICMP));
    if (services.isEmpty()) continue;
    const base = { family: r.family, sources: r.sources, destinationAddress: r.destinationAddress };
    let rest = services;
    for (const p of NAMED) {
      const ports = services.portsOf(p);
      if (ports.isEmpty()) continue;
      parts.push({ ...base, protocol: p, ports });
      rest = rest.subtract(ServiceSet.of(p));
    }
    if (!rest.isEmpty()) parts.push({ ...base, protocol: 'other', ports: PortSet.all(), others: rest });
  }
  const merged: Grouped[] = [];
  for (const part of parts) {
    const sameKind = (m: Grouped) =>
      m.family === part.family &&
      m.protocol === part.protocol &&
      (m.others === undefined || part.others === undefined || m.others.equals(part.others));
    const bySources = merged.find((m) => sameKind(m) && m.sources.equals(part.sources));
    if (bySources !== undefined) {
      bySources.ports = normalizePorts(part.protocol, bySources.ports.union(part.ports));
      continue;
    }
    const byPorts = merged.find((m) => sameKind(m) && m.ports.equals(part.ports));
    if (byPorts !== undefined) {
      byPorts.sources = byPorts.sources.union(part.sources);
      continue;
    }
    merged.push({ ...part });
  }
  // A rule allowing every protocol reads better as one "all" answer than as five.
  return collapseAll(merged);
}

function collapseAll(answers: Grouped[]): Grouped[] {
  const out: Grouped[] = [];
  for (const a of answers) {
    if (a.protocol !== 'other' || a.others === undefined || !a.others.equals(OTHER_PROTOCOLS)) {
      out.push(a);
      continue;
    }
    const named = NAMED.filter((p) => p !== (a.family === 4 ? ICMPV6 : ICMP)).map((p) =>
      answers.find((b) => b.family === a.family && b.protocol === p && b.ports.isAll() && b.sources.equals(a.sources)),
    );
    if (named.some((b) => b === undefined)) {
      out.push(a);
      continue;
    }
    for (const b of named) out.splice(out.indexOf(b as Grouped), 1);
    out.push({
      family: a.family,
      protocol: 'all',
      ports: PortSet.all(),
      sources: a.sources,
      destinationAddress: a.destinationAddress,
    });
  }
  return out;
}

const ICMP_TYPES = PortSet.range(0, 255);

/** ICMP "ports" are types 0-255: every type is the whole protocol. */
function normalizePorts(protocol: ProtocolNumber | 'all' | 'other', ports: PortSet): PortSet {
  return (protocol === ICMP || protocol === ICMPV6) && ports.isSupersetOf(ICMP_TYPES) ? PortSet.all() : ports;
}

function describeSources(family: 4 | 6, sources: AddressSet): string {
  const universe = family === 4 ? PUBLIC_IPV4 : PUBLIC_IPV6;
  if (sources.isSupersetOf(universe)) return `any public IPv${family} address`;
  const cidrs = sources.toCidrs();
  return cidrs.length > 6 ? `${cidrs.slice(0, 6).join(', ')} and ${cidrs.length - 6} more ranges` : cidrs.join(', ');
}

function interfaceExposure(idx: ReachIndex, eni: CompiledEni, options: ExposureOptions): InterfaceExposure {
  const { rows, unknown, notes } = exposureRows(idx, eni, options);
  const answers: ExposureAnswer[] = groupAnswers(rows).map((a) => {
    const answer: ExposureAnswer = {
      family: a.family,
      protocol: a.protocol === 'all' || a.protocol === 'other' ? a.protocol : protocolName(a.protocol),
      ports: a.others !== undefined ? a.others.protocols().join(',') : a.ports.isAll() ? 'all' : a.ports.toString(),
      sources: a.sources.toCidrs(),
      sourcesSummary: describeSources(a.family, a.sources),
      destinationAddress: a.destinationAddress,
    };
    if (options.witnesses !== false) answer.witness = witnessFor(idx.model, eni.id, a, options);
    return answer;
  });
  return {
    networkInterfaceId: eni.id,
    vpcId: eni.vpcId,
    subnetId: eni.subnetId,
    exposed: answers.length > 0,
    answers,
    unknown,
    notes,
  };
}

function witnessFor(model: NetworkModel, eniId: string, a: Grouped, options: ReachOptions): PathResult {
  let protocol: ProtocolNumber | 'all';
  let port: number | undefined;
  if (a.protocol === 'other') {
    protocol = a.others?.protocols()[0] ?? 0;
  } else {
    protocol = a.protocol;
    port = protocol === 'all' ? undefined : a.ports.first();
  }
  const source = a.sources.firstAddress();
  return analyzePath(
    model,
    {
      source: 'internet',
      destination: eniId,
      protocol,
      ...(port !== undefined ? { destinationPorts: { from: port, to: port } } : {}),
      ...(source !== undefined ? { sourceIp: source } : {}),
      destinationIp: a.destinationAddress,
    },
    options,
  );
}
