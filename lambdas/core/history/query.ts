import { dayPartition, daysCovering, HISTORY_TABLE_KEYS, resourcePartition, rulePartition } from './keys';
import { isIsoInstant } from './parse-record';
import type { HistoryRecordKind } from './records';

/** A question for the history. Times are ISO instants; `since` is inclusive, `until` exclusive. */
export interface HistoryQuery {
  resourceId?: string;
  ruleId?: string;
  since?: string;
  until?: string;
  kinds?: readonly HistoryRecordKind[];
  /** `asc` (oldest first, the default) or `desc`. */
  order?: 'asc' | 'desc';
}

export class HistoryQueryError extends Error {
  override readonly name = 'HistoryQueryError';
}

/** A time-range query reads one day partition per day; this bounds a typo like `--since 1970-01-01`. */
export const MAX_RANGE_DAYS = 3_700;

/** One DynamoDB Query: the table or an index, one partition, an optional sort-key range, and what to filter after. */
export interface QuerySegment {
  indexName?: string;
  partitionKeyName: string;
  partitionValue: string;
  sortKeyName: string;
  since?: string;
  until?: string;
  /** Conditions the key cannot express, applied as a FilterExpression. */
  filter: { resourceId?: string; ruleId?: string; kinds?: readonly HistoryRecordKind[] };
  ascending: boolean;
}

function checkInstant(value: string | undefined, name: string): void {
  if (value !== undefined && !isIsoInstant(value)) {
    throw new HistoryQueryError(
      `query.${name}: expected an ISO-8601 UTC instant like 2026-01-31T00:00:00.000Z, got ${value}`,
    );
  }
}

/**
 * Picks the access pattern: a resource's partition when a resource is named (filtering on the rule
 * if one is named too), else the rule index, else one day partition per day of the range, which
 * therefore must be bounded on both sides.
 */
export function planQuery(query: HistoryQuery): QuerySegment[] {
  checkInstant(query.since, 'since');
  checkInstant(query.until, 'until');
  if (query.since !== undefined && query.until !== undefined && query.since >= query.until) {
    throw new HistoryQueryError(`query: since (${query.since}) must be before until (${query.until})`);
  }
  if (query.kinds !== undefined && query.kinds.length === 0) {
    throw new HistoryQueryError('query.kinds: expected at least one kind (omit it for every kind)');
  }
  const ascending = query.order !== 'desc';
  const range = {
    ...(query.since === undefined ? {} : { since: query.since }),
    ...(query.until === undefined ? {} : { until: query.until }),
  };
  const kinds = query.kinds === undefined ? {} : { kinds: query.kinds };
  const k = HISTORY_TABLE_KEYS;
  if (query.resourceId !== undefined) {
    return [
      {
        partitionKeyName: k.partitionKey,
        partitionValue: resourcePartition(query.resourceId),
        sortKeyName: k.sortKey,
        ...range,
        filter: { ...kinds, ...(query.ruleId === undefined ? {} : { ruleId: query.ruleId }) },
        ascending,
      },
    ];
  }
  if (query.ruleId !== undefined) {
    return [
      {
        indexName: k.ruleIndex.name,
        partitionKeyName: k.ruleIndex.partitionKey,
        partitionValue: rulePartition(query.ruleId),
        sortKeyName: k.ruleIndex.sortKey,
        ...range,
        filter: kinds,
        ascending,
      },
    ];
  }
  if (query.since === undefined || query.until === undefined) {
    throw new HistoryQueryError('query: without a resource or a rule, both since and until are required');
  }
  const days = daysCovering(query.since, query.until);
  if (days.length > MAX_RANGE_DAYS) {
    throw new HistoryQueryError(`query: the range covers ${days.length} days; at most ${MAX_RANGE_DAYS} are allowed`);
  }
  const segments = days.map((day) => ({
    indexName: k.dayIndex.name,
    partitionKeyName: k.dayIndex.partitionKey,
    partitionValue: dayPartition(day),
    sortKeyName: k.dayIndex.sortKey,
    ...range,
    filter: kinds,
    ascending,
  }));
  return ascending ? segments : segments.reverse();
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a user's `--since`/`--until`: a day (`2026-11-01`) or an instant with a zone
 * (`2026-11-01T08:00:00Z`). A day given as `until` includes that whole day, which is what a person
 * means by "until the 3rd".
 */
export function parseTimeBound(text: string, bound: 'since' | 'until', inputName: string): string {
  if (DATE_ONLY.test(text)) {
    const start = Date.parse(`${text}T00:00:00.000Z`);
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== text) {
      throw new HistoryQueryError(`${inputName}: ${text} is not a calendar day`);
    }
    return new Date(bound === 'since' ? start : start + 86_400_000).toISOString();
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || !hasZone || Number.isNaN(t)) {
    throw new HistoryQueryError(
      `${inputName}: expected a day (2026-11-01) or an instant with a zone (2026-11-01T08:00:00Z), got ${text}`,
    );
  }
  return new Date(t).toISOString();
}
