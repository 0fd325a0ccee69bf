import type { HistoryRecord, JsonValue } from './records';

function apiNames(actions: readonly JsonValue[]): string {
  const names = actions.map((a) =>
    typeof a === 'object' && a !== null && !Array.isArray(a) && typeof a.api === 'string' ? a.api : 'action',
  );
  return names.length === 0 ? 'no calls' : names.join(', ');
}

/** One line a person can read in a table row: what this record says happened. */
export function describeRecord(record: HistoryRecord): string {
  switch (record.kind) {
    case 'evaluation':
      return `${record.compliance} (${record.findingCount} finding${record.findingCount === 1 ? '' : 's'})`;
    case 'finding':
      return `${record.status} ${record.finding.severity}: ${record.finding.message}`;
    case 'decision': {
      const exemption = record.exemption
        ? `; exempt by ${record.exemption.owner} until ${record.exemption.expiresAt}`
        : '';
      const verification = record.verification
        ? `; verification ${record.verification.passed ? 'passed' : 'failed'}${
            record.verification.brokenIntents.length > 0
              ? ` (breaks ${record.verification.brokenIntents.join(', ')})`
              : ''
          }`
        : '';
      return `${record.outcome} (mode ${record.mode}): ${record.reason}${exemption}${verification}`;
    }
    case 'action':
      return `${record.status}: ${apiNames(record.actions)}${record.requestIds.length > 0 ? ` [${record.requestIds.join(', ')}]` : ''}`;
    case 'rollback':
      return `${record.status}: ${apiNames(record.actions)} undoing ${record.rollsBack}: ${record.reason}`;
    case 'error':
      return `${record.stage} failed: ${record.errorName}: ${record.message}`;
  }
}
