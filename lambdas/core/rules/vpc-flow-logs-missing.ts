import type { Finding } from '../findings/finding';
import type { FlowLog } from '../model/aws-types';
import type { NetworkModel } from '../model/network-model';
import { type RiskRule, RULE_IDS } from './rule';
import type { RulesConfig } from './rules-config';
import { dropUndefined } from './sg-finding';

function describeLog(log: FlowLog): string {
  return `${log.FlowLogId} (${log.TrafficType ?? 'traffic type not given'}, ${log.FlowLogStatus ?? 'status not given'})`;
}

export const vpcFlowLogsMissing: RiskRule = {
  id: RULE_IDS.flowLogs,
  title: 'VPC has no flow log capturing the required traffic',
  description:
    'A VPC without an ACTIVE flow log on the VPC itself whose TrafficType is the required one or ALL ' +
    '(AWS: vpc-flow-logs-enabled). The default requires ALL, stricter than AWS’s default of any type: a ' +
    'REJECT-only log misses the accepted connections an investigation needs. Subnet and ENI flow logs do ' +
    'not count, since they leave the rest of the VPC unrecorded.',
  defaultSeverity: 'medium',
  resourceType: 'AWS::EC2::VPC',
  parameters: [{ name: 'flowLogTrafficType', default: 'ALL', description: 'ALL, ACCEPT or REJECT' }],
  evaluate(model: NetworkModel, config: RulesConfig): Finding[] {
    const wanted = config.flowLogTrafficType;
    const findings: Finding[] = [];
    for (const vpc of model.allVpcs()) {
      const logs = model.flowLogsFor(vpc.VpcId);
      const satisfied = logs.some(
        (log) => log.FlowLogStatus === 'ACTIVE' && (log.TrafficType === 'ALL' || log.TrafficType === wanted),
      );
      if (satisfied) continue;
      const existing =
        logs.length === 0 ? 'it has no flow log' : `its flow logs do not qualify: ${logs.map(describeLog).join(', ')}`;
      findings.push(
        dropUndefined<Finding>({
          ruleId: this.id,
          resourceId: vpc.VpcId,
          resourceType: 'AWS::EC2::VPC',
          severity: this.defaultSeverity,
          vpcId: vpc.VpcId,
          message:
            `VPC ${vpc.VpcId} records no ${wanted === 'ALL' ? 'accepted and rejected' : wanted.toLowerCase()} traffic: ` +
            `${existing}. Create an ACTIVE flow log on the VPC with TrafficType ${wanted} ` +
            `(aws ec2 create-flow-logs --resource-type VPC --resource-ids ${vpc.VpcId} --traffic-type ${wanted} ...).`,
          details: { requiredTrafficType: wanted, flowLogs: logs.map((l) => l.FlowLogId) },
        }),
      );
    }
    return findings;
  },
};
