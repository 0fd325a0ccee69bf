/**
 * The assurance check: read the whole network now, verify every intent, sweep what the internet
 * reaches, record the scan, publish the numbers the alarms watch, and tell people when something
 * is wrong. The scheduled run and the alarm responder share it.
 */
import { SEVERITIES } from '../core/findings/finding';
import type { TriggerSource } from '../core/history/records';
import { RULES } from '../core/rules/index';
import type { HistoryStore, Notifier } from '../ports';
import type { Log } from './log';
import type { ExposedInterface, IntentOutcome, NetworkEngine } from './network-engine-port';
import { assuranceMessage } from './notification-text';
import { recordScan } from './record-scan';
import type { SnapshotSource } from './snapshot-source';

/** Names the stack's alarms watch (lib/constructs/network-alarms.ts). */
export const METRIC_NAMES = {
  intentViolations: 'IntentViolations',
  exposedInterfaces: 'ExposedInterfaces',
  openFindings: 'OpenFindings',
} as const;

/** Where the numbers go; the handler adapts Powertools Metrics to it. */
export interface MetricsSink {
  count(name: string, value: number, dimensions?: Record<string, string>): void;
}

export interface AssuranceDeps {
  snapshots: SnapshotSource;
  engine: NetworkEngine;
  history: HistoryStore;
  notifier: Notifier;
  /** Absent: no metrics (the alarm responder must not feed the alarm that started it). */
  metrics?: MetricsSink;
  log: Log;
  now: () => Date;
}

export interface AssuranceTrigger {
  source: Extract<TriggerSource, 'schedule' | 'alarm'>;
  eventId: string;
  /** One sentence for the message: why this run happened. */
  description: string;
  /** Notify even when everything holds (an alarm always deserves an answer). */
  alwaysNotify: boolean;
}

export interface AssuranceReport {
  intents: IntentOutcome[];
  exposed: ExposedInterface[];
  findingsBySeverity: Record<string, number>;
  notified: boolean;
}

export async function runAssurance(trigger: AssuranceTrigger, deps: AssuranceDeps): Promise<AssuranceReport> {
  const now = deps.now();
  const snapshot = await deps.snapshots.full(true);
  const network = deps.engine.assess(snapshot);
  const intents = deps.engine.verifyIntents(network);
  const exposed = deps.engine.exposedInterfaces(network);
  const violated = intents.filter((i) => !i.holds);
  const findingsBySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, network.findings.filter((f) => f.severity === s).length]),
  );

  await recordScan(deps.history, {
    snapshot,
    rules: RULES.map((r) => ({ id: r.id, resourceType: r.resourceType })),
    findings: network.findings,
    trigger: { source: trigger.source, eventId: trigger.eventId },
    now,
  });

  if (deps.metrics) {
    deps.metrics.count(METRIC_NAMES.intentViolations, violated.length);
    deps.metrics.count(METRIC_NAMES.exposedInterfaces, exposed.length);
    for (const [severity, count] of Object.entries(findingsBySeverity)) {
      deps.metrics.count(METRIC_NAMES.openFindings, count, { severity });
    }
  }

  const notify = trigger.alwaysNotify || violated.length > 0 || network.findings.some((f) => f.severity === 'critical');
  if (notify) {
    const message = assuranceMessage({ trigger: trigger.description, intents, exposed, findings: network.findings });
    await deps.notifier.notify({
      kind: trigger.source === 'alarm' ? 'alarm' : 'assurance',
      ...message,
      attributes: {
        eventId: trigger.eventId,
        intentViolations: String(violated.length),
        exposedInterfaces: String(exposed.length),
      },
    });
  }
  deps.log.info('Assurance run finished', {
    eventId: trigger.eventId,
    source: trigger.source,
    intents: intents.length,
    intentViolations: violated.length,
    exposedInterfaces: exposed.length,
    findingsBySeverity,
    notified: notify,
  });
  return { intents, exposed, findingsBySeverity, notified: notify };
}
