import type { Finding } from '../findings/finding';
import type { NetworkModel } from '../model/network-model';
import { protocolName } from '../net/protocol';
import { groupExposure } from './group-exposure';
import { familyName, opensWholeProtocol } from './internet-exposure';
import { INTERNET_COVERAGE_PARAMETER, type RiskRule, RULE_IDS } from './rule';
import type { RulesConfig } from './rules-config';
import { describeSource, describeTraffic, entryFinding, groupLabel, percent } from './sg-finding';

export const sgAllTrafficOpenToInternet: RiskRule = {
  id: RULE_IDS.allTraffic,
  title: 'Security group opens all traffic to the internet',
  description:
    'An ingress source admits every port of TCP or UDP (protocol -1, or 0-65535) and, with the group’s other ' +
    'sources of the same kind, covers the internet: judged by public address coverage, so 0.0.0.0/1 plus ' +
    '128.0.0.0/1, a prefix list holding 0.0.0.0/0, and ::/0 all count. Each source that contributes is ' +
    'reported on its own; one whose prefix list is missing from the snapshot is reported as unknown.',
  defaultSeverity: 'critical',
  resourceType: 'AWS::EC2::SecurityGroup',
  parameters: [INTERNET_COVERAGE_PARAMETER],
  evaluate(model: NetworkModel, config: RulesConfig): Finding[] {
    const findings: Finding[] = [];
    for (const group of model.allSecurityGroups()) {
      const { sources, allTraffic } = groupExposure(model, group, config);
      for (const source of sources) {
        const { entry } = source;
        const blame = allTraffic.get(source);
        if (blame !== undefined) {
          const traffic = describeTraffic(entry.ipProtocol, entry.fromPort, entry.toPort);
          const protocols = [...blame.protocols].map((p) => protocolName(p));
          const families = [...blame.families].map(familyName);
          findings.push(
            entryFinding(group, entry, {
              ruleId: this.id,
              severity: this.defaultSeverity,
              message:
                `Security group ${groupLabel(group)} admits ${traffic} from ${describeSource(entry.source)}: every ` +
                `${protocols.join(' and ')} port is open to the internet (the group's public sources cover ` +
                `${percent(blame.coverage)} of public ${families.join(' and ')} space). Revoke this source, or ` +
                'replace it with the address ranges and ports that need access.',
              details: { openProtocols: protocols, families, publicCoverage: Number(blame.coverage.toFixed(6)) },
            }),
          );
        } else if (source.addresses === undefined && opensWholeProtocol(source)) {
          const traffic = describeTraffic(entry.ipProtocol, entry.fromPort, entry.toPort);
          findings.push(
            entryFinding(group, entry, {
              ruleId: this.id,
              severity: 'medium',
              message:
                `Security group ${groupLabel(group)} admits ${traffic} from ${describeSource(entry.source)}, but its ` +
                `addresses are unknown (${source.unknownReason}). Until they are known NetWarden cannot rule out ` +
                'that all traffic is open to the internet.',
              details: { unknownAddresses: true, reason: source.unknownReason ?? '' },
            }),
          );
        }
      }
    }
    return findings;
  },
};
