import type { Finding } from '../findings/finding';
import type { NetworkModel } from '../model/network-model';
import { type RiskRule, RULE_IDS } from './rule';
import { dropUndefined } from './sg-finding';

export const subnetAutoAssignPublicIp: RiskRule = {
  id: RULE_IDS.autoAssignPublicIp,
  title: 'Subnet gives every new instance a public IPv4 address',
  description:
    'MapPublicIpOnLaunch is true (AWS: subnet-auto-assign-public-ip-disabled): anything launched in the ' +
    'subnet gets a public address, and with a route to an internet gateway becomes reachable as soon as a ' +
    'security group allows it.',
  defaultSeverity: 'medium',
  resourceType: 'AWS::EC2::Subnet',
  parameters: [],
  evaluate(model: NetworkModel): Finding[] {
    return model
      .allSubnets()
      .filter((subnet) => subnet.MapPublicIpOnLaunch === true)
      .map((subnet) =>
        dropUndefined<Finding>({
          ruleId: this.id,
          resourceId: subnet.SubnetId,
          resourceType: 'AWS::EC2::Subnet',
          severity: this.defaultSeverity,
          vpcId: subnet.VpcId,
          message:
            `Subnet ${subnet.SubnetId} assigns a public IPv4 address to every instance launched in it. Turn it off ` +
            `(aws ec2 modify-subnet-attribute --subnet-id ${subnet.SubnetId} --no-map-public-ip-on-launch) and ` +
            'give public addresses only to what must be reached from the internet, preferably through a load balancer.',
        }),
      );
  },
};
