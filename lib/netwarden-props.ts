import { existsSync, readFileSync, statSync } from 'node:fs';
import { Duration, type StackProps } from 'aws-cdk-lib';
import type { MaximumExecutionFrequency } from 'aws-cdk-lib/aws-config';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** What NetWarden does about a rule's findings: record only, tell people, or repair after verification. */
export type RuleMode = 'detect' | 'notify' | 'auto';

/** The public rule ids (lambdas/core/rules); a test keeps this list equal to the engine's. */
export const KNOWN_RULE_IDS = [
  'sg-risky-port-open-to-internet',
  'sg-all-traffic-open-to-internet',
  'sg-wide-public-range',
  'sg-default-group-has-rules',
  'sg-unattached',
  'nacl-admin-port-open-to-internet',
  'vpc-flow-logs-missing',
  'subnet-auto-assign-public-ip',
] as const;

export interface RiskyPortProp {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  /** What listens there, for messages (e.g. "Redis"). */
  readonly service: string;
  readonly severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
}

/** Changes to the shipped risky-port catalogue. */
export interface RiskyPortOverridesProp {
  /**
   * Ports to add, or to re-rate (same protocol and port replaces the catalogue line).
   * @default - none
   */
  readonly add?: readonly RiskyPortProp[];
  /**
   * Catalogue lines to drop.
   * @default - none
   */
  readonly remove?: readonly { readonly protocol: 'tcp' | 'udp'; readonly port: number }[];
}

/** A standing exemption: NetWarden reports the finding but never repairs it until `expires`. */
export interface ExemptionProp {
  /** The exempted resource id (sg-…, acl-…, rtb-…, subnet-…, vpc-…). */
  readonly resource: string;
  /** The rule ids it applies to. */
  readonly rules: readonly string[];
  /** Who answers for it (a person or a team address). */
  readonly owner: string;
  readonly reason: string;
  /** ISO-8601 date; past it the exemption no longer applies (exemptions fail closed). */
  readonly expires: string;
}

/** Object Lock retention of the daily history exports. */
export interface HistoryExportRetentionProp {
  /**
   * COMPLIANCE: nobody, the root user included, can delete an export or shorten its retention;
   * GOVERNANCE: only principals with s3:BypassGovernanceRetention can.
   */
  readonly mode: 'COMPLIANCE' | 'GOVERNANCE';
  /** Whole days each export is locked for, counted from its upload. */
  readonly days: number;
}

export interface NetWardenStackProps extends StackProps {
  /**
   * Mode per rule id: `detect` (record only), `notify` (record and notify) or `auto` (repair when
   * the repair is proved safe against the intents, else escalate).
   * @default - every rule `notify`
   */
  readonly modes?: Readonly<Record<string, RuleMode>>;
  /**
   * Addresses subscribed (by e-mail) to the notification topic.
   * @default - no subscription; subscribe chat or ticketing to the topic yourself
   */
  readonly notificationEmails?: readonly string[];
  /**
   * The intents (flows that must work or must never work) as YAML text (format: README, "Intents").
   * @default - no intents: auto-remediation can then not prove a repair safe and escalates instead
   */
  readonly intents?: string;
  /**
   * A YAML file holding the intents; read at synth time. Give `intents` or `intentsFile`, not both.
   * @default - no intents file
   */
  readonly intentsFile?: string;
  /**
   * Changes to the risky-port catalogue.
   * @default - the shipped catalogue unchanged
   */
  readonly riskyPortOverrides?: RiskyPortOverridesProp;
  /**
   * Exemptions declared with the deployment (tags `netwarden:exempt` on resources work too).
   * @default - none
   */
  readonly exemptions?: readonly ExemptionProp[];
  /**
   * When the scheduled assurance run (full snapshot, intents, exposure sweep, metrics) happens.
   * @default Schedule.rate(Duration.hours(6))
   */
  readonly schedule?: Schedule;
  /**
   * How often AWS Config runs the periodic rule.
   * @default MaximumExecutionFrequency.TWENTY_FOUR_HOURS
   */
  readonly configRuleFrequency?: MaximumExecutionFrequency;
  /**
   * CloudWatch Logs groups receiving VPC flow logs (default format) whose REJECT records are counted.
   * @default - none: no REJECT metric filter and no REJECT alarm
   */
  readonly flowLogGroupNames?: readonly string[];
  /**
   * REJECT records in 5 minutes, summed over `flowLogGroupNames`, that raise the REJECT alarm.
   * @default 100
   */
  readonly rejectThreshold?: number;
  /**
   * IAM role ARNs whose changes NetWarden evaluates and reports but never reverts (e.g. the IaC
   * deployment role): reverting them would fight the pipeline.
   * @default - none
   */
  readonly trustedPrincipals?: readonly string[];
  /**
   * Retention of the functions' logs.
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
  /**
   * Days history records are kept in the history table (DynamoDB TTL).
   * @default - kept until deleted by someone
   */
  readonly historyRetentionDays?: number;
  /**
   * Object Lock retention of the daily JSON Lines exports of the history (the audit evidence that
   * outlives the table's TTL and cannot be altered).
   * @default { mode: 'COMPLIANCE', days: 365 }
   */
  readonly historyExportRetention?: HistoryExportRetentionProp;
}

/** The props with every default applied and the intents read: what the constructs consume. */
export interface ResolvedNetWardenProps {
  readonly modes: Readonly<Record<string, RuleMode>>;
  readonly notificationEmails: readonly string[];
  /** YAML text, or undefined when there are no intents. */
  readonly intentsYaml?: string;
  readonly riskyPortOverrides: {
    add: readonly RiskyPortProp[];
    remove: readonly { protocol: 'tcp' | 'udp'; port: number }[];
  };
  readonly exemptions: readonly ExemptionProp[];
  readonly schedule: Schedule;
  readonly configRuleFrequency?: MaximumExecutionFrequency;
  readonly flowLogGroupNames: readonly string[];
  readonly rejectThreshold: number;
  readonly trustedPrincipals: readonly string[];
  readonly logRetention: RetentionDays;
  readonly historyRetentionDays?: number;
  readonly historyExportRetention: HistoryExportRetentionProp;
}

export class NetWardenPropsError extends Error {
  override readonly name = 'NetWardenPropsError';
  constructor(prop: string, problem: string) {
    super(`NetWardenStack props: ${prop}: ${problem}`);
  }
}

const MODES: readonly string[] = ['detect', 'notify', 'auto'];
const LOCK_MODES: readonly string[] = ['COMPLIANCE', 'GOVERNANCE'];
const DEFAULT_EXPORT_RETENTION: HistoryExportRetentionProp = { mode: 'COMPLIANCE', days: 365 };
const SEVERITIES: readonly string[] = ['critical', 'high', 'medium', 'low', 'info'];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const RESOURCE_ID = /^(sg|acl|rtb|subnet|vpc)-[0-9a-f]{8,17}$/;

function checkPort(prop: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new NetWardenPropsError(prop, `expected a port 0-65535, got ${port}`);
  }
}

function checkExportRetention(retention: HistoryExportRetentionProp): HistoryExportRetentionProp {
  if (!LOCK_MODES.includes(retention.mode)) {
    throw new NetWardenPropsError(
      'historyExportRetention.mode',
      `expected COMPLIANCE or GOVERNANCE, got ${JSON.stringify(retention.mode)}`,
    );
  }
  if (!Number.isInteger(retention.days) || retention.days < 1) {
    throw new NetWardenPropsError(
      'historyExportRetention.days',
      `expected a whole number of days >= 1, got ${retention.days}`,
    );
  }
  return { mode: retention.mode, days: retention.days };
}

function readIntents(props: NetWardenStackProps): string | undefined {
  if (props.intents !== undefined && props.intentsFile !== undefined) {
    throw new NetWardenPropsError('intents / intentsFile', 'give the intents as text or as a file, not both');
  }
  if (props.intentsFile !== undefined) {
    if (!existsSync(props.intentsFile) || !statSync(props.intentsFile).isFile()) {
      throw new NetWardenPropsError('intentsFile', `no file at ${props.intentsFile}: point it at your intents YAML`);
    }
    const text = readFileSync(props.intentsFile, 'utf8');
    if (text.trim() === '') throw new NetWardenPropsError('intentsFile', `${props.intentsFile} is empty`);
    return text;
  }
  if (props.intents !== undefined && props.intents.trim() === '') {
    throw new NetWardenPropsError('intents', 'is empty: omit it, or give the YAML text of your intents');
  }
  return props.intents;
}

/** Applies the defaults and rejects anything a deployment would trip over later, saying what to change. */
export function resolveNetWardenProps(props: NetWardenStackProps): ResolvedNetWardenProps {
  const modes = props.modes ?? {};
  for (const [ruleId, mode] of Object.entries(modes)) {
    if (!(KNOWN_RULE_IDS as readonly string[]).includes(ruleId)) {
      throw new NetWardenPropsError(`modes.${ruleId}`, `unknown rule id; known: ${KNOWN_RULE_IDS.join(', ')}`);
    }
    if (!MODES.includes(mode)) {
      throw new NetWardenPropsError(`modes.${ruleId}`, `expected detect, notify or auto, got ${JSON.stringify(mode)}`);
    }
  }
  const emails = props.notificationEmails ?? [];
  emails.forEach((email, i) => {
    if (!EMAIL.test(email))
      throw new NetWardenPropsError(`notificationEmails[${i}]`, `${JSON.stringify(email)} is not an e-mail address`);
  });
  const overrides = props.riskyPortOverrides ?? {};
  (overrides.add ?? []).forEach((p, i) => {
    checkPort(`riskyPortOverrides.add[${i}].port`, p.port);
    if (p.protocol !== 'tcp' && p.protocol !== 'udp') {
      throw new NetWardenPropsError(
        `riskyPortOverrides.add[${i}].protocol`,
        `expected tcp or udp, got ${JSON.stringify(p.protocol)}`,
      );
    }
    if (!SEVERITIES.includes(p.severity)) {
      throw new NetWardenPropsError(
        `riskyPortOverrides.add[${i}].severity`,
        `expected one of ${SEVERITIES.join(', ')}`,
      );
    }
    if (p.service.trim() === '')
      throw new NetWardenPropsError(`riskyPortOverrides.add[${i}].service`, 'name the service');
  });
  (overrides.remove ?? []).forEach((p, i) => {
    checkPort(`riskyPortOverrides.remove[${i}].port`, p.port);
  });
  const exemptions = props.exemptions ?? [];
  exemptions.forEach((e, i) => {
    const at = `exemptions[${i}]`;
    if (!RESOURCE_ID.test(e.resource))
      throw new NetWardenPropsError(
        `${at}.resource`,
        `expected an sg-, acl-, rtb-, subnet- or vpc- id, got ${JSON.stringify(e.resource)}`,
      );
    if (e.rules.length === 0) throw new NetWardenPropsError(`${at}.rules`, 'list the rule ids the exemption covers');
    for (const rule of e.rules) {
      if (!(KNOWN_RULE_IDS as readonly string[]).includes(rule))
        throw new NetWardenPropsError(`${at}.rules`, `unknown rule id ${JSON.stringify(rule)}`);
    }
    if (e.owner.trim() === '') throw new NetWardenPropsError(`${at}.owner`, 'name who answers for the exemption');
    if (e.reason.trim() === '') throw new NetWardenPropsError(`${at}.reason`, 'say why the exemption exists');
    if (Number.isNaN(Date.parse(e.expires)))
      throw new NetWardenPropsError(`${at}.expires`, `expected an ISO-8601 date, got ${JSON.stringify(e.expires)}`);
  });
  const groups = props.flowLogGroupNames ?? [];
  groups.forEach((name, i) => {
    if (!LOG_GROUP_NAME.test(name))
      throw new NetWardenPropsError(
        `flowLogGroupNames[${i}]`,
        `${JSON.stringify(name)} is not a CloudWatch Logs group name`,
      );
  });
  const rejectThreshold = props.rejectThreshold ?? 100;
  if (!Number.isInteger(rejectThreshold) || rejectThreshold < 1) {
    throw new NetWardenPropsError(
      'rejectThreshold',
      `expected a whole number of REJECT records >= 1, got ${rejectThreshold}`,
    );
  }
  const trusted = props.trustedPrincipals ?? [];
  trusted.forEach((arn, i) => {
    if (!ROLE_ARN.test(arn))
      throw new NetWardenPropsError(
        `trustedPrincipals[${i}]`,
        `expected an IAM role ARN (arn:aws:iam::123456789012:role/name), got ${JSON.stringify(arn)}`,
      );
  });
  const days = props.historyRetentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
    throw new NetWardenPropsError('historyRetentionDays', `expected a whole number of days >= 1, got ${days}`);
  }
  return {
    modes,
    notificationEmails: emails,
    intentsYaml: readIntents(props),
    riskyPortOverrides: { add: overrides.add ?? [], remove: overrides.remove ?? [] },
    exemptions,
    schedule: props.schedule ?? Schedule.rate(Duration.hours(6)),
    configRuleFrequency: props.configRuleFrequency,
    flowLogGroupNames: groups,
    rejectThreshold,
    trustedPrincipals: trusted,
    logRetention: props.logRetention ?? RetentionDays.ONE_YEAR,
    historyRetentionDays: days,
    historyExportRetention: checkExportRetention(props.historyExportRetention ?? DEFAULT_EXPORT_RETENTION),
  };
}
