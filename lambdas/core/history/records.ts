/**
 * The audit history: what NetWarden evaluated, found, decided, did, undid and failed at. Records
 * are append-only facts; a later record supersedes an earlier one's meaning (a `resolved` finding
 * after an `open` one), never its content.
 */
import type { Finding } from '../findings/finding';

/** Any JSON value: remediation actions and before/after states are stored as the data they are. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const HISTORY_RECORD_KINDS = ['evaluation', 'finding', 'decision', 'action', 'rollback', 'error'] as const;
export type HistoryRecordKind = (typeof HISTORY_RECORD_KINDS)[number];

export function isHistoryRecordKind(text: string): text is HistoryRecordKind {
  return (HISTORY_RECORD_KINDS as readonly string[]).includes(text);
}

export const TRIGGER_SOURCES = ['scan', 'config-rule', 'cloudtrail', 'alarm', 'schedule', 'cli'] as const;
export type TriggerSource = (typeof TRIGGER_SOURCES)[number];

/** What started the flow a record belongs to; `principal` is the CloudTrail identity that made the change. */
export interface Trigger {
  source: TriggerSource;
  eventId?: string;
  principal?: string;
}

interface RecordBase {
  /** Unique per record; with `at` and `resourceId` it forms the storage key, so reusing one is refused. */
  recordId: string;
  /** When it happened, as `Date.prototype.toISOString()` prints it (UTC, milliseconds), so text order is time order. */
  at: string;
  /** The resource the record is about (sg-…, acl-…, vpc-…), or the scope of an account-wide record. */
  resourceId: string;
  ruleId?: string;
  /** Shared by every record of one flow (one event, one scan run). */
  correlationId?: string;
  trigger?: Trigger;
  /** Set by the store from its retention setting; the record disappears from the table after it. */
  expiresAt?: string;
}

export const COMPLIANCE_VALUES = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] as const;
export type Compliance = (typeof COMPLIANCE_VALUES)[number];

/** One rule evaluated on one resource (the same verdict AWS Config receives through PutEvaluations). */
export interface EvaluationRecord extends RecordBase {
  kind: 'evaluation';
  ruleId: string;
  compliance: Compliance;
  findingCount: number;
}

export const FINDING_STATUSES = ['open', 'resolved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface FindingRecord extends RecordBase {
  kind: 'finding';
  ruleId: string;
  /** `findingKey(finding)`: links the finding to its decisions and actions across runs. */
  findingKey: string;
  status: FindingStatus;
  finding: Finding;
}

/** The modes a rule runs in (issue contract): detect only, notify, or remediate automatically when safe. */
export const DECISION_MODES = ['detect', 'notify', 'auto'] as const;
export type DecisionMode = (typeof DECISION_MODES)[number];

export const DECISION_OUTCOMES = ['remediate', 'notify', 'skip', 'escalate', 'exempt'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export interface Exemption {
  owner: string;
  reason: string;
  /** ISO-8601 instant; an exemption past it no longer applies (exemptions fail closed). */
  expiresAt: string;
  /** Where it was declared: a tag on the resource or the configuration file. */
  source: 'tag' | 'config';
}

/** What the verifier proved on the simulated model before anything was applied. */
export interface Verification {
  /** True only when the plan closes the exposure and every intent still holds. */
  passed: boolean;
  exposureClosed: boolean;
  intentsChecked: number;
  /** Names of intents the plan would break. */
  brokenIntents: string[];
  detail?: string;
}

export interface DecisionRecord extends RecordBase {
  kind: 'decision';
  findingKey: string;
  /** The configured mode for this rule. */
  mode: DecisionMode;
  /** What was actually decided (a mode of `auto` still escalates when verification fails). */
  outcome: DecisionOutcome;
  reason: string;
  exemption?: Exemption;
  verification?: Verification;
}

export const ACTION_STATUSES = ['applied', 'failed', 'simulated'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ActionRecord extends RecordBase {
  kind: 'action';
  findingKey?: string;
  /** The remediation actions exactly as planned (EC2 API calls). */
  actions: JsonValue[];
  /** The resource as described before the first call; recorded before applying, so a failure still leaves it. */
  before: JsonValue;
  after: JsonValue;
  /** AWS request ids of the calls, for CloudTrail correlation. */
  requestIds: string[];
  status: ActionStatus;
}

export interface RollbackRecord extends RecordBase {
  kind: 'rollback';
  /** The action record this undoes. */
  rollsBack: string;
  actions: JsonValue[];
  before: JsonValue;
  after: JsonValue;
  requestIds: string[];
  reason: string;
  status: ActionStatus;
}

export interface ErrorRecord extends RecordBase {
  kind: 'error';
  /** Where in the flow it failed: `load`, `evaluate`, `plan`, `verify`, `apply`, `notify`, … */
  stage: string;
  errorName: string;
  message: string;
}

export type HistoryRecord =
  | EvaluationRecord
  | FindingRecord
  | DecisionRecord
  | ActionRecord
  | RollbackRecord
  | ErrorRecord;
