/**
 * Everything the three security-group exposure rules need to know about one group, computed once per
 * model and config: which sources open all traffic, which open risky ports, and which open other,
 * unauthorized ports to the internet. The rules split the offenders between them from this one
 * analysis, so a source is reported by exactly one of them.
 */
import type { SecurityGroup } from '../model/aws-types';
import type { NetworkModel } from '../model/network-model';
import { PortSet } from '../net/port-set';
import { type ProtocolNumber, TCP, UDP } from '../net/protocol';
import { ServiceSet } from '../net/service-set';
import {
  addBlame,
  type Blame,
  elementaryIntervals,
  type Family,
  type IngressSource,
  ingressSources,
  internetOffences,
  type Offence,
  protocolsToJudge,
  WHOLE_PROTOCOLS,
} from './internet-exposure';
import { effectiveRiskyPorts, type RiskyPort } from './risky-ports';
import { isEnabled, RULE_IDS } from './rule';
import { parsePortSpecs, type RulesConfig } from './rules-config';

export interface GroupExposure {
  /** Ingress sources in the order AWS lists them. */
  sources: IngressSource[];
  /** Sources that open every port of TCP and/or UDP to the internet. */
  allTraffic: Map<IngressSource, Blame & { protocols: Set<ProtocolNumber> }>;
  /** Sources that open catalogued ports to the internet; without those already in `allTraffic` when that rule runs. */
  riskyPorts: Map<IngressSource, Blame & { ports: RiskyPort[] }>;
  /** Sources that help open a port outside the authorized ones to the internet (whatever else they open). */
  internetOnUnauthorized: Map<IngressSource, Blame>;
}

export const riskyPortProtocol = (p: RiskyPort): ProtocolNumber => (p.protocol === 'tcp' ? TCP : UDP);

/** The TCP and UDP ports the user allows to be open to the internet (AWS's authorizedTcpPorts/authorizedUdpPorts). */
export function authorizedServices(config: RulesConfig): ServiceSet {
  const { authorizedTcpPorts, authorizedUdpPorts } = config.widePublicRange;
  const tcp = PortSet.fromRanges(parsePortSpecs(authorizedTcpPorts, 'widePublicRange.authorizedTcpPorts'));
  const udp = PortSet.fromRanges(parsePortSpecs(authorizedUdpPorts, 'widePublicRange.authorizedUdpPorts'));
  return ServiceSet.of(TCP, tcp).union(ServiceSet.of(UDP, udp));
}

/**
 * Offences of the public sources admitting one service; services admitted by the same sources share the
 * answer. Only sources with public addresses can take part in an offence.
 */
function offenceCache(candidates: readonly IngressSource[], config: RulesConfig) {
  const cache = new Map<string, Offence<IngressSource>[]>();
  const position = new Map(candidates.map((s, i) => [s, i]));
  return (admits: (s: IngressSource) => boolean): Offence<IngressSource>[] => {
    if (candidates.length === 0) return [];
    const admitting = candidates.filter(admits);
    if (admitting.length === 0) return [];
    const key = admitting.map((s) => position.get(s)).join(',');
    let offences = cache.get(key);
    if (offences === undefined) {
      offences = internetOffences(admitting, config);
      cache.set(key, offences);
    }
    return offences;
  };
}

/** What depends on the config only: the catalogue and the authorized ports, resolved once per config. */
interface ResolvedParameters {
  catalogue: RiskyPort[];
  authorized: ServiceSet;
  /** The catalogue ports a service admits, in catalogue order (do not modify the lists). */
  riskyPortsOf(services: ServiceSet): readonly RiskyPort[];
  /** `services` minus the authorized ports. */
  unauthorizedPart(services: ServiceSet): ServiceSet;
}

const parametersMemo = new WeakMap<RulesConfig, ResolvedParameters>();

export function resolvedParameters(config: RulesConfig): ResolvedParameters {
  let resolved = parametersMemo.get(config);
  if (resolved === undefined) {
    resolved = resolveParameters(config);
    parametersMemo.set(config, resolved);
  }
  return resolved;
}

function resolveParameters(config: RulesConfig): ResolvedParameters {
  const catalogue = effectiveRiskyPorts(config.riskyPorts);
  const authorized = authorizedServices(config);
  // Tens of thousands of sources share a few dozen service sets (one instance per protocol and ports),
  // so both answers are kept per set rather than recomputed per source and per rule.
  const risky = new WeakMap<ServiceSet, readonly RiskyPort[]>();
  const unauthorized = new WeakMap<ServiceSet, ServiceSet>();
  return {
    catalogue,
    authorized,
    riskyPortsOf(services) {
      let ports = risky.get(services);
      if (ports === undefined) {
        ports = catalogue.filter((p) => services.contains(riskyPortProtocol(p), p.port));
        risky.set(services, ports);
      }
      return ports;
    },
    unauthorizedPart(services) {
      let rest = unauthorized.get(services);
      if (rest === undefined) {
        rest = services.subtract(authorized);
        unauthorized.set(services, rest);
      }
      return rest;
    },
  };
}

function analyze(model: NetworkModel, group: SecurityGroup, config: RulesConfig): GroupExposure {
  const { catalogue, authorized, riskyPortsOf } = resolvedParameters(config);
  const sources = ingressSources(model, group);
  const publicSources = sources.filter((s) => !s.publicAddresses.isEmpty());
  // Most groups admit private sources only: nothing of theirs can be open to the internet.
  if (publicSources.length === 0) {
    return { sources, allTraffic: new Map(), riskyPorts: new Map(), internetOnUnauthorized: new Map() };
  }
  const offencesOf = offenceCache(publicSources, config);

  const allTraffic = new Map<IngressSource, Blame & { protocols: Set<ProtocolNumber> }>();
  for (const protocol of WHOLE_PROTOCOLS) {
    for (const offence of offencesOf((s) => s.services.contains(protocol))) {
      const current = allTraffic.get(offence.item) ?? {
        families: new Set<Family>(),
        coverage: 0,
        protocols: new Set(),
      };
      current.families.add(offence.family);
      current.coverage = Math.max(current.coverage, offence.coverage);
      current.protocols.add(protocol);
      allTraffic.set(offence.item, current);
    }
  }

  // A source the all-traffic rule reports is its finding, not the risky-port rule's; its addresses still
  // count towards coverage, so a narrower source that completes the internet next to it is still caught.
  const leaveToAllTraffic = isEnabled(config, RULE_IDS.allTraffic);
  const riskyBlame = new Map<IngressSource, Blame>();
  const riskyPorts = new Map<IngressSource, RiskyPort[]>();
  // Only ports some public source admits can be offences; the catalogue order is kept for the lists.
  const admittedByPublic = new Set<RiskyPort>();
  for (const s of publicSources) for (const p of riskyPortsOf(s.services)) admittedByPublic.add(p);
  for (const risky of catalogue) {
    if (!admittedByPublic.has(risky)) continue;
    for (const offence of offencesOf((s) => riskyPortsOf(s.services).includes(risky))) {
      if (leaveToAllTraffic && allTraffic.has(offence.item)) continue;
      addBlame(riskyBlame, offence);
      const list = riskyPorts.get(offence.item) ?? [];
      if (!list.includes(risky)) list.push(risky);
      riskyPorts.set(offence.item, list);
    }
  }

  const internetOnUnauthorized = new Map<IngressSource, Blame>();
  for (const protocol of protocolsToJudge(publicSources)) {
    for (const [from, to] of elementaryIntervals(publicSources, protocol)) {
      if (authorized.portsOf(protocol).isSupersetOf(PortSet.range(from, to))) continue;
      for (const offence of offencesOf((s) => s.services.contains(protocol, from))) {
        addBlame(internetOnUnauthorized, offence);
      }
    }
  }

  return {
    sources,
    allTraffic,
    riskyPorts: new Map(
      [...riskyBlame].map(([source, blame]) => [source, { ...blame, ports: riskyPorts.get(source) ?? [] }]),
    ),
    internetOnUnauthorized,
  };
}

const memo = new WeakMap<NetworkModel, WeakMap<RulesConfig, Map<string, GroupExposure>>>();

/** The analysis of one group, computed once per model and config (the rules of one run share it). */
export function groupExposure(model: NetworkModel, group: SecurityGroup, config: RulesConfig): GroupExposure {
  let byConfig = memo.get(model);
  if (byConfig === undefined) {
    byConfig = new WeakMap();
    memo.set(model, byConfig);
  }
  let byGroup = byConfig.get(config);
  if (byGroup === undefined) {
    byGroup = new Map();
    byConfig.set(config, byGroup);
  }
  let exposure = byGroup.get(group.GroupId);
  if (exposure === undefined) {
    exposure = analyze(model, group, config);
    byGroup.set(group.GroupId, exposure);
  }
  return exposure;
}
