import type { Finding } from '../findings/finding';
import type { RemediationAction } from './actions';
import { shapeText, sourcesOf, sourceText } from './sg-permissions';

/**
 * The remediation of one finding. `ready`: `actions`, applied in order, remove the finding (to be
 * proved by the verifier). `manual`: NetWarden does not change this on its own; `summary` says why
 * and what a person should do.
 */
export interface Plan {
  findingKey: string;
  ruleId: string;
  resourceId: string;
  status: 'ready' | 'manual';
  actions: RemediationAction[];
  summary: string;
}

export function manualPlan(finding: Finding, findingKey: string, summary: string): Plan {
  return { findingKey, ruleId: finding.ruleId, resourceId: finding.resourceId, status: 'manual', actions: [], summary };
}

/** One line a person can check against the EC2 API reference. */
export function describeAction(action: RemediationAction): string {
  switch (action.api) {
    case 'RevokeSecurityGroupIngress':
    case 'RevokeSecurityGroupEgress': {
      const what = action.permissions
        .flatMap((p) =>
          sourcesOf(p).map((s) => `${shapeText(p)} ${action.api.endsWith('Ingress') ? 'from' : 'to'} ${sourceText(s)}`),
        )
        .join(', ');
      const by = action.params.SecurityGroupRuleIds ? ` (rule ${action.params.SecurityGroupRuleIds.join(', ')})` : '';
      return `${action.api} ${action.params.GroupId}: ${what}${by}`;
    }
    case 'AuthorizeSecurityGroupIngress':
    case 'AuthorizeSecurityGroupEgress': {
      const what = action.params.IpPermissions.flatMap((p) =>
        sourcesOf(p).map((s) => `${shapeText(p)} ${action.api.endsWith('Ingress') ? 'from' : 'to'} ${sourceText(s)}`),
      ).join(', ');
      return `${action.api} ${action.params.GroupId}: ${what}`;
    }
    case 'CreateNetworkAclEntry':
    case 'ReplaceNetworkAclEntry': {
      const p = action.params;
      const ports = p.PortRange ? ` ports ${p.PortRange.From}-${p.PortRange.To}` : '';
      const cidr = p.CidrBlock ?? p.Ipv6CidrBlock ?? '';
      return `${action.api} ${p.NetworkAclId} #${p.RuleNumber} ${p.Egress ? 'egress' : 'ingress'}: ${p.RuleAction} protocol ${p.Protocol}${ports} ${p.Egress ? 'to' : 'from'} ${cidr}`;
    }
    case 'DeleteNetworkAclEntry':
      return `DeleteNetworkAclEntry ${action.params.NetworkAclId} #${action.params.RuleNumber} ${action.params.Egress ? 'egress' : 'ingress'}`;
    case 'CreateRoute':
    case 'ReplaceRoute':
    case 'DeleteRoute': {
      const p = action.params;
      const destination = p.DestinationCidrBlock ?? p.DestinationIpv6CidrBlock ?? p.DestinationPrefixListId ?? '?';
      const target = Object.entries(p)
        .filter(([key]) => key !== 'RouteTableId' && !key.startsWith('Destination'))
        .map(([, value]) => String(value))
        .join(', ');
      return `${action.api} ${p.RouteTableId} ${destination}${target ? ` -> ${target}` : ''}`;
    }
    case 'CreateFlowLogs':
      return `CreateFlowLogs ${action.params.ResourceIds.join(', ')}: ${action.params.TrafficType} traffic to log group ${action.params.LogGroupName}`;
    case 'DeleteFlowLogs':
      return `DeleteFlowLogs ${action.params.FlowLogIds?.join(', ') ?? `of ${action.match.resourceId} into ${action.match.logGroupName}`}`;
    case 'ModifySubnetAttribute':
      return `ModifySubnetAttribute ${action.params.SubnetId}: MapPublicIpOnLaunch=${action.params.MapPublicIpOnLaunch.Value}`;
  }
}
