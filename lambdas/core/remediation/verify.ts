/**
 * The verifier: applies plans to a copy of the snapshot, rebuilds the model, re-runs the rules and
 * the intents, and calls the plans safe only when every finding they target is gone and no intent
 * that held before stops holding (a must-work flow cut, or a must-never flow opened). Intents that
 * already failed before are listed but not blamed on the plan. The intents come in as a function
 * of the model, so this module depends on no particular intents parser.
 */
import { findingKey } from '../findings/finding';
import { NetworkModel } from '../model/network-model';
import type { Snapshot } from '../model/snapshot';
import { type RulesConfig, runRules } from '../rules';
import { ApplyToSnapshotError, applyToSnapshot } from './apply-to-snapshot';
import type { Plan } from './plan';
import type { BrokenIntent, Verdict } from './verdict';

export interface IntentCheck {
  name: string;
  kind: 'must-work' | 'must-never';
  holds: boolean;
  /** The path that works, or the component that blocks it. */
  evidence: string;
  /** The individual flows, when the checker reports them: lets a verdict name the exact path a change cuts. */
  flows?: readonly { source: string; destination: string; ports: string; reachable: boolean; summary: string }[];
}

export type IntentChecker = (model: NetworkModel) => IntentCheck[];

export interface VerifyOptions {
  checkIntents?: IntentChecker;
  /** The intents on the unchanged network; computed when absent (pass it when verifying many plans). */
  before?: IntentCheck[];
  rulesConfig?: Partial<RulesConfig>;
}

export function verifyPlan(snapshot: Snapshot, plan: Plan, options: VerifyOptions = {}): Verdict {
  return verifyPlans(snapshot, [plan], options);
}

/** Verifies plans applied together (what `apply` does when several are selected). */
export function verifyPlans(snapshot: Snapshot, plans: readonly Plan[], options: VerifyOptions = {}): Verdict {
  const actions = plans.flatMap((p) => p.actions);
  const checkIntents = options.checkIntents ?? (() => []);
  let after: Snapshot;
  try {
    after = applyToSnapshot(snapshot, actions);
  } catch (error: unknown) {
    if (!(error instanceof ApplyToSnapshotError)) throw error;
    return {
      safe: false,
      findingGone: false,
      brokenIntents: [],
      intentsChecked: 0,
      alreadyFailing: [],
      reason: `the plan cannot be applied to this network: ${error.message}`,
    };
  }
  const model = NetworkModel.build(after);
  const remaining = new Set(runRules(model, options.rulesConfig).map(findingKey));
  const stillThere = plans.filter((p) => remaining.has(p.findingKey));
  const before = options.before ?? checkIntents(NetworkModel.build(snapshot));
  const afterChecks = new Map(checkIntents(model).map((c) => [c.name, c]));
  const brokenIntents: BrokenIntent[] = [];
  for (const was of before) {
    const now = afterChecks.get(was.name);
    if (!was.holds || !now || now.holds) continue;
    brokenIntents.push({
      name: was.name,
      kind: was.kind,
      before: changedFlowBefore(was, now) ?? was.evidence,
      after: now.evidence,
    });
  }
  const alreadyFailing = before.filter((c) => !c.holds).map((c) => c.name);
  const findingGone = stillThere.length === 0;
  const safe = findingGone && brokenIntents.length === 0;
  return {
    safe,
    findingGone,
    brokenIntents,
    intentsChecked: before.length,
    alreadyFailing,
    reason: verdictReason(findingGone, stillThere, brokenIntents, before.length),
  };
}

/** For the first flow whose verdict the change flipped: how it went before (for must-work, the path that worked). */
function changedFlowBefore(before: IntentCheck, after: IntentCheck): string | undefined {
  for (const flow of after.flows ?? []) {
    const was = before.flows?.find(
      (f) => f.source === flow.source && f.destination === flow.destination && f.ports === flow.ports,
    );
    if (was && was.reachable !== flow.reachable)
      return `${was.source} -> ${was.destination} ${was.ports}: ${was.summary}`;
  }
  return undefined;
}

function verdictReason(
  findingGone: boolean,
  stillThere: readonly Plan[],
  broken: readonly BrokenIntent[],
  checked: number,
): string {
  const parts: string[] = [];
  if (!findingGone) {
    parts.push(
      `the finding is still reported after the change (${stillThere.map((p) => `${p.ruleId} on ${p.resourceId}`).join(', ')})`,
    );
  }
  for (const b of broken) {
    parts.push(
      b.kind === 'must-work'
        ? `it would break must-work intent ${b.name}: the path that works today (${b.before}) would be cut (${b.after})`
        : `it would violate must-never intent ${b.name}: ${b.after}`,
    );
  }
  if (parts.length > 0) return parts.join('; ');
  return checked === 0
    ? 'the finding is gone on the simulated network (no intents were given to check)'
    : `the finding is gone on the simulated network and all ${checked} intent(s) that held still hold`;
}
