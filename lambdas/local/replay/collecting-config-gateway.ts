/**
 * The embedded AWS Config: PutEvaluations is collected instead of sent (in batches and with
 * annotations cut exactly as the AWS adapter sends them), GetResourceConfigHistory answers from
 * the embedded account, and the rule's evaluated resources are the ones this replay reported.
 */

import { EVALUATION_BATCH_SIZE, truncateAnnotation } from '../../aws/config-evaluations';
import type { Snapshot } from '../../core/model/snapshot';
import type { ConfigurationItem, ConfigurationItemSummary } from '../../events/config-rule-event';
import type { ComplianceEvaluation, ConfigRuleGateway, EvaluatedResource } from '../../usecases/config-rule-gateway';

export class EmbeddedConfigError extends Error {
  override readonly name = 'EmbeddedConfigError';
}

/** One PutEvaluations call as it would be sent. */
export interface PutEvaluationsCall {
  resultToken: string;
  evaluations: ComplianceEvaluation[];
}

/** The EC2 list and id field behind each Config resource type the rule evaluates. */
const RESOURCES: Record<string, (s: Snapshot, id: string) => unknown> = {
  'AWS::EC2::SecurityGroup': (s, id) => s.SecurityGroups.find((r) => r.GroupId === id),
  'AWS::EC2::NetworkAcl': (s, id) => s.NetworkAcls.find((r) => r.NetworkAclId === id),
  'AWS::EC2::RouteTable': (s, id) => s.RouteTables.find((r) => r.RouteTableId === id),
  'AWS::EC2::Subnet': (s, id) => s.Subnets.find((r) => r.SubnetId === id),
  'AWS::EC2::VPC': (s, id) => s.Vpcs.find((r) => r.VpcId === id),
};

export class CollectingConfigGateway implements ConfigRuleGateway {
  private readonly calls: PutEvaluationsCall[] = [];
  /** Per rule: the latest compliance reported for each resource. */
  private readonly verdicts = new Map<string, Map<string, ComplianceEvaluation>>();

  /** `account` gives the current embedded network; `ruleOfToken` names the rule a result token belongs to. */
  constructor(
    private readonly account: () => Snapshot,
    private readonly ruleOfToken: (resultToken: string) => string | undefined,
  ) {}

  async putEvaluations(resultToken: string, evaluations: readonly ComplianceEvaluation[]): Promise<number> {
    let calls = 0;
    for (let start = 0; start < evaluations.length; start += EVALUATION_BATCH_SIZE) {
      const batch = evaluations
        .slice(start, start + EVALUATION_BATCH_SIZE)
        .map((e) => ({ ...e, annotation: truncateAnnotation(e.annotation) }));
      this.calls.push({ resultToken, evaluations: batch });
      calls += 1;
    }
    const rule = this.ruleOfToken(resultToken);
    if (rule !== undefined) {
      const verdicts = this.verdicts.get(rule) ?? new Map<string, ComplianceEvaluation>();
      for (const e of evaluations) verdicts.set(`${e.resourceType}|${e.resourceId}`, e);
      this.verdicts.set(rule, verdicts);
    }
    return calls;
  }

  async fetchItem(summary: ConfigurationItemSummary): Promise<ConfigurationItem> {
    const find = RESOURCES[summary.resourceType];
    const resource = find?.(this.account(), summary.resourceId);
    if (resource === undefined) {
      throw new EmbeddedConfigError(
        `GetResourceConfigHistory: the embedded account has no ${summary.resourceType} ${summary.resourceId}`,
      );
    }
    // The EC2 API's own PascalCase spelling is a configuration the item mapper accepts.
    const configuration = structuredClone(resource) as Record<string, unknown>;
    return {
      ...summary,
      item: {
        configurationItemCaptureTime: summary.configurationItemCaptureTime,
        configurationItemStatus: summary.configurationItemStatus,
        resourceType: summary.resourceType,
        resourceId: summary.resourceId,
        tags: {},
        relationships: [],
        configuration,
      },
    };
  }

  async listEvaluatedResources(configRuleName: string): Promise<EvaluatedResource[]> {
    return [...(this.verdicts.get(configRuleName)?.values() ?? [])]
      .filter((e) => e.compliance !== 'NOT_APPLICABLE')
      .map((e) => ({ resourceType: e.resourceType, resourceId: e.resourceId }));
  }

  /** Every PutEvaluations call since the last call, oldest first; the list is emptied. */
  take(): PutEvaluationsCall[] {
    return this.calls.splice(0);
  }
}
