/** What the Config rule evaluator needs from AWS Config (implemented by lambdas/aws/config-evaluations.ts). */
import type { ConfigurationItem, ConfigurationItemSummary } from '../events/config-rule-event';

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

export interface ComplianceEvaluation {
  resourceType: string;
  resourceId: string;
  compliance: ComplianceType;
  annotation: string;
  /** The item's capture time for change triggers, the notification time for periodic ones. */
  orderingTimestamp: Date;
}

export interface EvaluatedResource {
  resourceType: string;
  resourceId: string;
}

export interface ConfigRuleGateway {
  /** Reports every evaluation, in as many calls as AWS's batch limit requires; returns the number of calls. */
  putEvaluations(resultToken: string, evaluations: readonly ComplianceEvaluation[]): Promise<number>;
  /** The whole item an oversized notification only summarises, as it was at the summary's capture time. */
  fetchItem(summary: ConfigurationItemSummary): Promise<ConfigurationItem>;
  /** Resources the rule currently holds a COMPLIANT or NON_COMPLIANT verdict for. */
  listEvaluatedResources(configRuleName: string): Promise<EvaluatedResource[]>;
}
