/**
 * Drift restore, for a CloudTrail change or a scheduled run. A change by a trusted IaC principal
 * updates the baseline (approved by that principal) instead of being reverted. Otherwise every
 * difference goes through the remediation pipeline (classified, restore planned, proved on a
 * simulated copy, decided by mode, exemptions and flap guard); the restores decided `remediate` are
 * verified once more together, then applied one plan at a time with the before-state recorded
 * first. Everything is recorded in the history and the security team is told.
 */
import { randomUUID } from 'node:crypto';
import { approveDrift } from '../../core/drift/approve';
import { type DriftItem, driftFinding } from '../../core/drift/assess-drift';
import { describeEffect } from '../../core/drift/classify';
import { type Difference, describeDifference } from '../../core/drift/diff';
import { type Severity, severityRank } from '../../core/findings/finding';
import type { ActionRecord, HistoryRecord, JsonValue } from '../../core/history/records';
import type { Snapshot } from '../../core/model/snapshot';
import { touchedResources } from '../../core/remediation/actions';
import type { Decision } from '../../core/remediation/decide';
import { describeAction } from '../../core/remediation/plan';
import { verifyPlans } from '../../core/remediation/verify';
import type { NetworkChange } from '../../events/cloudtrail-event';
import type { ApplyReport, NetworkWriter, Notifier } from '../../ports';
import { decisionRecord, errorRecord, findingRecord, type RecordContext } from '../history-records';
import { errorAttributes, type Log } from '../log';
import { resolveResourceIds } from '../snapshot-source';
import { type DriftDeps, detectDrift } from './detect-drift';

export interface RestoreDeps extends DriftDeps {
  /** Absent: drift is judged and reported, never restored. */
  writer?: NetworkWriter;
  history: NonNullable<DriftDeps['history']>;
  notifier?: Notifier;
  /** NetWarden's own role(s): their changes are its restores and must not trigger it again. */
  ownRoleArns: readonly string[];
  log?: Log;
}

/** What started the run: a CloudTrail change, or a schedule / person looking at the whole account. */
export type DriftTrigger = { source: 'cloudtrail'; change: NetworkChange } | { source: 'schedule' | 'cli'; id: string };

export interface RestoredItem {
  key: string;
  resourceId: string;
  path: string;
  class: DriftItem['classification']['class'];
  outcome: Decision['outcome'];
  applied: boolean;
}

export type RestoreOutcome =
  | { status: 'ignored'; reason: string }
  | { status: 'no-baseline'; location: string }
  | { status: 'no-drift' }
  | { status: 'approved'; by: string; differences: number; version?: string }
  | { status: 'evaluated'; items: RestoredItem[]; reports: ApplyReport[]; notified: boolean };

function principalOf(change: NetworkChange): string {
  return change.principal.roleArn ?? change.principal.arn;
}

function isOneOf(change: NetworkChange, arns: readonly string[]): boolean {
  return arns.some((arn) => change.principal.roleArn === arn || change.principal.arn === arn);
}

/**
 * Which differences a change is responsible for: those on the resources it touched. A flow log id
 * names no tracked resource: it maps to the VPC or subnet it logs, or, once deleted, to every
 * flow-log difference.
 */
export function changeScope(change: NetworkChange, snapshot: Snapshot): (d: Difference) => boolean {
  const ids = new Set(resolveResourceIds(snapshot, change.resourceIds));
  let anyFlowLog = false;
  for (const id of change.resourceIds.filter((i) => i.startsWith('fl-'))) {
    const logged = snapshot.FlowLogs.find((f) => f.FlowLogId === id)?.ResourceId;
    if (logged === undefined) anyFlowLog = true;
    else ids.add(logged);
  }
  return (d) => ids.has(d.resourceId) || (anyFlowLog && d.field === 'flowLogs');
}

const asJson = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue;

function actionRecord(
  ctx: RecordContext,
  item: DriftItem,
  fields: Pick<ActionRecord, 'before' | 'after' | 'requestIds' | 'status'>,
): ActionRecord {
  return {
    kind: 'action',
    recordId: randomUUID(),
    ...ctx,
    resourceId: item.difference.resourceId,
    ruleId: item.plan.ruleId,
    findingKey: item.key,
    actions: asJson(item.plan.actions) as JsonValue[],
    ...fields,
  };
}

function withOutcome(decision: Decision, outcome: Decision['outcome'], reason: string): Decision {
  return { ...decision, outcome, reasons: [reason, ...decision.reasons] };
}

function worst(items: readonly DriftItem[]): Severity {
  let result: Severity = 'info';
  for (const i of items) {
    if (severityRank(i.classification.severity) > severityRank(result)) result = i.classification.severity;
  }
  return result;
}

function message(items: readonly DriftItem[], applied: ReadonlySet<string>, trigger: DriftTrigger) {
  const restored = items.filter((i) => applied.has(i.key)).length;
  const subject = `NetWarden: drift on ${new Set(items.map((i) => i.difference.resourceId)).size} resource(s), ${restored} restored`;
  const lines: string[] = [];
  if (trigger.source === 'cloudtrail') {
    const c = trigger.change;
    lines.push(`Change: ${c.eventName} by ${c.principal.arn} at ${c.eventTime} (CloudTrail event ${c.eventId}).`, '');
  }
  for (const item of items) {
    lines.push(`[${item.classification.class}] ${describeDifference(item.difference)}`);
    for (const effect of item.classification.effects) lines.push(`  why: ${describeEffect(effect)}`);
    if (item.cloudFormationStack) lines.push(`  managed by CloudFormation stack ${item.cloudFormationStack}`);
    lines.push(`  decision: ${item.decision.outcome}: ${item.decision.reasons[0] ?? ''}`);
    if (item.plan.status === 'manual') lines.push(`  to do: ${item.plan.summary}`);
    for (const action of item.plan.actions) {
      lines.push(`  ${applied.has(item.key) ? 'done' : 'plan'}: ${describeAction(action)}`);
    }
  }
  lines.push(
    '',
    'Accept a difference instead: netwarden baseline approve --baseline FILE --by WHO --reason WHY --resource ID',
  );
  return { subject: subject.slice(0, 100), body: `${lines.join('\n')}\n` };
}

export async function restoreDrift(trigger: DriftTrigger, deps: RestoreDeps): Promise<RestoreOutcome> {
  const change = trigger.source === 'cloudtrail' ? trigger.change : undefined;
  if (change?.errorCode !== undefined) return { status: 'ignored', reason: `the call failed (${change.errorCode})` };
  if (change && isOneOf(change, deps.ownRoleArns)) return { status: 'ignored', reason: 'NetWarden’s own change' };
  const correlationId = trigger.source === 'cloudtrail' ? trigger.change.eventId : trigger.id;
  const ctx: RecordContext = {
    at: deps.now().toISOString(),
    correlationId,
    trigger: change
      ? { source: 'cloudtrail', eventId: change.eventId, principal: change.principal.arn }
      : { source: trigger.source },
  };

  const detected = change
    ? await detectDrift(deps, {
        freshResourceIds: change.resourceIds,
        scopeFor: (snapshot) => changeScope(change, snapshot),
      })
    : await detectDrift(deps);
  if (detected.status === 'no-baseline') {
    deps.log?.warn('No drift baseline yet: nothing to compare with', { location: detected.location });
    return detected;
  }
  const { stored, snapshot, assessment } = detected;
  if (assessment.items.length === 0) return { status: 'no-drift' };

  if (change && isOneOf(change, deps.settings.trustedPrincipals)) {
    const by = principalOf(change);
    const approved = approveDrift(stored.baseline, snapshot, {
      by,
      reason: `${change.eventName} by a trusted IaC principal (CloudTrail event ${change.eventId})`,
      at: ctx.at,
      resourceIds: [...new Set(assessment.items.map((i) => i.difference.resourceId))],
    });
    const saved = await deps.baselines.save(approved.baseline, stored.etag ? { ifMatch: stored.etag } : {});
    await deps.history.appendAll(
      assessment.items.map((item) =>
        decisionRecord(
          ctx,
          withOutcome(item.decision, 'skip', `accepted into the baseline: changed by trusted principal ${by}`),
          item.verdict,
        ),
      ),
    );
    deps.log?.info('Drift by a trusted principal accepted into the baseline', {
      eventId: change.eventId,
      by,
      differences: assessment.items.length,
      version: saved.version,
    });
    return {
      status: 'approved',
      by,
      differences: assessment.items.length,
      ...(saved.version !== undefined ? { version: saved.version } : {}),
    };
  }

  const records: HistoryRecord[] = [];
  let items = assessment.items.map((item) => {
    if (item.decision.outcome === 'remediate' && deps.writer === undefined) {
      return {
        ...item,
        decision: withOutcome(item.decision, 'notify', 'no network writer configured: reported, not restored'),
      };
    }
    return item;
  });
  const selected = items.filter((i) => i.decision.outcome === 'remediate');
  if (selected.length > 1) {
    const together = verifyPlans(
      snapshot,
      selected.map((i) => i.plan),
      {
        ...(deps.checkIntents ? { checkIntents: deps.checkIntents } : {}),
        rulesConfig: deps.settings.rules,
      },
    );
    if (!together.safe) {
      const reason = `the ${selected.length} restores are unsafe together: ${together.reason}`;
      items = items.map((i) =>
        i.decision.outcome === 'remediate' ? { ...i, decision: withOutcome(i.decision, 'escalate', reason) } : i,
      );
    }
  }

  const applied = new Set<string>();
  const reports: ApplyReport[] = [];
  for (const item of items) {
    // Several differences can sit on one resource: the difference key tells their records apart.
    records.push({ ...findingRecord(ctx, driftFinding(item)), findingKey: item.key });
    records.push(decisionRecord(ctx, item.decision, item.verdict));
    if (item.decision.outcome !== 'remediate' || deps.writer === undefined) continue;
    const writer = deps.writer;
    try {
      const report = await writer.apply(item.plan.actions, {
        recordBeforeState: async (states) => {
          await deps.history.append(
            actionRecord(ctx, item, { before: asJson(states), after: null, requestIds: [], status: 'simulated' }),
          );
        },
      });
      const after = await writer.describe(touchedResources(item.plan.actions));
      records.push(
        actionRecord(ctx, item, {
          before: asJson(report.beforeState),
          after: asJson(after),
          requestIds: report.outcomes.map((o) => o.requestId).filter((id): id is string => id !== undefined),
          status: report.ok ? 'applied' : 'failed',
        }),
      );
      reports.push(report);
      if (report.ok) applied.add(item.key);
    } catch (error: unknown) {
      // One failing restore must not stop the others: record it and go on.
      deps.log?.error('A drift restore failed', { key: item.key, ...errorAttributes(error) });
      records.push(errorRecord(ctx, item.difference.resourceId, 'apply', error));
    }
  }
  await deps.history.appendAll(records);

  const worthTelling = items.filter((i) => i.decision.outcome !== 'skip' && i.decision.outcome !== 'exempt');
  if (deps.notifier && worthTelling.length > 0) {
    const text = message(worthTelling, applied, trigger);
    await deps.notifier.notify({
      kind: trigger.source === 'cloudtrail' ? 'change' : 'assurance',
      subject: text.subject,
      body: text.body,
      severity: worst(worthTelling),
      attributes: {
        ...(change ? { eventId: change.eventId, eventName: change.eventName } : {}),
        resourceIds: [...new Set(worthTelling.map((i) => i.difference.resourceId))].join(','),
        ruleIds: [...new Set(worthTelling.map((i) => i.plan.ruleId))].join(','),
        baselineVersion: stored.version ?? '',
      },
    });
  }
  deps.log?.info('Drift evaluated', { differences: items.length, restored: applied.size, correlationId });
  return {
    status: 'evaluated',
    items: items.map((i) => ({
      key: i.key,
      resourceId: i.difference.resourceId,
      path: i.difference.path,
      class: i.classification.class,
      outcome: i.decision.outcome,
      applied: applied.has(i.key),
    })),
    reports,
    notified: deps.notifier !== undefined && worthTelling.length > 0,
  };
}
