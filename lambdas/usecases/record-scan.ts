import { randomUUID } from 'node:crypto';
import type { Finding } from '../core/findings/finding';
import { openFindings } from '../core/history/finding-status';
import type { FindingRecord, Trigger } from '../core/history/records';
import { buildScanRecords, type ScannedRule } from '../core/history/scan-records';
import type { Snapshot } from '../core/model/snapshot';
import type { HistoryStore } from '../ports';

export interface RecordScanInput {
  snapshot: Snapshot;
  /** The rules that ran (`RULES` or the selected subset); only `id` and `resourceType` are read. */
  rules: readonly ScannedRule[];
  findings: readonly Finding[];
  trigger?: Trigger;
  now?: Date;
  newRecordId?: () => string;
}

export interface RecordScanResult {
  correlationId: string;
  at: string;
  evaluations: number;
  opened: number;
  resolved: number;
}

/**
 * Writes one scan to the history: evaluations, open findings, and the resolution of findings that
 * were open before and are gone now. `netwarden scan --record` and the scheduled scan call it.
 */
export async function recordScan(store: HistoryStore, input: RecordScanInput): Promise<RecordScanResult> {
  const newRecordId = input.newRecordId ?? randomUUID;
  const at = (input.now ?? new Date()).toISOString();
  const correlationId = `scan-${newRecordId()}`;
  const previouslyOpen: FindingRecord[] = [];
  for (const rule of input.rules) {
    const ruleFindings = [];
    for await (const r of store.iterate({ ruleId: rule.id, kinds: ['finding'] }, 1000)) ruleFindings.push(r);
    previouslyOpen.push(...openFindings(ruleFindings).values());
  }
  const records = buildScanRecords({
    snapshot: input.snapshot,
    rules: input.rules,
    findings: input.findings,
    previouslyOpen,
    at,
    correlationId,
    trigger: input.trigger ?? { source: 'scan' },
    newRecordId,
  });
  await store.appendAll(records);
  const count = (pred: (r: (typeof records)[number]) => boolean) => records.filter(pred).length;
  return {
    correlationId,
    at,
    evaluations: count((r) => r.kind === 'evaluation'),
    opened: count((r) => r.kind === 'finding' && r.status === 'open'),
    resolved: count((r) => r.kind === 'finding' && r.status === 'resolved'),
  };
}
