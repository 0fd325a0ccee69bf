import type { Finding } from '../findings/finding';
import type { SecurityGroup } from '../model/aws-types';
import type { NetworkModel } from '../model/network-model';
import { ingressSources } from './internet-exposure';
import { type RiskRule, RULE_IDS } from './rule';
import { dropUndefined, groupLabel } from './sg-finding';

/** Without network interfaces or instances in the snapshot nothing can be judged unattached (fail closed). */
export function canJudgeAttachment(model: NetworkModel): boolean {
  return model.snapshot.NetworkInterfaces.length > 0 || model.snapshot.Reservations.length > 0;
}

/** Whether anything in the snapshot carries the group: an ENI, an instance or an interface endpoint. */
export function isAttached(model: NetworkModel, groupId: string): boolean {
  if (model.interfacesWithGroup(groupId).length > 0) return true;
  const carries = (groups?: { GroupId: string }[]) => groups?.some((g) => g.GroupId === groupId) ?? false;
  return (
    model.snapshot.Reservations.some((r) =>
      r.Instances.some((i) => carries(i.SecurityGroups) || i.NetworkInterfaces?.some((n) => carries(n.Groups))),
    ) || model.snapshot.VpcEndpoints.some((e) => carries(e.Groups))
  );
}

/** Groups the sg-unattached rule reports: attached to nothing and not a VPC's default group (which cannot be deleted). */
export function unattachedGroups(model: NetworkModel): SecurityGroup[] {
  if (!canJudgeAttachment(model)) return [];
  return model.allSecurityGroups().filter((g) => g.GroupName !== 'default' && !isAttached(model, g.GroupId));
}

export const UNATTACHED_NOTE = 'the group is attached to no network interface (see sg-unattached)';

export const sgUnattached: RiskRule = {
  id: RULE_IDS.unattached,
  title: 'Security group attached to nothing',
  description:
    'A non-default group that no network interface, instance or endpoint in the snapshot carries (AWS: ' +
    'ec2-security-group-attached-to-eni). Informational; other findings on the group are lowered to low, ' +
    'because nothing is exposed until someone attaches it. Skipped when the snapshot has no network ' +
    'interfaces or instances at all, since attachment cannot be judged then.',
  defaultSeverity: 'info',
  resourceType: 'AWS::EC2::SecurityGroup',
  parameters: [],
  evaluate(model: NetworkModel): Finding[] {
    return unattachedGroups(model).map((group) => {
      const publicSources = ingressSources(model, group).filter((s) => !s.publicAddresses.isEmpty()).length;
      const open =
        publicSources > 0
          ? ` It admits ${publicSources} public source${publicSources === 1 ? '' : 's'}: its other findings are ` +
            'lowered to low while it stays unattached, and become live the moment someone attaches it.'
          : '';
      return dropUndefined<Finding>({
        ruleId: this.id,
        resourceId: group.GroupId,
        resourceType: 'AWS::EC2::SecurityGroup',
        severity: this.defaultSeverity,
        vpcId: group.VpcId,
        message:
          `Security group ${groupLabel(group)} is attached to no network interface.${open} ` +
          'Delete it if it is no longer needed.',
        details: { publicSources },
      });
    });
  },
};
