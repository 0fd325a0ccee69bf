import type { Finding, ResourceType, Severity } from '../findings/finding';
import type { NetworkModel } from '../model/network-model';
import type { RulesConfig } from './rules-config';

/** One parameter a rule reads from `RulesConfig`, documented for `--help` and the README. */
export interface RuleParameter {
  /** Path in the rules config, e.g. `widePublicRange.ipv4PrefixLength`. */
  name: string;
  default: string;
  description: string;
}

export interface RiskRule {
  /** Stable, public: used in findings, exemptions, Config rule names and history. */
  id: string;
  title: string;
  description: string;
  defaultSeverity: Severity;
  resourceType: ResourceType;
  parameters: readonly RuleParameter[];
  /** Pure: the same model and config always give the same findings. */
  evaluate(model: NetworkModel, config: RulesConfig): Finding[];
}

export const RULE_IDS = {
  riskyPort: 'sg-risky-port-open-to-internet',
  allTraffic: 'sg-all-traffic-open-to-internet',
  widePublicRange: 'sg-wide-public-range',
  defaultGroup: 'sg-default-group-has-rules',
  unattached: 'sg-unattached',
  naclAdminPort: 'nacl-admin-port-open-to-internet',
  flowLogs: 'vpc-flow-logs-missing',
  autoAssignPublicIp: 'subnet-auto-assign-public-ip',
} as const;

export function isEnabled(config: RulesConfig, ruleId: string): boolean {
  return !config.disabledRules.includes(ruleId);
}

export const INTERNET_COVERAGE_PARAMETER: RuleParameter = {
  name: 'internetCoverage',
  default: '0.5',
  description:
    'share of one family’s public address space that the sources admitting a port must cover together to count as the internet',
};
