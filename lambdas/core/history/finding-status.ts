import type { FindingRecord, HistoryRecord } from './records';

/**
 * The findings still open after reading `records` in any order: for each finding key, the latest
 * finding record (by time, then record id) decides. Keyed by finding key.
 */
export function openFindings(records: Iterable<HistoryRecord>): Map<string, FindingRecord> {
  const latest = new Map<string, FindingRecord>();
  for (const r of records) {
    if (r.kind !== 'finding') continue;
    const seen = latest.get(r.findingKey);
    if (!seen || r.at > seen.at || (r.at === seen.at && r.recordId > seen.recordId)) latest.set(r.findingKey, r);
  }
  return new Map([...latest].filter(([, r]) => r.status === 'open'));
}
