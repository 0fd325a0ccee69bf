/**
 * The remediation flow for a set of findings, as the design orders it: plan each finding, prove
 * the plan on a simulated copy (rules and intents), decide. Pure: the findings (with their
 * reachability evidence), the intents, the clock and the history are inputs.
 */
import type { Finding } from '../findings/finding';
import { NetworkModel } from '../model/network-model';
import type { Snapshot } from '../model/snapshot';
import type { RulesConfig } from '../rules';
import { applyToSnapshot } from './apply-to-snapshot';
import type { RemediationConfig } from './config';
import { type Decision, decide } from './decide';
import type { RemediationEvent } from './flap-guard';
import type { Plan } from './plan';
import { planFor } from './planner';
import type { Verdict } from './verdict';
import { type IntentCheck, type IntentChecker, verifyPlan } from './verify';

export interface RemediationItem {
  finding: Finding;
  plan: Plan;
  /** Absent for manual plans: there is nothing to simulate. */
  verdict?: Verdict;
  decision: Decision;
}

export interface RemediationInput {
  snapshot: Snapshot;
  findings: readonly Finding[];
  config: RemediationConfig;
  checkIntents?: IntentChecker;
  rulesConfig?: Partial<RulesConfig>;
  history: readonly RemediationEvent[];
  now: Date;
}

export interface RemediationRun {
  items: RemediationItem[];
  /** The intents on the network as it is, checked once and reused for every plan. */
  intentsBefore: IntentCheck[];
}

export function evaluateRemediations(input: RemediationInput): RemediationRun {
  const model = NetworkModel.build(input.snapshot);
  const intentsBefore = input.checkIntents ? input.checkIntents(model) : [];
  const items = input.findings.map((finding): RemediationItem => {
    const plan = planFor(model, finding, input.config);
    const verdict =
      plan.status === 'ready'
        ? verifyPlan(input.snapshot, plan, {
            before: intentsBefore,
            ...(input.checkIntents ? { checkIntents: input.checkIntents } : {}),
            ...(input.rulesConfig ? { rulesConfig: input.rulesConfig } : {}),
          })
        : undefined;
    const decision = decide({
      finding,
      plan,
      ...(verdict ? { verdict } : {}),
      config: input.config,
      tags: model.tagsOf(finding.resourceId),
      history: input.history,
      now: input.now,
    });
    return verdict ? { finding, plan, verdict, decision } : { finding, plan, decision };
  });
  return { items, intentsBefore };
}

/**
 * Plans findings one after the other, each on the network as the earlier plans leave it, so plans
 * that touch the same resource cannot collide (two sets of ACL denies picking the same rule
 * numbers, two revokes of one source). A finding that no longer gets a ready plan (typically one
 * an earlier plan already fixed) is returned in `dropped` with the planner's reason.
 */
export function planInSequence(
  snapshot: Snapshot,
  findings: readonly Finding[],
  config: Pick<RemediationConfig, 'narrowing' | 'flowLogs'>,
): { plans: Plan[]; dropped: { finding: Finding; reason: string }[] } {
  let current = snapshot;
  const plans: Plan[] = [];
  const dropped: { finding: Finding; reason: string }[] = [];
  for (const finding of findings) {
    const model = NetworkModel.build(current);
    const plan = planFor(model, finding, config);
    if (plan.status !== 'ready') {
      dropped.push({ finding, reason: plan.summary });
      continue;
    }
    plans.push(plan);
    current = applyToSnapshot(current, plan.actions);
  }
  return { plans, dropped };
}
