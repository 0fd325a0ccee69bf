/**
 * Drift detection as the change responder and the scheduled assurance run it: load the approved
 * baseline, read the network (all of it, or with what a change touched re-described), and assess
 * every difference with the engine. Ports come in as parameters; nothing here knows AWS or files.
 */
import { assessDrift, type DriftAssessment } from '../../core/drift/assess-drift';
import type { Difference } from '../../core/drift/diff';
import { DRIFT_RULE_ID_LIST } from '../../core/drift/drift-rules';
import type { Finding } from '../../core/findings/finding';
import type { NetworkModel } from '../../core/model/network-model';
import type { Snapshot } from '../../core/model/snapshot';
import type { Mode } from '../../core/remediation/config';
import type { RemediationEvent } from '../../core/remediation/flap-guard';
import type { IntentChecker } from '../../core/remediation/verify';
import type { BaselineStore, HistoryStore, StoredBaseline } from '../../ports';
import type { RuntimeSettings } from '../runtime-settings';

/** Where the network comes from; `SnapshotSource` is one. */
export interface NetworkSource {
  full(fresh?: boolean): Promise<Snapshot>;
  withFresh(resourceIds: readonly string[]): Promise<Snapshot>;
}

export interface DriftDeps {
  baselines: BaselineStore;
  network: NetworkSource;
  settings: RuntimeSettings;
  /** The deployment's intents, bound: must-work and must-never flows every difference and restore is judged on. */
  checkIntents?: IntentChecker;
  /** Adds reachability evidence to findings a difference made appear. */
  assessExposure?: (model: NetworkModel, findings: Finding[]) => Finding[];
  /** Mode for CloudFormation-managed resources when the config sets none for the rule (default notify). */
  cloudFormationMode?: Mode;
  /** Past restores, for the flap guard; without it the guard sees none. */
  history?: HistoryStore;
  now: () => Date;
}

export interface DriftScope {
  /** Re-describe these resources before judging (a change's resources); the whole network is read fresh when absent. */
  freshResourceIds?: readonly string[];
  /** Given the network read, which differences to assess (all when absent). */
  scopeFor?: (snapshot: Snapshot) => (d: Difference) => boolean;
}

export type DetectOutcome =
  | { status: 'no-baseline'; location: string }
  | { status: 'assessed'; stored: StoredBaseline; snapshot: Snapshot; assessment: DriftAssessment };

/** Applied restores of drift inside the flap guard's window, from the history. */
export async function pastRestores(
  history: HistoryStore | undefined,
  since: Date,
  until: Date,
): Promise<RemediationEvent[]> {
  if (history === undefined) return [];
  const events: RemediationEvent[] = [];
  // A time-range query needs both ends; `until` is exclusive, so step past `now` by a millisecond.
  const range = {
    kinds: ['action' as const],
    since: since.toISOString(),
    until: new Date(until.getTime() + 1).toISOString(),
  };
  for await (const record of history.iterate(range)) {
    if (record.kind !== 'action' || record.status !== 'applied' || record.ruleId === undefined) continue;
    if (DRIFT_RULE_ID_LIST.includes(record.ruleId)) {
      events.push({ resourceId: record.resourceId, ruleId: record.ruleId, at: record.at });
    }
  }
  return events;
}

export async function detectDrift(deps: DriftDeps, scope: DriftScope = {}): Promise<DetectOutcome> {
  const stored = await deps.baselines.load();
  if (stored === undefined) return { status: 'no-baseline', location: deps.baselines.location };
  const snapshot =
    scope.freshResourceIds === undefined
      ? await deps.network.full(true)
      : await deps.network.withFresh(scope.freshResourceIds);
  const now = deps.now();
  const windowHours = deps.settings.remediation.flapGuard.windowHours;
  const history = await pastRestores(deps.history, new Date(now.getTime() - windowHours * 3600 * 1000), now);
  const assessment = assessDrift({
    baseline: stored.baseline,
    snapshot,
    config: deps.settings.remediation,
    rulesConfig: deps.settings.rules,
    history,
    now,
    ...(deps.cloudFormationMode ? { cloudFormationMode: deps.cloudFormationMode } : {}),
    ...(deps.checkIntents ? { checkIntents: deps.checkIntents } : {}),
    ...(deps.assessExposure ? { assessExposure: deps.assessExposure } : {}),
    ...(scope.scopeFor ? { include: scope.scopeFor(snapshot) } : {}),
  });
  return { status: 'assessed', stored, snapshot, assessment };
}
