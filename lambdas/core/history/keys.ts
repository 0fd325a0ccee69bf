/**
 * Single-table key design of the history table. Three access patterns, one key pair each:
 *
 * | pattern                 | key                         | sort key             |
 * | ----------------------- | --------------------------- | -------------------- |
 * | history of a resource   | pk    = RES#<resourceId>    | sk    = <at>#<id>    |
 * | history of a rule       | gsi1pk = RULE#<ruleId>      | gsi1sk = <at>#<id>   |
 * | everything in a range   | gsi2pk = DAY#<yyyy-mm-dd>   | gsi2sk = <at>#<id>   |
 *
 * `at` is a fixed-width UTC ISO instant, so sort-key order is time order and a time range is one
 * BETWEEN. gsi1 is sparse: records without a rule (actions, rollbacks, most errors) are not in it.
 * The record itself is kept as its JSON text in `body`, so actions and before/after states of any
 * shape round-trip exactly; the few attributes queries filter on are copied beside it.
 */
import { HistoryRecordError, parseHistoryRecord } from './parse-record';
import type { HistoryRecord, HistoryRecordKind } from './records';

export const HISTORY_TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ruleIndex: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  dayIndex: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ttlAttribute: 'ttl',
} as const;

export interface HistoryItem {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk: string;
  gsi2sk: string;
  kind: HistoryRecordKind;
  at: string;
  recordId: string;
  resourceId: string;
  ruleId?: string;
  /** Epoch seconds: DynamoDB's TTL deletes the item some time after it. */
  ttl?: number;
  body: string;
}

const DAY_MS = 86_400_000;

export function resourcePartition(resourceId: string): string {
  return `RES#${resourceId}`;
}

export function rulePartition(ruleId: string): string {
  return `RULE#${ruleId}`;
}

export function dayPartition(day: string): string {
  return `DAY#${day}`;
}

export function timeSortKey(record: Pick<HistoryRecord, 'at' | 'recordId'>): string {
  return `${record.at}#${record.recordId}`;
}

/** The UTC calendar day (yyyy-mm-dd) of an ISO instant. */
export function dayOf(isoInstant: string): string {
  return isoInstant.slice(0, 10);
}

/** Every UTC day that an instant in [since, until) can fall on, oldest first. */
export function daysCovering(sinceIso: string, untilIso: string): string[] {
  const days: string[] = [];
  const last = Date.parse(untilIso) - 1;
  for (let t = Date.parse(`${dayOf(sinceIso)}T00:00:00.000Z`); t <= last; t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The record with `expiresAt` set `retentionDays` after it happened (kept as given when no retention is configured). */
export function withRetention(record: HistoryRecord, retentionDays: number | undefined): HistoryRecord {
  if (retentionDays === undefined) return record;
  return { ...record, expiresAt: new Date(Date.parse(record.at) + retentionDays * DAY_MS).toISOString() };
}

export function toHistoryItem(record: HistoryRecord): HistoryItem {
  const sk = timeSortKey(record);
  return {
    pk: resourcePartition(record.resourceId),
    sk,
    ...(record.ruleId === undefined ? {} : { gsi1pk: rulePartition(record.ruleId), gsi1sk: sk }),
    gsi2pk: dayPartition(dayOf(record.at)),
    gsi2sk: sk,
    kind: record.kind,
    at: record.at,
    recordId: record.recordId,
    resourceId: record.resourceId,
    ...(record.ruleId === undefined ? {} : { ruleId: record.ruleId }),
    ...(record.expiresAt === undefined ? {} : { ttl: Math.floor(Date.parse(record.expiresAt) / 1000) }),
    body: JSON.stringify(record),
  };
}

/** Reads a stored item back; `source` names it in errors (table and key). */
export function fromHistoryItem(item: Record<string, unknown>, source: string): HistoryRecord {
  const body = item.body;
  if (typeof body !== 'string')
    throw new HistoryRecordError(`${source}: attribute body: expected the record's JSON text`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HistoryRecordError(`${source}: attribute body: not valid JSON (${reason})`);
  }
  return parseHistoryRecord(parsed, source);
}
