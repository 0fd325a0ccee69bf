/**
 * How NetWarden decides that security-group sources open something to "the internet": by the share of
 * public address space they cover together, per address family, never by comparing strings with
 * 0.0.0.0/0. Shared by the three security-group exposure rules so that they agree on one judgement and
 * report every offending source exactly once.
 */
import type { SecurityGroup, SecurityGroupRule } from '../model/aws-types';
import type { NetworkModel } from '../model/network-model';
import { entryServices, expandSecurityGroup, type SecurityGroupEntry } from '../model/security-group-entries';
import { AddressSet } from '../net/address-set';
import { AddressParseError } from '../net/ip';
import { ICMP, ICMPV6, type ProtocolNumber, TCP, UDP } from '../net/protocol';
import type { ServiceSet } from '../net/service-set';
import { INTERNET, publicCoverage } from '../net/special-ranges';
import type { RulesConfig } from './rules-config';

export type Family = 4 | 6;

export const familyName = (f: Family): string => (f === 4 ? 'IPv4' : 'IPv6');

/** One ingress source of a group, with what it admits and from where. */
export interface IngressSource {
  entry: SecurityGroupEntry;
  services: ServiceSet;
  /** Undefined when the addresses are unknown: a prefix list missing from the snapshot, or an unreadable CIDR. */
  addresses: AddressSet | undefined;
  /** Why `addresses` is unknown, in words a person can act on. */
  unknownReason?: string;
  /** The public part of `addresses` (empty for referenced groups and unknown prefix lists). */
  publicAddresses: AddressSet;
}

const rulesIndex = new WeakMap<readonly SecurityGroupRule[], Map<string, SecurityGroupRule[]>>();

/** `describe-security-group-rules` rows of one group (indexed once per snapshot: groups times rows adds up). */
export function rulesOfGroup(model: NetworkModel, groupId: string): SecurityGroupRule[] {
  const all = model.snapshot.SecurityGroupRules;
  let index = rulesIndex.get(all);
  if (index === undefined) {
    index = new Map();
    for (const rule of all) {
      const list = index.get(rule.GroupId);
      if (list) list.push(rule);
      else index.set(rule.GroupId, [rule]);
    }
    rulesIndex.set(all, index);
  }
  return index.get(groupId) ?? [];
}

export function ingressSources(model: NetworkModel, group: SecurityGroup): IngressSource[] {
  const sources: IngressSource[] = [];
  for (const entry of expandSecurityGroup(group, rulesOfGroup(model, group.GroupId))) {
    if (entry.direction !== 'ingress') continue;
    const services = entryServices(entry);
    const known = sourceAddresses(model, entry);
    if (typeof known === 'string') {
      sources.push({
        entry,
        services,
        addresses: undefined,
        unknownReason: known,
        publicAddresses: AddressSet.empty(),
      });
    } else {
      sources.push({ entry, services, addresses: known, publicAddresses: publicPart(known) });
    }
  }
  return sources;
}

/** Weakly keyed: fromCidr hands out one instance per CIDR text, so thousands of sources share one intersection. */
const publicParts = new WeakMap<AddressSet, AddressSet>();

function publicPart(addresses: AddressSet): AddressSet {
  let part = publicParts.get(addresses);
  if (part === undefined) {
    part = addresses.intersect(INTERNET);
    publicParts.set(addresses, part);
  }
  return part;
}

/** The source's addresses, or why they are unknown. */
function sourceAddresses(model: NetworkModel, entry: SecurityGroupEntry): AddressSet | string {
  const s = entry.source;
  try {
    if ('cidr' in s) return AddressSet.fromCidr(s.cidr);
    if ('cidrIpv6' in s) return AddressSet.fromCidr(s.cidrIpv6);
    if ('prefixListId' in s) {
      return (
        model.prefixListAddresses(s.prefixListId) ??
        `unknown prefix list: ${s.prefixListId} is not in the snapshot (add the output of ` +
          `\`aws ec2 get-managed-prefix-list-entries --prefix-list-id ${s.prefixListId}\`)`
      );
    }
  } catch (error: unknown) {
    if (error instanceof AddressParseError) return `unreadable source address: ${error.message}`;
    throw error;
  }
  // A referenced group matches private addresses of ENIs only: never the internet.
  return AddressSet.empty();
}

export function familyPart(set: AddressSet, family: Family): AddressSet {
  return family === 4 ? set.ipv4() : set.ipv6();
}

export function coverageOf(set: AddressSet, family: Family): number {
  // The other family is dropped first so publicCoverage does not intersect it for nothing.
  const c = publicCoverage(familyPart(set, family));
  return family === 4 ? c.ipv4 : c.ipv6;
}

/** Whether a source's public part is at least as large as one CIDR of the configured "wide" prefix length. */
export function isWide(publicAddresses: AddressSet, family: Family, config: RulesConfig): boolean {
  if (family === 4) {
    return publicAddresses.ipv4Count() >= 2 ** (32 - config.widePublicRange.ipv4PrefixLength);
  }
  return publicAddresses.ipv6Count() >= 1n << BigInt(128 - config.widePublicRange.ipv6PrefixLength);
}

export interface Contribution<T> {
  item: T;
  /** The public addresses this item admits (after anything that shadows it). */
  publicAddresses: AddressSet;
}

export interface Offence<T> {
  item: T;
  family: Family;
  /** Share of the family's public space that all contributors cover together. */
  coverage: number;
}

/**
 * Which contributors to blame when, together, they cover "the internet" for one family. The wide ones
 * when removing them is enough to fall below the threshold (a narrow office /32 next to 0.0.0.0/0 is not
 * the problem); every contributor when the narrow ones alone still make up the internet (0.0.0.0/0
 * split into many small pieces). Either way, removing the offenders closes the exposure.
 */
export function attributeInternet<T>(
  items: readonly Contribution<T>[],
  family: Family,
  config: RulesConfig,
): Offence<T>[] {
  const contributors = items
    .map((c) => ({ item: c.item, part: familyPart(c.publicAddresses, family) }))
    .filter((c) => !c.part.isEmpty());
  if (contributors.length === 0) return [];
  const union = contributors.reduce((acc, c) => acc.union(c.part), AddressSet.empty());
  const coverage = coverageOf(union, family);
  if (coverage < config.internetCoverage) return [];
  const narrow = contributors.filter((c) => !isWide(c.part, family, config));
  const narrowUnion = narrow.reduce((acc, c) => acc.union(c.part), AddressSet.empty());
  const blamed =
    coverageOf(narrowUnion, family) < config.internetCoverage
      ? contributors.filter((c) => !narrow.includes(c))
      : contributors;
  return blamed.map((c) => ({ item: c.item, family, coverage }));
}

/** Both families: offences of sources that together open one service to the internet. */
export function internetOffences(sources: readonly IngressSource[], config: RulesConfig): Offence<IngressSource>[] {
  const known = sources
    .filter((s) => s.addresses !== undefined && !s.publicAddresses.isEmpty())
    .map((s) => ({ item: s, publicAddresses: s.publicAddresses }));
  if (known.length === 0) return [];
  return [...attributeInternet(known, 4, config), ...attributeInternet(known, 6, config)];
}

/** What one offending source is blamed for: the families and the largest coverage it took part in. */
export interface Blame {
  families: Set<Family>;
  coverage: number;
}

export function addBlame(map: Map<IngressSource, Blame>, offence: Offence<IngressSource>): Blame {
  const blame = map.get(offence.item) ?? { families: new Set<Family>(), coverage: 0 };
  blame.families.add(offence.family);
  blame.coverage = Math.max(blame.coverage, offence.coverage);
  map.set(offence.item, blame);
  return blame;
}

export const WHOLE_PROTOCOLS: readonly ProtocolNumber[] = [TCP, UDP];

/** A source whose service covers all of TCP or UDP: its own concern is the all-traffic rule. */
export function opensWholeProtocol(source: IngressSource): boolean {
  return WHOLE_PROTOCOLS.some((p) => source.services.contains(p));
}

/** Protocols worth judging port by port: the ported ones plus any explicit protocol number a source names. */
export function protocolsToJudge(sources: readonly IngressSource[]): ProtocolNumber[] {
  const protocols = new Set<ProtocolNumber>([TCP, UDP, ICMP, ICMPV6]);
  for (const s of sources) if (!s.services.isAll()) for (const p of s.services.protocols()) protocols.add(p);
  return [...protocols].sort((a, b) => a - b);
}

/** Elementary port intervals of one protocol: within each, every source admits all ports or none. */
export function elementaryIntervals(sources: readonly IngressSource[], protocol: ProtocolNumber): [number, number][] {
  const cuts = new Set<number>();
  for (const s of sources) {
    for (const [from, to] of s.services.portsOf(protocol).ranges()) {
      cuts.add(from);
      cuts.add(to + 1);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i]!;
    const to = sorted[i + 1]! - 1;
    if (sources.some((s) => s.services.contains(protocol, from))) out.push([from, to]);
  }
  return out;
}
