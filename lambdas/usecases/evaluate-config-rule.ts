/**
 * The AWS Config custom rule: judge the changed resource (or, periodically, every network resource)
 * on the whole network model and report COMPLIANT / NON_COMPLIANT / NOT_APPLICABLE through
 * PutEvaluations, so auditors see NetWarden's verdicts in Config's compliance timeline.
 */
import { type Finding, severityRank } from '../core/findings/finding';
import { applyConfigurationItem, mapConfigurationItem } from '../core/model/config-items';
import type { Snapshot } from '../core/model/snapshot';
import {
  type ConfigRuleEvent,
  type ConfigurationItem,
  EVALUABLE_STATUSES,
  isConfigResourceType,
} from '../events/config-rule-event';
import type { HistoryStore } from '../ports';
import type { ComplianceEvaluation, ConfigRuleGateway } from './config-rule-gateway';
import { evaluationRecord, type RecordContext } from './history-records';
import type { Log } from './log';
import type { AssessedNetwork, NetworkEngine } from './network-engine-port';
import type { SnapshotSource } from './snapshot-source';

export interface ConfigRuleDeps {
  gateway: ConfigRuleGateway;
  snapshots: SnapshotSource;
  engine: NetworkEngine;
  history: HistoryStore;
  log: Log;
  now: () => Date;
}

export interface ConfigRuleResult {
  evaluations: ComplianceEvaluation[];
  putCalls: number;
}

/** An evaluation and the number of findings behind it (for the history record). */
interface Judged {
  evaluation: ComplianceEvaluation;
  findingCount: number;
}

/** The id of every in-scope resource in a snapshot, with its Config resource type. */
function resourcesOf(snapshot: Snapshot): { resourceType: string; resourceId: string }[] {
  return [
    ...snapshot.SecurityGroups.map((r) => ({ resourceType: 'AWS::EC2::SecurityGroup', resourceId: r.GroupId })),
    ...snapshot.NetworkAcls.map((r) => ({ resourceType: 'AWS::EC2::NetworkAcl', resourceId: r.NetworkAclId })),
    ...snapshot.RouteTables.map((r) => ({ resourceType: 'AWS::EC2::RouteTable', resourceId: r.RouteTableId })),
    ...snapshot.Subnets.map((r) => ({ resourceType: 'AWS::EC2::Subnet', resourceId: r.SubnetId })),
    ...snapshot.Vpcs.map((r) => ({ resourceType: 'AWS::EC2::VPC', resourceId: r.VpcId })),
  ];
}

/** Findings below this rank (info) are context, not violations. */
const VIOLATION_RANK = severityRank('low');

function verdictFor(
  network: AssessedNetwork,
  resourceType: string,
  resourceId: string,
  orderingTimestamp: Date,
): Judged {
  const findings = network.findings.filter(
    (f) => f.resourceId === resourceId && severityRank(f.severity) >= VIOLATION_RANK,
  );
  if (findings.length === 0) {
    const evaluation: ComplianceEvaluation = {
      resourceType,
      resourceId,
      compliance: 'COMPLIANT',
      annotation: 'No NetWarden finding.',
      orderingTimestamp,
    };
    return { evaluation, findingCount: 0 };
  }
  const evaluation: ComplianceEvaluation = {
    resourceType,
    resourceId,
    compliance: 'NON_COMPLIANT',
    annotation: annotate(findings),
    orderingTimestamp,
  };
  return { evaluation, findingCount: findings.length };
}

/** The worst finding first, with its reachability evidence; the adapter truncates to Config's limit. */
function annotate(findings: Finding[]): string {
  const sorted = [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const parts = sorted.map((f) => {
    const evidence = f.exposure ? ` (${f.exposure.evidence})` : '';
    return `[${f.severity}] ${f.ruleId}: ${f.message}${evidence}`;
  });
  return `${findings.length} finding(s): ${parts.join(' | ')}`;
}

function notApplicable(resourceType: string, resourceId: string, reason: string, orderingTimestamp: Date): Judged {
  return {
    evaluation: { resourceType, resourceId, compliance: 'NOT_APPLICABLE', annotation: reason, orderingTimestamp },
    findingCount: 0,
  };
}

async function evaluateChange(item: ConfigurationItem, event: ConfigRuleEvent, deps: ConfigRuleDeps): Promise<Judged> {
  const at = new Date(item.configurationItemCaptureTime);
  const { resourceType, resourceId, configurationItemStatus: status } = item;
  if (event.eventLeftScope) return notApplicable(resourceType, resourceId, 'The resource left the rule scope.', at);
  if (!(EVALUABLE_STATUSES as readonly string[]).includes(status)) {
    return notApplicable(resourceType, resourceId, `Not evaluated: configuration item status ${status}.`, at);
  }
  if (!isConfigResourceType(resourceType)) {
    return notApplicable(resourceType, resourceId, `NetWarden does not evaluate ${resourceType}.`, at);
  }
  // The item is what Config recorded at capture time: it wins over the (possibly older) snapshot.
  const mapped = mapConfigurationItem(item.item, `${event.eventId} configuration item ${resourceId}`);
  const snapshot = applyConfigurationItem(await deps.snapshots.full(), mapped);
  return verdictFor(deps.engine.assess(snapshot), resourceType, resourceId, at);
}

async function evaluatePeriodic(event: ConfigRuleEvent, deps: ConfigRuleDeps): Promise<Judged[]> {
  const at = new Date(event.notificationCreationTime);
  const snapshot = await deps.snapshots.full(true);
  const network = deps.engine.assess(snapshot);
  const present = resourcesOf(snapshot);
  const evaluations = present.map((r) => verdictFor(network, r.resourceType, r.resourceId, at));
  const presentIds = new Set(present.map((r) => r.resourceId));
  const previous = await deps.gateway.listEvaluatedResources(event.configRuleName);
  for (const gone of previous.filter((r) => !presentIds.has(r.resourceId))) {
    evaluations.push(notApplicable(gone.resourceType, gone.resourceId, 'The resource no longer exists.', at));
  }
  return evaluations;
}

export async function evaluateConfigRule(event: ConfigRuleEvent, deps: ConfigRuleDeps): Promise<ConfigRuleResult> {
  let judged: Judged[];
  switch (event.messageType) {
    case 'ConfigurationItemChangeNotification':
      judged = [await evaluateChange(event.configurationItem, event, deps)];
      break;
    case 'OversizedConfigurationItemChangeNotification': {
      const item = await deps.gateway.fetchItem(event.configurationItemSummary);
      judged = [await evaluateChange(item, event, deps)];
      break;
    }
    case 'ScheduledNotification':
      judged = await evaluatePeriodic(event, deps);
      break;
  }
  const evaluations = judged.map((j) => j.evaluation);
  const putCalls = await deps.gateway.putEvaluations(event.resultToken, evaluations);
  const ctx: RecordContext = {
    at: deps.now().toISOString(),
    correlationId: event.eventId,
    trigger: { source: 'config-rule', eventId: event.eventId },
  };
  await deps.history.appendAll(
    judged.map((j) =>
      evaluationRecord(ctx, j.evaluation.resourceId, event.configRuleName, j.evaluation.compliance, j.findingCount),
    ),
  );
  deps.log.info('Config rule evaluated', {
    eventId: event.eventId,
    messageType: event.messageType,
    evaluations: evaluations.length,
    nonCompliant: evaluations.filter((e) => e.compliance === 'NON_COMPLIANT').length,
    putCalls,
  });
  return { evaluations, putCalls };
}
