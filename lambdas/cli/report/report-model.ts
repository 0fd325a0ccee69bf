import { openFindings } from '../../core/history/finding-status';
import {
  type ActionRecord,
  type Compliance,
  type DecisionRecord,
  type ErrorRecord,
  type Exemption,
  type FindingRecord,
  HISTORY_RECORD_KINDS,
  type HistoryRecord,
  type HistoryRecordKind,
  type RollbackRecord,
} from '../../core/history/records';
import { type DiffRow, diffJson } from './json-diff';

/** Compliance of one rule at the end of one day: the latest verdict of every resource it has judged. */
export interface CompliancePoint {
  day: string;
  compliant: number;
  nonCompliant: number;
  /** 0..100; a rule that judged no resource is 100% compliant. */
  percent: number;
}

export interface ComplianceSeries {
  ruleId: string;
  points: CompliancePoint[];
}

export interface OpenFinding {
  record: FindingRecord;
  firstSeen: string;
}

export interface ExemptionRow {
  decision: DecisionRecord;
  exemption: Exemption;
  expired: boolean;
  /** Whole days from the report's clock to the expiry (negative once expired). */
  daysLeft: number;
}

export interface ReportModel {
  title: string;
  since: string;
  until: string;
  generatedAt: string;
  counts: Record<HistoryRecordKind, number>;
  compliance: ComplianceSeries[];
  openFindings: OpenFinding[];
  decisions: DecisionRecord[];
  remediations: { record: ActionRecord; diff: DiffRow[] }[];
  exemptions: ExemptionRow[];
  rollbacks: { record: RollbackRecord; diff: DiffRow[] }[];
  errors: ErrorRecord[];
}

export interface ReportOptions {
  title: string;
  since: string;
  until: string;
  now: Date;
}

const byTime = (a: HistoryRecord, b: HistoryRecord): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;

function complianceSeries(evaluations: readonly HistoryRecord[]): ComplianceSeries[] {
  const byRule = new Map<string, HistoryRecord[]>();
  for (const r of evaluations) {
    if (r.kind !== 'evaluation') continue;
    const list = byRule.get(r.ruleId);
    if (list) list.push(r);
    else byRule.set(r.ruleId, [r]);
  }
  return [...byRule.keys()].sort().map((ruleId) => {
    const state = new Map<string, Compliance>();
    const points: CompliancePoint[] = [];
    const records = byRule.get(ruleId) ?? [];
    records.forEach((r, i) => {
      if (r.kind === 'evaluation') state.set(r.resourceId, r.compliance);
      const day = r.at.slice(0, 10);
      if (records[i + 1]?.at.slice(0, 10) === day) return;
      const verdicts = [...state.values()];
      const compliant = verdicts.filter((c) => c === 'COMPLIANT').length;
      const nonCompliant = verdicts.filter((c) => c === 'NON_COMPLIANT').length;
      const judged = compliant + nonCompliant;
      points.push({ day, compliant, nonCompliant, percent: judged === 0 ? 100 : (100 * compliant) / judged });
    });
    return { ruleId, points };
  });
}

/** What the auditor report shows, from the records of its period (any order). */
export function buildReportModel(records: readonly HistoryRecord[], options: ReportOptions): ReportModel {
  const sorted = [...records].sort(byTime);
  const counts = Object.fromEntries(HISTORY_RECORD_KINDS.map((k) => [k, 0])) as Record<HistoryRecordKind, number>;
  for (const r of sorted) counts[r.kind]++;

  const firstSeen = new Map<string, string>();
  for (const r of sorted) if (r.kind === 'finding' && !firstSeen.has(r.findingKey)) firstSeen.set(r.findingKey, r.at);
  const severityOrder = ['critical', 'high', 'medium', 'low', 'info'];
  const open = [...openFindings(sorted).values()]
    .map((record) => ({ record, firstSeen: firstSeen.get(record.findingKey) ?? record.at }))
    .sort(
      (a, b) =>
        severityOrder.indexOf(a.record.finding.severity) - severityOrder.indexOf(b.record.finding.severity) ||
        byTime(a.record, b.record),
    );

  const decisions = sorted.filter((r): r is DecisionRecord => r.kind === 'decision');
  const latestExemption = new Map<string, DecisionRecord>();
  for (const d of decisions) if (d.exemption) latestExemption.set(d.findingKey, d);
  const nowMs = options.now.getTime();
  const exemptions = [...latestExemption.values()]
    .map((decision) => {
      const exemption = decision.exemption!;
      const msLeft = Date.parse(exemption.expiresAt) - nowMs;
      return { decision, exemption, expired: msLeft <= 0, daysLeft: Math.floor(msLeft / 86_400_000) };
    })
    .sort((a, b) => (a.exemption.expiresAt < b.exemption.expiresAt ? -1 : 1));

  return {
    title: options.title,
    since: options.since,
    until: options.until,
    generatedAt: options.now.toISOString(),
    counts,
    compliance: complianceSeries(sorted),
    openFindings: open,
    decisions,
    remediations: sorted
      .filter((r): r is ActionRecord => r.kind === 'action')
      .map((record) => ({ record, diff: diffJson(record.before, record.after) })),
    exemptions,
    rollbacks: sorted
      .filter((r): r is RollbackRecord => r.kind === 'rollback')
      .map((record) => ({ record, diff: diffJson(record.before, record.after) })),
    errors: sorted.filter((r): r is ErrorRecord => r.kind === 'error'),
  };
}
