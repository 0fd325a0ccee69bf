import type { Finding } from '../findings/finding';
import type { NetworkModel } from '../model/network-model';
import type { AddressSet } from '../net/address-set';
import { TCP, UDP } from '../net/protocol';
import { groupExposure, resolvedParameters } from './group-exposure';
import { type Family, familyName, isWide, opensWholeProtocol } from './internet-exposure';
import { INTERNET_COVERAGE_PARAMETER, isEnabled, type RiskRule, RULE_IDS } from './rule';
import type { RulesConfig } from './rules-config';
import { describeSource, describeTraffic, entryFinding, groupLabel, percent } from './sg-finding';
import { listPorts } from './sg-risky-port-open-to-internet';

const WIDE_FAMILIES: readonly Family[] = [4, 6];

/** The same few public parts (of 0.0.0.0/0, ::/0) recur on thousands of sources; read-only lists. */
const cidrsMemo = new WeakMap<AddressSet, readonly string[]>();

function cidrsOf(set: AddressSet): readonly string[] {
  let cidrs = cidrsMemo.get(set);
  if (cidrs === undefined) {
    cidrs = set.toCidrs();
    cidrsMemo.set(set, cidrs);
  }
  return cidrs;
}

export const sgWidePublicRange: RiskRule = {
  id: RULE_IDS.widePublicRange,
  title: 'Security group admits a wide public range or the internet on an unauthorized port',
  description:
    'An ingress source whose public part is at least as large as a /16 (IPv4) or /32 (IPv6), or that helps ' +
    'cover the internet, on a port that is not authorized to be public. Matches AWS’s ' +
    'vpc-sg-open-only-to-authorized-ports (no port is authorized by default) and also catches ranges ' +
    'such as 52.0.0.0/8 that string comparison with 0.0.0.0/0 misses. A wide range short of the internet ' +
    'is medium (it is usually a typo for a narrow one); the whole internet on a port outside the risky ' +
    'catalogue is low (usually a deliberate public service: authorize its port to silence it); either is ' +
    'high when it includes a risky port. Sources already reported by sg-all-traffic-open-to-internet or ' +
    'sg-risky-port-open-to-internet are not repeated here.',
  defaultSeverity: 'medium',
  resourceType: 'AWS::EC2::SecurityGroup',
  parameters: [
    INTERNET_COVERAGE_PARAMETER,
    {
      name: 'widePublicRange.ipv4PrefixLength',
      default: '16',
      description: 'an IPv4 source at least this large is wide',
    },
    {
      name: 'widePublicRange.ipv6PrefixLength',
      default: '32',
      description: 'an IPv6 source at least this large is wide',
    },
    {
      name: 'widePublicRange.authorizedTcpPorts',
      default: '(none)',
      description: 'TCP ports allowed to be open to wide ranges, e.g. [443, "1020-1025"]',
    },
    { name: 'widePublicRange.authorizedUdpPorts', default: '(none)', description: 'the same for UDP' },
  ],
  evaluate(model: NetworkModel, config: RulesConfig): Finding[] {
    const findings: Finding[] = [];
    const { riskyPortsOf, unauthorizedPart } = resolvedParameters(config);
    const allTrafficEnabled = isEnabled(config, RULE_IDS.allTraffic);
    const riskyPortEnabled = isEnabled(config, RULE_IDS.riskyPort);
    for (const group of model.allSecurityGroups()) {
      const exposure = groupExposure(model, group, config);
      const { sources, internetOnUnauthorized: internet } = exposure;
      for (const source of sources) {
        if (allTrafficEnabled && exposure.allTraffic.has(source)) continue;
        if (riskyPortEnabled && exposure.riskyPorts.has(source)) continue;
        // Known addresses with no public part are neither wide nor part of the internet.
        if (source.addresses !== undefined && source.publicAddresses.isEmpty()) continue;
        const unauthorized = unauthorizedPart(source.services);
        if (unauthorized.isEmpty()) continue;
        const { entry } = source;
        const risky = riskyPortsOf(source.services);
        if (source.addresses === undefined) {
          if (opensWholeProtocol(source) && allTrafficEnabled) continue;
          if (risky.length > 0 && riskyPortEnabled) continue;
          const traffic = describeTraffic(entry.ipProtocol, entry.fromPort, entry.toPort);
          findings.push(
            entryFinding(group, entry, {
              ruleId: this.id,
              severity: 'medium',
              message:
                `Security group ${groupLabel(group)} admits ${traffic} from ${describeSource(entry.source)}, but its ` +
                `addresses are unknown (${source.unknownReason}). Until they are known NetWarden cannot tell ` +
                'how much of the internet this source admits.',
              details: { unknownAddresses: true, reason: source.unknownReason ?? '' },
            }),
          );
          continue;
        }
        const wideFamilies = WIDE_FAMILIES.filter((f) => isWide(source.publicAddresses, f, config));
        const blame = internet.get(source);
        if (wideFamilies.length === 0 && blame === undefined) continue;
        const traffic = describeTraffic(entry.ipProtocol, entry.fromPort, entry.toPort);
        const publicPart = cidrsOf(source.publicAddresses);
        const shownPublic = publicPart.length > 4 ? `${publicPart.slice(0, 4).join(', ')}, …` : publicPart.join(', ');
        const what = blame
          ? `which with the group's other sources covers ${percent(blame.coverage)} of public ` +
            `${[...blame.families].map(familyName).join(' and ')} space`
          : `a wide public range (${shownPublic})`;
        const riskyHere = risky.filter((p) => unauthorized.contains(p.protocol === 'tcp' ? TCP : UDP, p.port));
        const riskyNote = riskyHere.length > 0 ? ` It includes ${listPorts(riskyHere)}.` : '';
        findings.push(
          entryFinding(group, entry, {
            ruleId: this.id,
            severity: riskyHere.length > 0 ? 'high' : blame ? 'low' : this.defaultSeverity,
            message:
              `Security group ${groupLabel(group)} admits ${traffic} from ${describeSource(entry.source)}, ${what}, ` +
              `on ports not authorized to be public.${riskyNote} If this is a deliberately public service (a load ` +
              'balancer, a web server), add its ports to widePublicRange.authorizedTcpPorts / authorizedUdpPorts ' +
              'in the rules config; otherwise narrow the source to the ranges that need access.',
            details: {
              publicCidrs: publicPart.slice(0, 20),
              wide: wideFamilies.map(familyName),
              internet: blame !== undefined,
              ...(blame ? { publicCoverage: Number(blame.coverage.toFixed(6)) } : {}),
              unauthorizedServices: unauthorized.toString(),
            },
          }),
        );
      }
    }
    return findings;
  },
};
