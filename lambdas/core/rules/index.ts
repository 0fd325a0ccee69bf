import { type Finding, findingKey, SEVERITIES, severityRank } from '../findings/finding';
import type { NetworkModel } from '../model/network-model';
import { naclAdminPortOpenToInternet } from './nacl-admin-port-open-to-internet';
import { isEnabled, type RiskRule, RULE_IDS } from './rule';
import { type RulesConfig, resolveRulesConfig } from './rules-config';
import { sgAllTrafficOpenToInternet } from './sg-all-traffic-open-to-internet';
import { sgDefaultGroupHasRules } from './sg-default-group-has-rules';
import { sgRiskyPortOpenToInternet } from './sg-risky-port-open-to-internet';
import { sgUnattached, UNATTACHED_NOTE, unattachedGroups } from './sg-unattached';
import { sgWidePublicRange } from './sg-wide-public-range';
import { subnetAutoAssignPublicIp } from './subnet-auto-assign-public-ip';
import { vpcFlowLogsMissing } from './vpc-flow-logs-missing';

export { RISKY_PORTS, RISKY_PORTS_VERSION, type RiskyPort, type RiskyPortOverrides } from './risky-ports';
export { type RiskRule, RULE_IDS, type RuleParameter } from './rule';
export {
  DEFAULT_RULES_CONFIG,
  parseRulesConfig,
  type RulesConfig,
  RulesConfigError,
  resolveRulesConfig,
} from './rules-config';

export const RULES: readonly RiskRule[] = [
  sgAllTrafficOpenToInternet,
  sgRiskyPortOpenToInternet,
  sgWidePublicRange,
  sgDefaultGroupHasRules,
  sgUnattached,
  naclAdminPortOpenToInternet,
  vpcFlowLogsMissing,
  subnetAutoAssignPublicIp,
];

export const RULE_ID_LIST: readonly string[] = RULES.map((r) => r.id);

/** Worst first, then by rule, resource and the finding's identity, so output is stable run to run. */
export function compareFindings(a: Finding, b: Finding, keyOf: (f: Finding) => string = findingKey): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.resourceId.localeCompare(b.resourceId) ||
    keyOf(a).localeCompare(keyOf(b))
  );
}

/** Nothing is exposed through a group no one uses yet: its findings drop to low (info stays info). */
function lowerOnUnattachedGroups(findings: Finding[], model: NetworkModel): Finding[] {
  const unattached = new Set(unattachedGroups(model).map((g) => g.GroupId));
  const low = SEVERITIES.indexOf('low');
  return findings.map((f) => {
    if (f.ruleId === RULE_IDS.unattached || f.resourceType !== 'AWS::EC2::SecurityGroup') return f;
    if (!unattached.has(f.resourceId) || SEVERITIES.indexOf(f.severity) >= low) return f;
    return {
      ...f,
      severity: 'low',
      message: `${f.message} Lowered from ${f.severity} to low: ${UNATTACHED_NOTE}.`,
      details: { ...f.details, severityBeforeUnattached: f.severity },
    };
  });
}

/** Runs every enabled rule on the model. Pure and deterministic. */
export function runRules(model: NetworkModel, config: Partial<RulesConfig> = {}): Finding[] {
  const resolved = resolveRulesConfig(config);
  const findings = RULES.filter((rule) => isEnabled(resolved, rule.id)).flatMap((rule) =>
    rule.evaluate(model, resolved),
  );
  const adjusted = isEnabled(resolved, RULE_IDS.unattached) ? lowerOnUnattachedGroups(findings, model) : findings;
  return sortFindings(adjusted);
}

/** compareFindings' order, with each finding's key built once rather than on every comparison. */
function sortFindings(findings: Finding[]): Finding[] {
  const keys = new Map<Finding, string>();
  for (const f of findings) keys.set(f, findingKey(f));
  const keyOf = (f: Finding): string => keys.get(f) ?? findingKey(f);
  return findings.sort((a, b) => compareFindings(a, b, keyOf));
}
