import { isSeverity } from '../findings/finding';
import {
  ACTION_STATUSES,
  COMPLIANCE_VALUES,
  DECISION_MODES,
  DECISION_OUTCOMES,
  FINDING_STATUSES,
  type HistoryRecord,
  isHistoryRecordKind,
  type JsonValue,
  TRIGGER_SOURCES,
} from './records';

/** A record that does not have the shape its kind requires; the message names the source and JSON path. */
export class HistoryRecordError extends Error {
  override readonly name = 'HistoryRecordError';
}

/** `Date.prototype.toISOString()` output: the only time format whose text order is time order. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function isIsoInstant(text: string): boolean {
  return ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text));
}

type Obj = Record<string, unknown>;

class Reader {
  constructor(
    private readonly source: string,
    private readonly obj: Obj,
    private readonly path: string,
  ) {}

  fail(key: string, expected: string): never {
    throw new HistoryRecordError(`${this.source}: ${this.path}.${key}: expected ${expected}`);
  }

  string(key: string): string {
    const v = this.obj[key];
    if (typeof v !== 'string' || v === '') this.fail(key, 'a non-empty string');
    return v;
  }

  optString(key: string): string | undefined {
    return this.obj[key] === undefined ? undefined : this.string(key);
  }

  instant(key: string): string {
    const v = this.string(key);
    if (!isIsoInstant(v)) this.fail(key, `an ISO-8601 UTC instant like 2026-01-31T12:00:00.000Z, got ${v}`);
    return v;
  }

  optInstant(key: string): string | undefined {
    return this.obj[key] === undefined ? undefined : this.instant(key);
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const v = this.obj[key];
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
      this.fail(key, `one of ${values.join(', ')}`);
    return v as T;
  }

  count(key: string): number {
    const v = this.obj[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) this.fail(key, 'a non-negative integer');
    return v;
  }

  boolean(key: string): boolean {
    const v = this.obj[key];
    if (typeof v !== 'boolean') this.fail(key, 'true or false');
    return v;
  }

  strings(key: string): string[] {
    const v = this.obj[key];
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) this.fail(key, 'an array of strings');
    return v as string[];
  }

  json(key: string): JsonValue {
    const v = this.obj[key];
    if (v === undefined || !isJsonValue(v)) this.fail(key, 'a JSON value');
    return v;
  }

  jsonArray(key: string): JsonValue[] {
    const v = this.json(key);
    if (!Array.isArray(v)) this.fail(key, 'an array');
    return v;
  }

  object(key: string): Reader {
    const v = this.obj[key];
    if (!isObject(v)) this.fail(key, 'an object');
    return new Reader(this.source, v, `${this.path}.${key}`);
  }

  optObject(key: string): Reader | undefined {
    return this.obj[key] === undefined ? undefined : this.object(key);
  }

  raw(key: string): unknown {
    return this.obj[key];
  }
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isJsonValue(v: unknown): v is JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJsonValue);
  // An undefined property is what JSON.stringify leaves out, so it is simply absent, not an error.
  if (isObject(v)) return Object.values(v).every((x) => x === undefined || isJsonValue(x));
  return false;
}

function checkFinding(f: Reader): void {
  f.string('ruleId');
  f.string('resourceId');
  f.string('resourceType');
  f.string('message');
  if (!isSeverity(f.string('severity'))) f.fail('severity', 'critical, high, medium, low or info');
}

/**
 * Checks that `value` is a history record and returns it typed. Used on everything read back from
 * a store or a file and on everything about to be written, so a corrupt item is reported, not shown.
 */
export function parseHistoryRecord(value: unknown, source: string): HistoryRecord {
  if (!isObject(value)) throw new HistoryRecordError(`${source}: $: expected a history record object`);
  const r = new Reader(source, value, '$');
  const kind = r.string('kind');
  if (!isHistoryRecordKind(kind)) r.fail('kind', 'evaluation, finding, decision, action, rollback or error');
  r.string('recordId');
  r.instant('at');
  r.string('resourceId');
  r.optString('ruleId');
  r.optString('correlationId');
  r.optInstant('expiresAt');
  const trigger = r.optObject('trigger');
  if (trigger) {
    trigger.oneOf('source', TRIGGER_SOURCES);
    trigger.optString('eventId');
    trigger.optString('principal');
  }
  switch (kind) {
    case 'evaluation':
      r.string('ruleId');
      r.oneOf('compliance', COMPLIANCE_VALUES);
      r.count('findingCount');
      break;
    case 'finding': {
      r.string('ruleId');
      r.string('findingKey');
      r.oneOf('status', FINDING_STATUSES);
      r.json('finding');
      checkFinding(r.object('finding'));
      break;
    }
    case 'decision': {
      r.string('findingKey');
      r.oneOf('mode', DECISION_MODES);
      r.oneOf('outcome', DECISION_OUTCOMES);
      r.string('reason');
      const exemption = r.optObject('exemption');
      if (exemption) {
        exemption.string('owner');
        exemption.string('reason');
        exemption.instant('expiresAt');
        exemption.oneOf('source', ['tag', 'config'] as const);
      }
      const verification = r.optObject('verification');
      if (verification) {
        verification.boolean('passed');
        verification.boolean('exposureClosed');
        verification.count('intentsChecked');
        verification.strings('brokenIntents');
        verification.optString('detail');
      }
      break;
    }
    case 'action':
      r.optString('findingKey');
      r.jsonArray('actions');
      r.json('before');
      r.json('after');
      r.strings('requestIds');
      r.oneOf('status', ACTION_STATUSES);
      break;
    case 'rollback':
      r.string('rollsBack');
      r.jsonArray('actions');
      r.json('before');
      r.json('after');
      r.strings('requestIds');
      r.string('reason');
      r.oneOf('status', ACTION_STATUSES);
      break;
    case 'error':
      r.string('stage');
      r.string('errorName');
      if (typeof r.raw('message') !== 'string') r.fail('message', 'a string');
      break;
  }
  return value as unknown as HistoryRecord;
}
