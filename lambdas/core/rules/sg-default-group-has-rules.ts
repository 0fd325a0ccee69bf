import type { Finding } from '../findings/finding';
import type { NetworkModel } from '../model/network-model';
import { expandSecurityGroup } from '../model/security-group-entries';
import { rulesOfGroup } from './internet-exposure';
import { type RiskRule, RULE_IDS } from './rule';
import { describeSource, describeTraffic, entryFinding } from './sg-finding';

export const sgDefaultGroupHasRules: RiskRule = {
  id: RULE_IDS.defaultGroup,
  title: 'Default security group has rules',
  description:
    'The group named "default" of a VPC has an ingress or egress rule (AWS: vpc-default-security-group-closed). ' +
    'Anything launched without a group gets it, so it should allow nothing. One finding per source, so each ' +
    'can be revoked on its own.',
  defaultSeverity: 'medium',
  resourceType: 'AWS::EC2::SecurityGroup',
  parameters: [],
  evaluate(model: NetworkModel): Finding[] {
    const findings: Finding[] = [];
    for (const group of model.allSecurityGroups()) {
      if (group.GroupName !== 'default') continue;
      for (const entry of expandSecurityGroup(group, rulesOfGroup(model, group.GroupId))) {
        const traffic = describeTraffic(entry.ipProtocol, entry.fromPort, entry.toPort);
        const peer =
          entry.direction === 'ingress' ? `from ${describeSource(entry.source)}` : `to ${describeSource(entry.source)}`;
        findings.push(
          entryFinding(group, entry, {
            ruleId: this.id,
            severity: this.defaultSeverity,
            message:
              `The default security group ${group.GroupId}${group.VpcId ? ` of ${group.VpcId}` : ''} has an ${entry.direction} ` +
              `rule: ${traffic} ${peer}. Resources launched without a group get the default group; move this ` +
              'rule to a dedicated group and remove it here.',
          }),
        );
      }
    }
    return findings;
  },
};
