/**
 * Replays trigger events through the use cases the Lambda handlers call, wired to embedded adapters:
 * the embedded account (reader and writer), the embedded history and idempotency tables, an AWS
 * Config that collects PutEvaluations and a notifier that collects messages. What it reports per
 * event is read back from those ports, so nothing here decides anything the deployed stack would not.
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import type { Exposure, Severity } from '../../core/findings/finding';
import type { HistoryRecord, HistoryRecordKind, Verification } from '../../core/history/records';
import type { IntentsFile } from '../../core/intents/intent';
import { ALARM_DETAIL_TYPE, parseAlarmEvent } from '../../events/alarm-event';
import { CLOUDTRAIL_DETAIL_TYPE, type NetworkChange, parseCloudTrailEvent } from '../../events/cloudtrail-event';
import { type ConfigRuleEvent, parseConfigRuleEvent } from '../../events/config-rule-event';
import { EventValidationError } from '../../events/event-error';
import { isObject } from '../../events/fields';
import { parseScheduleEvent, SCHEDULE_DETAIL_TYPE } from '../../events/schedule-event';
import type { Notification } from '../../ports';
import { CHANGE_IDEMPOTENCY } from '../../usecases/change-idempotency';
import type { ComplianceType } from '../../usecases/config-rule-gateway';
import { evaluateConfigRule } from '../../usecases/evaluate-config-rule';
import type { Log } from '../../usecases/log';
import { createNetworkEngine } from '../../usecases/network-engine';
import type { ExposedInterface, IntentOutcome } from '../../usecases/network-engine-port';
import { parseOrReject } from '../../usecases/parse-or-reject';
import { reachability } from '../../usecases/reachability';
import { respondToAlarm } from '../../usecases/respond-to-alarm';
import type { ChangeOutcome } from '../../usecases/respond-to-change';
import { respondToNetworkChange } from '../../usecases/respond-to-network-change';
import type { AssuranceReport, MetricsSink } from '../../usecases/run-assurance';
import { runScheduledAssurance } from '../../usecases/run-scheduled-assurance';
import type { RuntimeSettings } from '../../usecases/runtime-settings';
import { SnapshotSource } from '../../usecases/snapshot-source';
import { CollectingConfigGateway } from './collecting-config-gateway';
import { CollectingNotifier } from './collecting-notifier';
import type { EmbeddedAccount } from './embedded-account';
import { RecordingHistoryStore } from './recording-history';
import type { ReplayStores } from './replay-stores';

export const TRIGGER_KINDS = ['cloudtrail', 'config-rule', 'alarm', 'schedule'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/**
 * `skipped-duplicate`: the idempotency table already holds the CloudTrail eventID;
 * `skipped-failed-call`: the call failed (errorCode), so nothing changed;
 * `ignored`: NetWarden's own change, or an alarm that left ALARM;
 * `malformed`: the handler would reject the event (it lands in the DLQ);
 * `failed`: the use case threw (the invocation would fail and be retried).
 */
export type ReplayStatus =
  | 'evaluated'
  | 'checked'
  | 'ignored'
  | 'skipped-duplicate'
  | 'skipped-failed-call'
  | 'malformed'
  | 'failed';

export interface ReplaySettings {
  settings: RuntimeSettings;
  intents: IntentsFile;
  /** NETWARDEN_OWN_ROLE_ARN of the change responder: changes by these roles are NetWarden's own. */
  ownRoleArns: readonly string[];
}

export interface ReplayedFinding {
  ruleId: string;
  resourceId: string;
  severity: Severity;
  message: string;
  exposure: Exposure | null;
}

export interface ReplayedDecision {
  findingKey: string;
  ruleId: string;
  resourceId: string;
  mode: string;
  outcome: string;
  /** The reasons as the decision record holds them ("; "-separated, deciding reason first). */
  reason: string;
  verification: Verification | null;
}

export interface ReplayedAction {
  api: string;
  resourceId: string;
  params: unknown;
  status: string;
  code: string | null;
  message: string | null;
}

export interface ReplayedEvaluation {
  resourceType: string;
  resourceId: string;
  compliance: ComplianceType;
  annotation: string;
  orderingTimestamp: string;
}

export interface ReplayedAssurance {
  intents: IntentOutcome[];
  exposed: ExposedInterface[];
  findingsBySeverity: Record<string, number>;
  metrics: { name: string; value: number; dimensions: Record<string, string> }[];
}

export interface ReplayedEvent {
  file: string;
  trigger: TriggerKind | null;
  eventId: string;
  /** One line: what the event is (call and resources, Config message, alarm, schedule). */
  summary: string;
  status: ReplayStatus;
  reason: string | null;
  error: { name: string; message: string; path: string | null } | null;
  evaluations: ReplayedEvaluation[];
  putEvaluationsCalls: number;
  findings: ReplayedFinding[];
  decisions: ReplayedDecision[];
  actions: ReplayedAction[];
  notifications: Notification[];
  assurance: ReplayedAssurance | null;
  /** History records the flow appended, by kind. */
  recorded: Partial<Record<HistoryRecordKind, number>>;
  /** What the function logged at warning or error level. */
  log: { level: 'warn' | 'error'; message: string; attributes: Record<string, unknown> }[];
}

/** How long the stack's functions may run (NetWardenFunction's default timeout): the in-progress lock's lifetime. */
const FUNCTION_TIMEOUT_MS = 5 * 60 * 1000;

function triggerOf(raw: unknown): TriggerKind | undefined {
  if (!isObject(raw)) return undefined;
  if ('invokingEvent' in raw || 'configRuleName' in raw) return 'config-rule';
  switch (raw['detail-type']) {
    case CLOUDTRAIL_DETAIL_TYPE:
      return 'cloudtrail';
    case ALARM_DETAIL_TYPE:
      return 'alarm';
    case SCHEDULE_DETAIL_TYPE:
      return 'schedule';
    default:
      return undefined;
  }
}

function rawEventId(raw: unknown): string {
  if (isObject(raw) && isObject(raw.detail) && typeof raw.detail.eventID === 'string') return raw.detail.eventID;
  if (isObject(raw) && typeof raw.id === 'string') return raw.id;
  return 'unknown-event';
}

function emptyEvent(file: string, trigger: TriggerKind | null, eventId: string): ReplayedEvent {
  return {
    file,
    trigger,
    eventId,
    summary: '',
    status: 'failed',
    reason: null,
    error: null,
    evaluations: [],
    putEvaluationsCalls: 0,
    findings: [],
    decisions: [],
    actions: [],
    notifications: [],
    assurance: null,
    recorded: {},
    log: [],
  };
}

/** An event file that cannot be read is reported like a malformed event, so the other files still run. */
export function unreadableEvent(file: string, error: unknown): ReplayedEvent {
  // fs errors can come from another realm (test runners): read them by shape, not `instanceof`.
  const fields = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  const why =
    fields.code === 'ENOENT'
      ? 'it does not exist'
      : typeof fields.message === 'string'
        ? fields.message
        : String(error);
  return {
    ...emptyEvent(file, null, 'unknown-event'),
    status: 'malformed',
    error: { name: 'ReadError', message: `cannot read the event file: ${why}`, path: null },
  };
}

/** A Lambda context for the replayed invocation: Powertools idempotency reads the remaining time from it. */
function invocationContext(eventId: string): Context {
  const deadline = Date.now() + FUNCTION_TIMEOUT_MS;
  const fail = (): void => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'netwarden-replay-change-responder',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:netwarden-replay-change-responder',
    memoryLimitInMB: '1024',
    awsRequestId: `replay-${eventId}`,
    logGroupName: 'netwarden-replay',
    logStreamName: 'netwarden-replay',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}

export class ReplaySession {
  private readonly history: RecordingHistoryStore;
  private readonly notifier = new CollectingNotifier();
  private readonly gateway: CollectingConfigGateway;
  private readonly idempotency = new IdempotencyConfig({
    ...CHANGE_IDEMPOTENCY,
  });
  private readonly respondOnce: (change: NetworkChange) => Promise<ChangeOutcome>;
  private currentRule: string | undefined;
  private changeHandled = false;
  private logged: ReplayedEvent['log'] = [];

  constructor(
    private readonly account: EmbeddedAccount,
    stores: ReplayStores,
    private readonly config: ReplaySettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.history = new RecordingHistoryStore(stores.history);
    this.gateway = new CollectingConfigGateway(
      () => account.snapshot,
      () => this.currentRule,
    );
    this.respondOnce = makeIdempotent((change: NetworkChange) => this.respondToChangeNow(change), {
      persistenceStore: stores.idempotency,
      config: this.idempotency,
    });
  }

  private readonly log: Log = {
    info: () => undefined,
    warn: (message, attributes) => this.logged.push({ level: 'warn', message, attributes }),
    error: (message, attributes) => this.logged.push({ level: 'error', message, attributes }),
  };

  /** A fresh read per event, as a cold function would do: the next event sees what the previous one changed. */
  private snapshots(): SnapshotSource {
    return new SnapshotSource(this.account);
  }

  private engine(intents: IntentsFile) {
    return createNetworkEngine({ settings: this.config.settings, reachability: reachability(intents) });
  }

  /** Replays one event file's text; never throws for a bad event or a failing flow, it reports them. */
  async replay(file: string, text: string): Promise<ReplayedEvent> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error: unknown) {
      const event = emptyEvent(file, null, 'unknown-event');
      return {
        ...event,
        status: 'malformed',
        error: {
          name: 'SyntaxError',
          message: `not JSON (${error instanceof Error ? error.message : String(error)})`,
          path: '$',
        },
      };
    }
    const trigger = triggerOf(raw) ?? null;
    const event = emptyEvent(file, trigger, rawEventId(raw));
    this.logged = [];
    try {
      switch (trigger) {
        case 'cloudtrail':
          await this.replayChange(raw, event);
          break;
        case 'config-rule':
          await this.replayConfigRule(raw, event);
          break;
        case 'alarm':
          await this.replayAlarm(raw, event);
          break;
        case 'schedule':
          await this.replaySchedule(raw, event);
          break;
        case null:
          throw new EventValidationError(
            event.eventId,
            '$',
            `not a trigger NetWarden receives: expected an EventBridge event with detail-type "${CLOUDTRAIL_DETAIL_TYPE}", "${ALARM_DETAIL_TYPE}" or "${SCHEDULE_DETAIL_TYPE}", or an AWS Config rule invocation (invokingEvent)`,
          );
      }
    } catch (error: unknown) {
      if (error instanceof EventValidationError) {
        event.status = 'malformed';
        event.eventId = error.eventId;
        event.error = { name: error.name, message: error.problem, path: error.path };
      } else {
        event.status = 'failed';
        event.error = {
          name: error instanceof Error ? error.name : 'Error',
          message: error instanceof Error ? error.message : String(error),
          path: null,
        };
      }
    }
    this.collect(event);
    return event;
  }

  private async respondToChangeNow(change: NetworkChange): Promise<ChangeOutcome> {
    this.changeHandled = true;
    const intents = this.config.intents;
    return respondToNetworkChange(change, {
      snapshots: this.snapshots(),
      engine: this.engine(intents),
      reachability: reachability(intents),
      writer: this.account,
      history: this.history,
      notifier: this.notifier,
      settings: this.config.settings,
      ownRoleArns: this.config.ownRoleArns,
      log: this.log,
      now: this.now,
    });
  }

  private async replayChange(raw: unknown, event: ReplayedEvent): Promise<void> {
    const change = parseOrReject(parseCloudTrailEvent, raw, this.log);
    event.eventId = change.eventId;
    event.summary = `${change.eventName} on ${change.resourceIds.join(', ') || '(no resource)'} by ${change.principal.arn}`;
    this.changeHandled = false;
    this.idempotency.registerLambdaContext(invocationContext(change.eventId));
    const outcome = await this.respondOnce(change);
    if (!this.changeHandled) {
      event.status = 'skipped-duplicate';
      event.reason = `CloudTrail event ${change.eventId} was already handled: the idempotency table holds it (first outcome: ${outcome.status})`;
    } else if (outcome.status === 'ignored') {
      event.status = change.errorCode === undefined ? 'ignored' : 'skipped-failed-call';
      event.reason = outcome.reason;
    } else {
      event.status = 'evaluated';
    }
  }

  private async replayConfigRule(raw: unknown, event: ReplayedEvent): Promise<void> {
    const rule: ConfigRuleEvent = parseOrReject(parseConfigRuleEvent, raw, this.log);
    event.eventId = rule.eventId;
    event.summary =
      rule.messageType === 'ScheduledNotification'
        ? `${rule.messageType} of rule ${rule.configRuleName}`
        : `${rule.messageType} of rule ${rule.configRuleName} for ${describeItem(rule)}`;
    this.currentRule = rule.configRuleName;
    try {
      await evaluateConfigRule(rule, {
        gateway: this.gateway,
        snapshots: this.snapshots(),
        // The Config rule evaluator judges risks only: its engine is bound to no intents.
        engine: this.engine({ version: 1, intents: [] }),
        history: this.history,
        log: this.log,
        now: this.now,
      });
    } finally {
      this.currentRule = undefined;
    }
    event.status = 'evaluated';
  }

  private async replayAlarm(raw: unknown, event: ReplayedEvent): Promise<void> {
    const alarm = parseOrReject(parseAlarmEvent, raw, this.log);
    event.eventId = alarm.eventId;
    event.summary = `alarm ${alarm.alarmName} -> ${alarm.state}`;
    const outcome = await respondToAlarm(alarm, {
      snapshots: this.snapshots(),
      engine: this.engine(this.config.intents),
      history: this.history,
      notifier: this.notifier,
      log: this.log,
      now: this.now,
    });
    if (outcome.status === 'ignored') {
      event.status = 'ignored';
      event.reason = outcome.reason;
      return;
    }
    event.status = 'checked';
    event.assurance = assuranceOf(outcome, []);
  }

  private async replaySchedule(raw: unknown, event: ReplayedEvent): Promise<void> {
    const run = parseOrReject(parseScheduleEvent, raw, this.log);
    event.eventId = run.eventId;
    event.summary = `scheduled run at ${run.time}`;
    const metrics: ReplayedAssurance['metrics'] = [];
    const sink: MetricsSink = {
      count: (name, value, dimensions) => metrics.push({ name, value, dimensions: dimensions ?? {} }),
    };
    const report = await runScheduledAssurance(run, {
      snapshots: this.snapshots(),
      engine: this.engine(this.config.intents),
      history: this.history,
      notifier: this.notifier,
      metrics: sink,
      log: this.log,
      now: this.now,
    });
    event.status = 'checked';
    event.assurance = assuranceOf(report, metrics);
  }

  /** Reads back from the ports what the flow evaluated, found, decided, did and said. */
  private collect(event: ReplayedEvent): void {
    const records = this.history.take();
    const calls = this.gateway.take();
    event.putEvaluationsCalls = calls.length;
    event.evaluations = calls.flatMap((c) =>
      c.evaluations.map((e) => ({
        resourceType: e.resourceType,
        resourceId: e.resourceId,
        compliance: e.compliance,
        annotation: e.annotation,
        orderingTimestamp: e.orderingTimestamp.toISOString(),
      })),
    );
    event.findings = findingsOf(records);
    event.decisions = decisionsOf(records);
    event.actions = this.account.takeApplied().flatMap((batch) =>
      batch.report.outcomes.map((o) => ({
        api: o.action.api,
        resourceId: o.action.resourceId,
        params: o.action.params,
        status: o.status,
        code: o.code ?? null,
        message: o.message ?? null,
      })),
    );
    event.notifications = this.notifier.take();
    const recorded: Partial<Record<HistoryRecordKind, number>> = {};
    for (const r of records) recorded[r.kind] = (recorded[r.kind] ?? 0) + 1;
    event.recorded = recorded;
    event.log = this.logged;
  }
}

function describeItem(rule: ConfigRuleEvent): string {
  switch (rule.messageType) {
    case 'ConfigurationItemChangeNotification': {
      const item = rule.configurationItem;
      return `${item.resourceType} ${item.resourceId} (${item.configurationItemStatus})`;
    }
    case 'OversizedConfigurationItemChangeNotification': {
      const item = rule.configurationItemSummary;
      return `${item.resourceType} ${item.resourceId} (${item.configurationItemStatus}, oversized)`;
    }
    case 'ScheduledNotification':
      return 'every resource';
  }
}

function assuranceOf(report: AssuranceReport, metrics: ReplayedAssurance['metrics']): ReplayedAssurance {
  return {
    intents: report.intents,
    exposed: report.exposed,
    findingsBySeverity: report.findingsBySeverity,
    metrics,
  };
}

function findingsOf(records: readonly HistoryRecord[]): ReplayedFinding[] {
  return records.flatMap((r) =>
    r.kind === 'finding' && r.status === 'open'
      ? [
          {
            ruleId: r.finding.ruleId,
            resourceId: r.finding.resourceId,
            severity: r.finding.severity,
            message: r.finding.message,
            exposure: r.finding.exposure ?? null,
          },
        ]
      : [],
  );
}

function decisionsOf(records: readonly HistoryRecord[]): ReplayedDecision[] {
  return records.flatMap((r) =>
    r.kind === 'decision'
      ? [
          {
            findingKey: r.findingKey,
            ruleId: r.ruleId ?? '',
            resourceId: r.resourceId,
            mode: r.mode,
            outcome: r.outcome,
            reason: r.reason,
            verification: r.verification ?? null,
          },
        ]
      : [],
  );
}
