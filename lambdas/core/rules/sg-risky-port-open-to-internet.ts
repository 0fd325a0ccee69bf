import { type Finding, type Severity, severityRank } from '../findings/finding';
import type { NetworkModel } from '../model/network-model';
import { groupExposure, resolvedParameters } from './group-exposure';
import { familyName, opensWholeProtocol } from './internet-exposure';
import { RISKY_PORTS_VERSION, type RiskyPort } from './risky-ports';
import { INTERNET_COVERAGE_PARAMETER, isEnabled, type RiskRule, RULE_IDS } from './rule';
import type { RulesConfig } from './rules-config';
import { describeSource, describeTraffic, entryFinding, groupLabel, percent } from './sg-finding';

export const riskyPortLabel = (p: RiskyPort): string => `${p.protocol}/${p.port} ${p.service}`;

export function worstSeverity(severities: readonly Severity[]): Severity {
  return severities.reduce((worst, s) => (severityRank(s) > severityRank(worst) ? s : worst), 'info' as Severity);
}

const MAX_LISTED_PORTS = 8;

export function listPorts(ports: readonly RiskyPort[]): string {
  const shown = ports.slice(0, MAX_LISTED_PORTS).map(riskyPortLabel).join(', ');
  return ports.length > MAX_LISTED_PORTS ? `${shown} and ${ports.length - MAX_LISTED_PORTS} more` : shown;
}

export const sgRiskyPortOpenToInternet: RiskRule = {
  id: RULE_IDS.riskyPort,
  title: 'Security group opens a risky port to the internet',
  description:
    'An ingress source admits a port of the risky-port catalogue (TCP and UDP; remote administration, ' +
    'databases, file sharing, amplification services) and, with the group’s other sources admitting that ' +
    'port, covers the internet. Severity is the worst of the ports it opens. Sources that open all of TCP ' +
    'or UDP are reported by sg-all-traffic-open-to-internet instead.',
  defaultSeverity: 'critical',
  resourceType: 'AWS::EC2::SecurityGroup',
  parameters: [
    INTERNET_COVERAGE_PARAMETER,
    {
      name: 'riskyPorts.add / riskyPorts.remove',
      default: `catalogue ${RISKY_PORTS_VERSION}`,
      description:
        'add ports or change their severity ({protocol, port, service, severity}); remove ports ({protocol, port})',
    },
  ],
  evaluate(model: NetworkModel, config: RulesConfig): Finding[] {
    const findings: Finding[] = [];
    const { riskyPortsOf } = resolvedParameters(config);
    const leaveToAllTraffic = isEnabled(config, RULE_IDS.allTraffic);
    for (const group of model.allSecurityGroups()) {
      const { sources, riskyPorts } = groupExposure(model, group, config);
      for (const source of sources) {
        const { entry } = source;
        const blame = riskyPorts.get(source);
        if (blame !== undefined) {
          const traffic = describeTraffic(entry.ipProtocol, entry.fromPort, entry.toPort);
          findings.push(
            entryFinding(group, entry, {
              ruleId: this.id,
              severity: worstSeverity(blame.ports.map((p) => p.severity)),
              message:
                `Security group ${groupLabel(group)} opens ${listPorts(blame.ports)} to the internet: ${traffic} ` +
                `from ${describeSource(entry.source)} (the group's sources for these ports cover ` +
                `${percent(blame.coverage)} of public ${[...blame.families].map(familyName).join(' and ')} space). ` +
                'Revoke this source and allow only the address ranges that need the service, or reach it through ' +
                'a VPN, bastion or Session Manager.',
              details: {
                riskyPorts: blame.ports.map(riskyPortLabel),
                riskyPortsVersion: RISKY_PORTS_VERSION,
                families: [...blame.families].map(familyName),
                publicCoverage: Number(blame.coverage.toFixed(6)),
              },
            }),
          );
          continue;
        }
        if (source.addresses !== undefined || (leaveToAllTraffic && opensWholeProtocol(source))) continue;
        const ports = riskyPortsOf(source.services);
        if (ports.length === 0) continue;
        findings.push(
          entryFinding(group, entry, {
            ruleId: this.id,
            severity: 'medium',
            message:
              `Security group ${groupLabel(group)} admits ${listPorts(ports)} from ${describeSource(entry.source)}, ` +
              `but its addresses are unknown (${source.unknownReason}). Until they are known NetWarden cannot ` +
              'rule out that these ports are open to the internet.',
            details: {
              unknownAddresses: true,
              reason: source.unknownReason ?? '',
              riskyPorts: ports.map(riskyPortLabel),
              riskyPortsVersion: RISKY_PORTS_VERSION,
            },
          }),
        );
      }
    }
    return findings;
  },
};
