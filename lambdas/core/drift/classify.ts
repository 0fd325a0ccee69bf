/**
 * Judges each difference with the engine by what it did to the network: the current network is
 * compared with the same network with only that difference undone. A difference is **risky** when
 * it makes a risk finding appear or a must-never intent possible, **breaking** when it stops a
 * must-work intent, **benign** otherwise. The findings' messages and the intents' paths are the
 * evidence.
 */
import { type Finding, findingKey, type Severity, severityRank } from '../findings/finding';
import { NetworkModel } from '../model/network-model';
import type { Snapshot } from '../model/snapshot';
import type { IntentCheck, IntentChecker } from '../remediation/verify';
import { type RulesConfig, runRules } from '../rules';
import type { Difference } from './diff';
import type { TrackedResource } from './resource-state';
import { revertDifference } from './revert';

export type DriftClass = 'risky' | 'breaking' | 'benign';

export type DriftEffect =
  | { kind: 'finding-appeared'; ruleId: string; resourceId: string; severity: Severity; evidence: string }
  | { kind: 'must-never-violated'; intent: string; evidence: string }
  | { kind: 'must-work-broken'; intent: string; before: string; evidence: string };

export interface Classification {
  class: DriftClass;
  /** What the difference did, worst first; empty for a benign difference. */
  effects: DriftEffect[];
  /** The worst severity among the effects (`low` when benign). */
  severity: Severity;
}

export interface ClassifyOptions {
  checkIntents?: IntentChecker;
  rulesConfig?: Partial<RulesConfig>;
  /** Adds reachability evidence to the findings a difference made appear. */
  assessExposure?: (model: NetworkModel, findings: Finding[]) => Finding[];
}

/** The current network judged once, reused for every difference. */
export interface CurrentNetwork {
  snapshot: Snapshot;
  model: NetworkModel;
  resources: Readonly<Record<string, TrackedResource>>;
  /** The approved state of every resource (the baseline). */
  approved: Readonly<Record<string, TrackedResource>>;
  findings: Finding[];
  intents: IntentCheck[];
}

export function judgeCurrent(
  snapshot: Snapshot,
  resources: Readonly<Record<string, TrackedResource>>,
  approved: Readonly<Record<string, TrackedResource>>,
  options: ClassifyOptions,
): CurrentNetwork {
  const model = NetworkModel.build(snapshot);
  const findings = runRules(model, options.rulesConfig);
  const intents = options.checkIntents ? options.checkIntents(model) : [];
  return { snapshot, model, resources, approved, findings, intents };
}

export function classifyDifference(current: CurrentNetwork, d: Difference, options: ClassifyOptions): Classification {
  const without = NetworkModel.build(revertDifference(current.snapshot, current.resources, current.approved, d));
  const earlier = new Set(runRules(without, options.rulesConfig).map(findingKey));
  const appeared = current.findings.filter((f) => !earlier.has(findingKey(f)));
  const assessed =
    appeared.length > 0 && options.assessExposure ? options.assessExposure(current.model, appeared) : appeared;
  const effects: DriftEffect[] = assessed.map((f) => ({
    kind: 'finding-appeared',
    ruleId: f.ruleId,
    resourceId: f.resourceId,
    severity: f.severity,
    evidence: f.exposure ? `${f.message}; ${f.exposure.evidence}` : f.message,
  }));
  if (options.checkIntents) {
    const now = new Map(current.intents.map((c) => [c.name, c]));
    for (const was of options.checkIntents(without)) {
      const is = now.get(was.name);
      if (!was.holds || !is || is.holds) continue;
      if (was.kind === 'must-never') {
        effects.unshift({ kind: 'must-never-violated', intent: was.name, evidence: is.evidence });
      } else {
        effects.push({ kind: 'must-work-broken', intent: was.name, before: was.evidence, evidence: is.evidence });
      }
    }
  }
  const risky = effects.some((e) => e.kind !== 'must-work-broken');
  const breaking = effects.some((e) => e.kind === 'must-work-broken');
  return {
    class: risky ? 'risky' : breaking ? 'breaking' : 'benign',
    effects,
    severity: worstSeverity(effects),
  };
}

function worstSeverity(effects: readonly DriftEffect[]): Severity {
  let worst: Severity = 'low';
  for (const e of effects) {
    const severity: Severity =
      e.kind === 'must-never-violated' ? 'critical' : e.kind === 'must-work-broken' ? 'high' : e.severity;
    if (severityRank(severity) > severityRank(worst)) worst = severity;
  }
  return worst;
}

/** One line per effect, for tables and notifications. */
export function describeEffect(e: DriftEffect): string {
  switch (e.kind) {
    case 'finding-appeared':
      return `finding ${e.ruleId} on ${e.resourceId} (${e.severity}): ${e.evidence}`;
    case 'must-never-violated':
      return `must-never intent ${e.intent} is violated: ${e.evidence}`;
    case 'must-work-broken':
      return `must-work intent ${e.intent} stopped working: ${e.evidence} (before: ${e.before})`;
  }
}
