import { describeRecord } from '../../core/history/describe-record';
import type { HistoryRecord } from '../../core/history/records';

/** Aligned columns for people; the last column (what happened) is never cut. */
export function historyTable(records: readonly HistoryRecord[]): string {
  const rows = [
    ['TIME', 'KIND', 'RESOURCE', 'RULE', 'WHAT HAPPENED'],
    ...records.map((r) => [r.at, r.kind, r.resourceId, r.ruleId ?? '-', describeRecord(r)]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]!) : cell))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

/**
 * RFC 4180 quoting, and a leading apostrophe on cells a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR): auditors open these files in spreadsheets, and resource names are not trusted.
 */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const HISTORY_CSV_COLUMNS = [
  'at',
  'kind',
  'resourceId',
  'ruleId',
  'recordId',
  'correlationId',
  'summary',
  'record',
] as const;

/** One row per record; the `record` column holds the whole record as JSON so nothing is lost. */
export function historyCsv(records: readonly HistoryRecord[]): string {
  const lines = [HISTORY_CSV_COLUMNS.join(',')];
  for (const r of records) {
    lines.push(
      [
        r.at,
        r.kind,
        r.resourceId,
        r.ruleId ?? '',
        r.recordId,
        r.correlationId ?? '',
        describeRecord(r),
        JSON.stringify(r),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
