/**
 * The change responder: a network-changing API call happened. Re-describe what it touched, judge
 * the network, and for each finding the change brought: plan the repair, prove it on a simulated
 * copy against the intents, decide per mode, apply when allowed (before-state recorded first),
 * record everything and tell the security team.
 */
import { randomUUID } from 'node:crypto';
import { type Finding, findingKey } from '../core/findings/finding';
import type { ActionRecord, HistoryRecord, JsonValue } from '../core/history/records';
import { touchedResources } from '../core/remediation/actions';
import { type Decision, decide } from '../core/remediation/decide';
import type { RemediationEvent } from '../core/remediation/flap-guard';
import type { NetworkChange } from '../events/cloudtrail-event';
import type { HistoryStore, NetworkWriter, Notifier } from '../ports';
import { decisionRecord, errorRecord, findingRecord, type RecordContext } from './history-records';
import { errorAttributes, type Log } from './log';
import type { AssessedNetwork, NetworkEngine } from './network-engine-port';
import { changeMessage, type FindingOutcome } from './notification-text';
import type { RuntimeSettings } from './runtime-settings';
import type { SnapshotSource } from './snapshot-source';

export interface ChangeDeps {
  snapshots: SnapshotSource;
  engine: NetworkEngine;
  /** Absent: NetWarden only evaluates and notifies (a decision to remediate is then reported, not applied). */
  writer?: NetworkWriter;
  history: HistoryStore;
  notifier: Notifier;
  settings: RuntimeSettings;
  /** NetWarden's own role(s): their changes are NetWarden's repairs and must not trigger it again. */
  ownRoleArns: readonly string[];
  log: Log;
  now: () => Date;
}

export type ChangeOutcome =
  | { status: 'ignored'; eventId: string; reason: string }
  | {
      status: 'evaluated';
      eventId: string;
      findings: number;
      decisions: { findingKey: string; outcome: Decision['outcome']; applied: boolean }[];
      notified: boolean;
    };

function isPrincipal(change: NetworkChange, arns: readonly string[]): boolean {
  return arns.some((arn) => change.principal.roleArn === arn || change.principal.arn === arn);
}

/** The findings this change is responsible for seeing (not every finding of the account). */
function relevantFindings(network: AssessedNetwork, touched: readonly string[]): Finding[] {
  const ids = new Set(touched);
  // A gateway, route, ACL, subnet or interface change can open paths to anything in its VPC.
  const edgeVpcs = new Set(
    touched
      .filter((id) => !id.startsWith('sg-'))
      .map((id) => network.vpcOf(id))
      .filter((vpc): vpc is string => vpc !== undefined),
  );
  // A deleted flow log names only itself, and its VPC may already be gone from the snapshot.
  const flowLogsTouched = touched.some((id) => id.startsWith('fl-'));
  return network.findings.filter((f) => {
    if (ids.has(f.resourceId)) return true;
    if (flowLogsTouched && f.ruleId === 'vpc-flow-logs-missing') return true;
    if (f.exposure?.exposedInterfaces.some((eni) => ids.has(eni))) return true;
    const vpc = f.vpcId ?? network.vpcOf(f.resourceId);
    return vpc !== undefined && edgeVpcs.has(vpc) && f.exposure?.reachableFromInternet === true;
  });
}

async function pastRemediations(history: HistoryStore, finding: Finding, since: Date): Promise<RemediationEvent[]> {
  const events: RemediationEvent[] = [];
  const query = {
    resourceId: finding.resourceId,
    ruleId: finding.ruleId,
    kinds: ['action' as const],
    since: since.toISOString(),
  };
  for await (const record of history.iterate(query)) {
    if (record.kind === 'action' && record.status === 'applied') {
      events.push({ resourceId: record.resourceId, ruleId: finding.ruleId, at: record.at });
    }
  }
  return events;
}

function actionRecord(
  ctx: RecordContext,
  finding: Finding,
  fields: Pick<ActionRecord, 'actions' | 'before' | 'after' | 'requestIds' | 'status'>,
): ActionRecord {
  return {
    kind: 'action',
    recordId: randomUUID(),
    ...ctx,
    resourceId: finding.resourceId,
    ruleId: finding.ruleId,
    findingKey: findingKey(finding),
    ...fields,
  };
}

const asJson = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue;

async function handleFinding(
  finding: Finding,
  network: AssessedNetwork,
  change: NetworkChange,
  ctx: RecordContext,
  deps: ChangeDeps,
): Promise<{ outcome: FindingOutcome; records: HistoryRecord[] }> {
  const records: HistoryRecord[] = [findingRecord(ctx, finding)];
  const now = deps.now();
  const { plan, verdict } = deps.engine.proposeRepair(network, finding);
  const windowStart = new Date(now.getTime() - deps.settings.remediation.flapGuard.windowHours * 3600 * 1000);
  let decision = decide({
    finding,
    plan,
    verdict,
    config: deps.settings.remediation,
    tags: network.tagsOf(finding.resourceId),
    history: await pastRemediations(deps.history, finding, windowStart),
    now,
  });
  if (decision.outcome === 'remediate' && isPrincipal(change, deps.settings.trustedPrincipals)) {
    const reason = `changed by trusted principal ${change.principal.roleArn ?? change.principal.arn}: reported, not reverted`;
    decision = { ...decision, outcome: 'notify', reasons: [reason, ...decision.reasons] };
  }
  if (decision.outcome === 'remediate' && deps.writer === undefined) {
    decision = {
      ...decision,
      outcome: 'notify',
      reasons: ['no network writer configured: reported, not applied', ...decision.reasons],
    };
  }
  records.push(decisionRecord(ctx, decision, verdict));
  const outcome: FindingOutcome = { finding, decision, planSummary: plan.summary, actions: plan.actions };
  if (decision.outcome !== 'remediate' || deps.writer === undefined) return { outcome, records };

  const writer = deps.writer;
  // Written before the first EC2 call: if it cannot be recorded, nothing is changed.
  const report = await writer.apply(plan.actions, {
    recordBeforeState: async (states) => {
      await deps.history.append(
        actionRecord(ctx, finding, {
          actions: asJson(plan.actions) as JsonValue[],
          before: asJson(states),
          after: null,
          requestIds: [],
          status: 'simulated',
        }),
      );
    },
  });
  const after = await writer.describe(touchedResources(plan.actions));
  records.push(
    actionRecord(ctx, finding, {
      actions: asJson(plan.actions) as JsonValue[],
      before: asJson(report.beforeState),
      after: asJson(after),
      requestIds: report.outcomes.map((o) => o.requestId).filter((id): id is string => id !== undefined),
      status: report.ok ? 'applied' : 'failed',
    }),
  );
  return { outcome: { ...outcome, report }, records };
}

export async function respondToChange(change: NetworkChange, deps: ChangeDeps): Promise<ChangeOutcome> {
  if (change.errorCode !== undefined) {
    deps.log.info('Skipped a failed call: nothing changed', { eventId: change.eventId, errorCode: change.errorCode });
    return { status: 'ignored', eventId: change.eventId, reason: `the call failed (${change.errorCode})` };
  }
  if (isPrincipal(change, deps.ownRoleArns)) {
    deps.log.info('Ignored NetWarden’s own change', { eventId: change.eventId, eventName: change.eventName });
    return { status: 'ignored', eventId: change.eventId, reason: 'NetWarden’s own change' };
  }
  const snapshot = await deps.snapshots.withFresh(change.resourceIds);
  const network = deps.engine.assess(snapshot);
  const findings = relevantFindings(network, change.resourceIds);
  const ctx: RecordContext = {
    at: deps.now().toISOString(),
    correlationId: change.eventId,
    trigger: { source: 'cloudtrail', eventId: change.eventId, principal: change.principal.arn },
  };
  const outcomes: FindingOutcome[] = [];
  const records: HistoryRecord[] = [];
  for (const finding of findings) {
    try {
      const handled = await handleFinding(finding, network, change, ctx, deps);
      outcomes.push(handled.outcome);
      records.push(...handled.records);
    } catch (error: unknown) {
      // One failing finding must not stop the others: record it, say it, go on.
      deps.log.error('A finding could not be handled', {
        eventId: change.eventId,
        findingKey: findingKey(finding),
        ...errorAttributes(error),
      });
      records.push(errorRecord(ctx, finding.resourceId, 'remediate', error));
      outcomes.push({ finding, actions: [], failure: error instanceof Error ? error.message : String(error) });
    }
  }
  await deps.history.appendAll(records);
  const worthTelling = outcomes.filter(
    (o) => o.failure !== undefined || (o.decision && o.decision.outcome !== 'skip' && o.decision.outcome !== 'exempt'),
  );
  if (worthTelling.length > 0) {
    const message = changeMessage({
      eventName: change.eventName,
      eventId: change.eventId,
      eventTime: change.eventTime,
      principal: change.principal.arn,
      resourceIds: change.resourceIds,
      outcomes: worthTelling,
    });
    await deps.notifier.notify({
      kind: 'change',
      ...message,
      attributes: {
        eventId: change.eventId,
        eventName: change.eventName,
        resourceIds: change.resourceIds.join(','),
        ruleIds: [...new Set(worthTelling.map((o) => o.finding.ruleId))].join(','),
      },
    });
  }
  const decisions = outcomes.map((o) => ({
    findingKey: findingKey(o.finding),
    outcome: o.decision?.outcome ?? ('escalate' as const),
    applied: o.report?.ok === true,
  }));
  deps.log.info('Change evaluated', {
    eventId: change.eventId,
    eventName: change.eventName,
    findings: findings.length,
    decisions,
  });
  return {
    status: 'evaluated',
    eventId: change.eventId,
    findings: findings.length,
    decisions,
    notified: worthTelling.length > 0,
  };
}
