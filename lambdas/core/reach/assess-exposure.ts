/**
 * `assessExposure`: whether the internet can actually get through what a scan finding opens. A
 * rule open to 0.0.0.0/0 on a group attached to nothing, or behind a subnet with no route to an
 * internet gateway, is a lesser risk than the same rule on a public web server.
 */
import { type Finding, SEVERITIES, type Severity } from '../findings/finding';
import type { NetworkModel } from '../model/network-model';
import { AddressSet } from '../net/address-set';
import { ServiceSet } from '../net/service-set';
import { INTERNET } from '../net/special-ranges';
import { analyzePath } from './analyze-path';
import { exposureRows } from './exposure';
import { reachIndexFor } from './reach-index';
import type { PathResult } from './types';

function lower(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + 1, SEVERITIES.length - 1)] ?? s;
}

function findingServices(f: Finding): ServiceSet | undefined {
  const protocol = f.protocol === undefined || f.protocol === 'all' ? '-1' : f.protocol;
  try {
    return ServiceSet.fromSecurityGroupPermission(protocol, f.fromPort, f.toPort);
  } catch {
    return undefined;
  }
}

function findingSources(model: NetworkModel, f: Finding): AddressSet {
  const s = f.source;
  if (s === undefined) return INTERNET;
  if ('cidr' in s) return AddressSet.fromCidr(s.cidr);
  if ('cidrIpv6' in s) return AddressSet.fromCidr(s.cidrIpv6);
  if ('prefixListId' in s) return model.prefixListAddresses(s.prefixListId) ?? AddressSet.empty();
  return AddressSet.empty();
}

/** ENIs the finding's resource filters: the group's members, or every ENI in the ACL's subnets. */
function affectedInterfaces(model: NetworkModel, f: Finding): string[] | undefined {
  if (f.resourceType === 'AWS::EC2::SecurityGroup') {
    return model.interfacesWithGroup(f.resourceId).map((e) => e.NetworkInterfaceId);
  }
  if (f.resourceType === 'AWS::EC2::NetworkAcl') {
    return model
      .subnetsUsingNetworkAcl(f.resourceId)
      .flatMap((s) => model.interfacesInSubnet(s.SubnetId).map((e) => e.NetworkInterfaceId));
  }
  return undefined;
}

function summarize(r: PathResult): string {
  const hops = r.forwardPath.map((h) => h.componentId).join(' -> ');
  return `${r.packet.sourceAddress} reaches ${r.destination} on ${r.requestedServices}: ${hops}`;
}

/**
 * Fills `exposure` on every finding about traffic from outside (security-group ingress, network ACL
 * inbound) and adjusts severity: reachable keeps it, not reachable lowers it one step, a group
 * attached to nothing becomes info. Other findings are returned unchanged.
 */
export function assessExposure(model: NetworkModel, findings: Finding[]): Finding[] {
  const idx = reachIndexFor(model);
  const rowsCache = new Map<string, ReturnType<typeof exposureRows>>();
  const rowsOf = (eniId: string) => {
    let rows = rowsCache.get(eniId);
    if (rows === undefined) {
      const eni = idx.eni(eniId);
      rows = eni === undefined ? { rows: [], unknown: false, notes: [] } : exposureRows(idx, eni);
      rowsCache.set(eniId, rows);
    }
    return rows;
  };
  return findings.map((f) => {
    const inbound = f.direction === 'ingress' || (f.aclEntry !== undefined && !f.aclEntry.egress);
    const enis = affectedInterfaces(model, f);
    const services = findingServices(f);
    if (!inbound || enis === undefined || services === undefined) return f;
    if (enis.length === 0) {
      return {
        ...f,
        severity: 'info',
        exposure: {
          reachableFromInternet: false,
          exposedInterfaces: [],
          evidence: `${f.resourceId} is not used by any network interface, so nothing is exposed through it.`,
          blockerCode: 'UNASSOCIATED_COMPONENT',
        },
      };
    }
    const sources = findingSources(model, f).intersect(INTERNET);
    const exposed = enis.filter((id) =>
      rowsOf(id).rows.some((r) => r.services.overlaps(services) && r.sources.overlaps(sources)),
    );
    if (exposed.length > 0) {
      const first = exposed[0] as string;
      const row = rowsOf(first).rows.find((r) => r.services.overlaps(services) && r.sources.overlaps(sources));
      const witness = row
        ? witnessPath(
            model,
            first,
            row.services.intersect(services),
            row.sources.intersect(sources),
            row.destinationAddress,
          )
        : undefined;
      return {
        ...f,
        exposure: {
          reachableFromInternet: true,
          exposedInterfaces: exposed,
          evidence: witness ? summarize(witness) : `${first} is reachable from the internet through ${f.resourceId}.`,
        },
      };
    }
    const blocked = blockerFor(model, enis[0] as string, services, sources);
    const exposure: NonNullable<Finding['exposure']> = {
      reachableFromInternet: false,
      exposedInterfaces: [],
      evidence: blocked.message,
    };
    if (blocked.code !== undefined) exposure.blockerCode = blocked.code;
    return { ...f, severity: lower(f.severity), exposure };
  });
}

function witnessPath(
  model: NetworkModel,
  eniId: string,
  services: ServiceSet,
  sources: AddressSet,
  destinationIp: string,
): PathResult {
  const protocol = services.isAll() ? 'all' : (services.protocols()[0] ?? 0);
  const port = protocol === 'all' ? undefined : services.portsOf(protocol).first();
  const sourceIp = sources.firstAddress();
  return analyzePath(model, {
    source: 'internet',
    destination: eniId,
    protocol,
    ...(port !== undefined ? { destinationPorts: { from: port, to: port } } : {}),
    ...(sourceIp !== undefined ? { sourceIp } : {}),
    destinationIp,
  });
}

/** Why the internet does not get through: the first blocking explanation of a representative path. */
function blockerFor(
  model: NetworkModel,
  eniId: string,
  services: ServiceSet,
  sources: AddressSet,
): { code?: string; message: string } {
  const protocol = services.isAll() ? 'all' : (services.protocols()[0] ?? 0);
  const port = protocol === 'all' ? undefined : services.portsOf(protocol).first();
  const sourceIp = sources.ipv4().firstAddress() ?? sources.firstAddress();
  const result = analyzePath(model, {
    source: 'internet',
    destination: eniId,
    protocol,
    ...(port !== undefined ? { destinationPorts: { from: port, to: port } } : {}),
    ...(sourceIp !== undefined ? { sourceIp } : {}),
  });
  const blocker = result.explanations.find((e) => e.blocking);
  if (blocker === undefined) return { message: `The internet does not reach ${eniId} through this rule.` };
  return { code: blocker.code, message: `${eniId}: ${blocker.message}` };
}
