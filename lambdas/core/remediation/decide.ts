/**
 * The decision for one finding: remediate, notify, skip (record only), escalate to a person, or
 * exempt — always with the reasons that led there. Order: a valid exemption wins; otherwise the
 * rule's mode applies (configured, or the default: auto only for a critical finding the internet
 * can actually reach whose plan the verifier proved safe, notify otherwise); an automatic
 * remediation is then refused and escalated when the plan is not ready or not safe, or when the
 * flap guard trips. Pure: the clock, the tags and the remediation history are inputs.
 */
import { type Finding, findingKey } from '../findings/finding';
import type { Mode, RemediationConfig } from './config';
import { type Exemption, type ExemptionProblem, findExemption } from './exemptions';
import { checkFlap, type FlapCheck, type RemediationEvent } from './flap-guard';
import type { Plan } from './plan';
import type { Verdict } from './verdict';

/** `skip` is the outcome of mode `detect`: the finding is recorded and nothing else happens. */
export type Outcome = 'remediate' | 'notify' | 'skip' | 'escalate' | 'exempt';

export interface Decision {
  findingKey: string;
  ruleId: string;
  resourceId: string;
  mode: Mode;
  modeSource: 'config' | 'default';
  outcome: Outcome;
  /** Why, in order of evaluation; the first one is the deciding reason. */
  reasons: string[];
  exemption?: Exemption;
  /** Exemptions that were present but could not be trusted (malformed, incomplete, expired). */
  exemptionProblems: ExemptionProblem[];
  flap?: FlapCheck;
}

export interface DecisionInput {
  finding: Finding;
  plan: Plan;
  /** Absent when the plan was not verified (a manual plan). */
  verdict?: Verdict;
  config: RemediationConfig;
  /** Tags of the finding's resource (exemption tags live there). */
  tags: Record<string, string>;
  history: readonly RemediationEvent[];
  now: Date;
}

export function decide(input: DecisionInput): Decision {
  const { finding, plan, verdict, config, now } = input;
  const found = findExemption({
    resourceId: finding.resourceId,
    ruleId: finding.ruleId,
    tags: input.tags,
    config: config.exemptions,
    now,
  });
  const configured = config.modes[finding.ruleId];
  const mode: Mode = configured ?? (qualifiesForDefaultAuto(finding, plan, verdict) ? 'auto' : 'notify');
  const base = {
    findingKey: findingKey(finding),
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    mode,
    modeSource: configured ? ('config' as const) : ('default' as const),
    exemptionProblems: found.problems,
  };
  const problemReasons = found.problems.map((p) => `ignored exemption (${p.origin}): ${p.problem}`);

  if (found.exemption) {
    const e = found.exemption;
    return {
      ...base,
      outcome: 'exempt',
      exemption: e,
      reasons: [
        `exempt by ${e.source} (${e.origin}): owner ${e.owner}, reason "${e.reason}", until ${e.expiresAt}`,
        ...problemReasons,
      ],
    };
  }
  const modeReason = configured
    ? `mode ${mode} configured for ${finding.ruleId}`
    : mode === 'auto'
      ? 'default mode auto: critical, reachable from the internet, and the plan is proved safe'
      : `default mode notify: ${whyNotDefaultAuto(finding, plan, verdict)}`;

  if (mode === 'detect') return { ...base, outcome: 'skip', reasons: [modeReason, ...problemReasons] };
  if (mode === 'notify') return { ...base, outcome: 'notify', reasons: [modeReason, ...problemReasons] };

  if (plan.status !== 'ready') {
    return {
      ...base,
      outcome: 'escalate',
      reasons: [`no automatic fix: ${plan.summary}`, modeReason, ...problemReasons],
    };
  }
  if (!verdict?.safe) {
    const why = verdict ? verdict.reason : 'the plan was not verified';
    return { ...base, outcome: 'escalate', reasons: [`plan refused as unsafe: ${why}`, modeReason, ...problemReasons] };
  }
  const flap = checkFlap(input.history, finding.resourceId, finding.ruleId, now, config.flapGuard);
  if (flap.tripped)
    return { ...base, outcome: 'escalate', flap, reasons: [flap.reason, modeReason, ...problemReasons] };
  return {
    ...base,
    outcome: 'remediate',
    flap,
    reasons: [`${modeReason}; ${verdict.reason}`, flap.reason, ...problemReasons],
  };
}

function qualifiesForDefaultAuto(finding: Finding, plan: Plan, verdict: Verdict | undefined): boolean {
  return (
    finding.severity === 'critical' &&
    finding.exposure?.reachableFromInternet === true &&
    plan.status === 'ready' &&
    verdict?.safe === true
  );
}

function whyNotDefaultAuto(finding: Finding, plan: Plan, verdict: Verdict | undefined): string {
  if (finding.severity !== 'critical') return `severity ${finding.severity}, auto is only for critical findings`;
  if (finding.exposure?.reachableFromInternet !== true) {
    return finding.exposure
      ? `not reachable from the internet (${finding.exposure.evidence})`
      : 'internet reachability was not assessed';
  }
  if (plan.status !== 'ready') return `no automatic fix: ${plan.summary}`;
  return verdict ? `plan is unsafe: ${verdict.reason}` : 'the plan was not verified';
}
