import type { Finding } from '../findings/finding';
import type { NetworkAcl, NetworkAclEntry } from '../model/aws-types';
import type { NetworkModel } from '../model/network-model';
import { AddressSet } from '../net/address-set';
import { AddressParseError } from '../net/ip';
import { type ProtocolNumber, ProtocolParseError, protocolName, TCP, UDP } from '../net/protocol';
import { ServiceParseError, ServiceSet } from '../net/service-set';
import { INTERNET } from '../net/special-ranges';
import { attributeInternet, type Contribution, type Family, familyName, familyPart } from './internet-exposure';
import { INTERNET_COVERAGE_PARAMETER, type RiskRule, RULE_IDS } from './rule';
import type { RulesConfig } from './rules-config';
import { describeTraffic, dropUndefined, normalizedProtocol, percent } from './sg-finding';

interface Admitted {
  ports: Set<string>;
  families: Set<Family>;
  coverage: number;
}

function entryCidr(entry: NetworkAclEntry, family: Family): string | undefined {
  return family === 4 ? entry.CidrBlock : entry.Ipv6CidrBlock;
}

/** The entry's services, or undefined when AWS would not accept it (the loader reports those). */
function entryServices(entry: NetworkAclEntry): ServiceSet | undefined {
  try {
    return ServiceSet.fromAclEntry(entry.Protocol, entry.PortRange, entry.IcmpTypeCode);
  } catch (error: unknown) {
    if (error instanceof ServiceParseError || error instanceof ProtocolParseError) return undefined;
    throw error;
  }
}

function entryAddresses(cidr: string): AddressSet | undefined {
  try {
    return AddressSet.fromCidr(cidr);
  } catch (error: unknown) {
    if (error instanceof AddressParseError) return undefined;
    throw error;
  }
}

/**
 * The inbound allow entries that let the internet in on one port, in AWS's order: lowest rule number
 * first, the first entry that matches a packet decides it. Each allow entry is credited only with the
 * public addresses that no lower-numbered entry has already decided, so a shadowed allow admits nothing.
 */
function admittingEntries(
  entries: readonly NetworkAclEntry[],
  family: Family,
  protocol: ProtocolNumber,
  port: number,
): Contribution<NetworkAclEntry>[] {
  let undecided = familyPart(INTERNET, family);
  const credited = new Map<NetworkAclEntry, AddressSet>();
  for (const entry of entries) {
    const cidr = entryCidr(entry, family);
    if (cidr === undefined || undecided.isEmpty()) continue;
    if (!entryServices(entry)?.contains(protocol, port)) continue;
    const range = entryAddresses(cidr);
    if (range === undefined) continue;
    const matched = undecided.intersect(range);
    if (entry.RuleAction === 'allow' && !matched.isEmpty()) {
      credited.set(entry, (credited.get(entry) ?? AddressSet.empty()).union(matched));
    }
    undecided = undecided.subtract(range);
  }
  return [...credited].map(([item, publicAddresses]) => ({ item, publicAddresses }));
}

function inboundEntries(acl: NetworkAcl): NetworkAclEntry[] {
  return (acl.Entries ?? []).filter((e) => !e.Egress).sort((a, b) => a.RuleNumber - b.RuleNumber);
}

export const naclAdminPortOpenToInternet: RiskRule = {
  id: RULE_IDS.naclAdminPort,
  title: 'Network ACL lets the internet in on an administration port',
  description:
    'An inbound allow entry of a network ACL admits the internet on an administration port (default SSH 22 ' +
    'and RDP 3389, TCP and UDP, as AWS’s nacl-no-unrestricted-ssh-rdp). Entries are evaluated as AWS does: ' +
    'lowest rule number first, first match wins, IPv4 and IPv6 separately; an allow shadowed by a ' +
    'lower-numbered deny is not reported.',
  defaultSeverity: 'medium',
  resourceType: 'AWS::EC2::NetworkAcl',
  parameters: [
    INTERNET_COVERAGE_PARAMETER,
    { name: 'naclAdminPorts', default: '[22, 3389]', description: 'ports checked for TCP and UDP' },
  ],
  evaluate(model: NetworkModel, config: RulesConfig): Finding[] {
    const findings: Finding[] = [];
    for (const acl of model.allNetworkAcls()) {
      const entries = inboundEntries(acl);
      const admitted = new Map<NetworkAclEntry, Admitted>();
      for (const family of [4, 6] as Family[]) {
        for (const protocol of [TCP, UDP]) {
          for (const port of config.naclAdminPorts) {
            const contributions = admittingEntries(entries, family, protocol, port);
            for (const offence of attributeInternet(contributions, family, config)) {
              const current = admitted.get(offence.item) ?? { ports: new Set(), families: new Set(), coverage: 0 };
              current.ports.add(`${protocolName(protocol)}/${port}`);
              current.families.add(family);
              current.coverage = Math.max(current.coverage, offence.coverage);
              admitted.set(offence.item, current);
            }
          }
        }
      }
      const subnets = model.subnetsUsingNetworkAcl(acl.NetworkAclId).map((s) => s.SubnetId);
      const usedBy = subnets.length > 0 ? `used by ${subnets.join(', ')}` : 'associated with no subnet';
      for (const [entry, what] of admitted) {
        const cidr = entry.CidrBlock ?? entry.Ipv6CidrBlock ?? '';
        const traffic = describeTraffic(normalizedProtocol(entry.Protocol), entry.PortRange?.From, entry.PortRange?.To);
        findings.push(
          dropUndefined<Finding>({
            ruleId: this.id,
            resourceId: acl.NetworkAclId,
            resourceType: 'AWS::EC2::NetworkAcl',
            severity: this.defaultSeverity,
            protocol: normalizedProtocol(entry.Protocol),
            fromPort: entry.PortRange?.From,
            toPort: entry.PortRange?.To,
            source: entry.CidrBlock !== undefined ? { cidr } : { cidrIpv6: cidr },
            direction: 'ingress',
            aclEntry: { ruleNumber: entry.RuleNumber, egress: false },
            vpcId: acl.VpcId,
            message:
              `Network ACL ${acl.NetworkAclId} (${usedBy}) entry #${entry.RuleNumber} allows ${traffic} from ${cidr}, ` +
              `which lets the internet in on ${[...what.ports].join(', ')} (covers ${percent(what.coverage)} of public ` +
              `${[...what.families].map(familyName).join(' and ')} space); no lower-numbered entry denies it. Add a ` +
              'deny entry for these ports with a lower rule number, or narrow this entry to trusted ranges.',
            details: {
              adminPorts: [...what.ports],
              subnets,
              publicCoverage: Number(what.coverage.toFixed(6)),
            },
          }),
        );
      }
    }
    return findings;
  },
};
