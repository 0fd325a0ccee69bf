/**
 * Drift through the same pipeline as every remediation: each difference from the baseline is
 * classified, gets a restore plan, the plan is proved on a simulated copy (rules and intents, via
 * the remediation verifier, plus: does it really bring the approved state back?), and `decide`
 * applies modes, exemptions and the flap guard. Default modes: `auto` (the baseline is the approved
 * state), except for resources a CloudFormation stack manages, where restoring would fight the
 * stack: `notify` unless configured otherwise. Pure: history and clock are inputs.
 */
import type { Finding } from '../findings/finding';
import type { NetworkModel } from '../model/network-model';
import type { Snapshot } from '../model/snapshot';
import { applyToSnapshot } from '../remediation/apply-to-snapshot';
import { defaultRemediationConfig, type Mode, type RemediationConfig } from '../remediation/config';
import { type Decision, decide } from '../remediation/decide';
import type { RemediationEvent } from '../remediation/flap-guard';
import type { Plan } from '../remediation/plan';
import type { Verdict } from '../remediation/verdict';
import { type IntentChecker, verifyPlan } from '../remediation/verify';
import type { RulesConfig } from '../rules';
import type { Baseline } from './baseline';
import { type Classification, type ClassifyOptions, classifyDifference, judgeCurrent } from './classify';
import { type Difference, describeDifference, differenceKey, diffResource, diffResources } from './diff';
import { normalizeResources, type TrackedResource } from './resource-state';
import { restorePlan } from './restore-plan';

export interface DriftItem {
  key: string;
  difference: Difference;
  classification: Classification;
  /** The CloudFormation stack that manages the resource, when it is tagged with one. */
  cloudFormationStack?: string;
  plan: Plan;
  /** Absent for a manual plan: there is nothing to simulate. */
  verdict?: Verdict;
  decision: Decision;
}

export interface DriftAssessment {
  items: DriftItem[];
  /** Intents checked on the current network. */
  intentsChecked: number;
}

export interface DriftInput {
  baseline: Baseline;
  snapshot: Snapshot;
  config?: RemediationConfig;
  /** Mode for resources managed by CloudFormation when the config sets none for the rule (default notify). */
  cloudFormationMode?: Mode;
  checkIntents?: IntentChecker;
  rulesConfig?: Partial<RulesConfig>;
  assessExposure?: (model: NetworkModel, findings: Finding[]) => Finding[];
  /** Past restores (and remediations), for the flap guard. */
  history?: readonly RemediationEvent[];
  now: Date;
  /** Only the differences it accepts (a change responder looks at what the change touched). */
  include?: (d: Difference) => boolean;
}

/** The driftable synthetic finding `decide` and the history records see for one difference. */
export function driftFinding(item: Pick<DriftItem, 'difference' | 'classification' | 'plan'>): Finding {
  const d = item.difference;
  return {
    ruleId: item.plan.ruleId,
    resourceId: d.resourceId,
    resourceType: d.resourceType,
    severity: item.classification.severity,
    message: `drift (${item.classification.class}): ${describeDifference(d)}`,
    details: { path: d.path, kind: d.kind, class: item.classification.class },
  };
}

function modeFor(
  ruleId: string,
  stack: string | undefined,
  config: RemediationConfig,
  cloudFormationMode: Mode,
): { mode: Mode; reason?: string } {
  if (config.modes[ruleId] !== undefined) return { mode: config.modes[ruleId] };
  if (stack !== undefined) {
    return {
      mode: cloudFormationMode,
      reason: `default mode ${cloudFormationMode} for drift: managed by CloudFormation stack ${stack}, restoring it would fight the stack (update the stack or approve the change)`,
    };
  }
  return { mode: 'auto', reason: 'default mode auto for drift: the baseline is the approved state' };
}

function proveRestore(
  snapshot: Snapshot,
  plan: Plan,
  d: Difference,
  approved: TrackedResource | undefined,
  options: { checkIntents?: IntentChecker; rulesConfig?: Partial<RulesConfig>; before: ReturnType<IntentChecker> },
): Verdict {
  const verdict = verifyPlan(snapshot, plan, {
    before: options.before,
    ...(options.checkIntents ? { checkIntents: options.checkIntents } : {}),
    ...(options.rulesConfig ? { rulesConfig: options.rulesConfig } : {}),
  });
  if (!verdict.findingGone) return verdict;
  const after = normalizeResources(applyToSnapshot(snapshot, plan.actions))[d.resourceId];
  // Re-created items get AWS-assigned details (a flow log's delivery role, a rule's id) the simulator
  // cannot know: for an added or removed item, being present or absent again is what counts.
  const remaining = diffResource(d.resourceId, approved, after).some(
    (r) => r.path === d.path && (d.kind === 'changed' || r.kind !== 'changed'),
  );
  if (remaining) {
    return {
      ...verdict,
      safe: false,
      findingGone: false,
      reason: `the restore would not bring back the approved state of ${d.path}`,
    };
  }
  if (!verdict.safe) return verdict;
  return {
    ...verdict,
    reason:
      verdict.intentsChecked === 0
        ? 'the approved state is back on the simulated network (no intents were given to check)'
        : `the approved state is back on the simulated network and all ${verdict.intentsChecked} intent(s) that held still hold`,
  };
}

export function assessDrift(input: DriftInput): DriftAssessment {
  const config = input.config ?? defaultRemediationConfig();
  const currentResources = normalizeResources(input.snapshot);
  const include = input.include ?? (() => true);
  const differences = diffResources(input.baseline.resources, currentResources).filter(include);
  const options: ClassifyOptions = {
    ...(input.checkIntents ? { checkIntents: input.checkIntents } : {}),
    ...(input.rulesConfig ? { rulesConfig: input.rulesConfig } : {}),
    ...(input.assessExposure ? { assessExposure: input.assessExposure } : {}),
  };
  if (differences.length === 0) return { items: [], intentsChecked: 0 };
  const current = judgeCurrent(input.snapshot, currentResources, input.baseline.resources, options);
  const items = differences.map((d): DriftItem => {
    const classification = classifyDifference(current, d, options);
    const plan = restorePlan(d, input.snapshot, config.flowLogs);
    const approved = input.baseline.resources[d.resourceId];
    const verdict =
      plan.status === 'ready'
        ? proveRestore(input.snapshot, plan, d, approved, { ...options, before: current.intents })
        : undefined;
    const stack = currentResources[d.resourceId]?.cloudFormationStack ?? approved?.cloudFormationStack;
    const finding = driftFinding({ difference: d, classification, plan });
    const { mode, reason } = modeFor(plan.ruleId, stack, config, input.cloudFormationMode ?? 'notify');
    const decided = decide({
      finding,
      plan,
      ...(verdict ? { verdict } : {}),
      config: { ...config, modes: { ...config.modes, [plan.ruleId]: mode } },
      tags: current.model.tagsOf(d.resourceId),
      history: input.history ?? [],
      now: input.now,
    });
    const configured = `mode ${mode} configured for ${plan.ruleId}`;
    const decision: Decision =
      reason === undefined
        ? { ...decided, findingKey: differenceKey(d) }
        : {
            ...decided,
            findingKey: differenceKey(d),
            modeSource: 'default',
            reasons: decided.reasons.map((r) => r.replace(configured, reason)),
          };
    return {
      key: differenceKey(d),
      difference: d,
      classification,
      ...(stack !== undefined ? { cloudFormationStack: stack } : {}),
      plan,
      ...(verdict ? { verdict } : {}),
      decision,
    };
  });
  return { items, intentsChecked: current.intents.length };
}
