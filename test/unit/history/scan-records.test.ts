import { findingKey } from '../../../lambdas/core/findings/finding';
import { buildScanRecords } from '../../../lambdas/core/history/scan-records';
import { emptySnapshot } from '../../../lambdas/core/model/snapshot';
import { findingRecord, SSH_FINDING } from '../../integ/history/record-fixtures';

describe('buildScanRecords', () => {
  it('judges resources a finding names even when the snapshot lacks them, and resolves only what it re-examined', () => {
    // Prepare
    let n = 0;
    const snapshot = { ...emptySnapshot(), FlowLogs: [{ FlowLogId: 'fl-0123456789abcdef0', ResourceId: 'vpc-1' }] };
    const staleFlowLog = findingRecord('2026-11-01T00:00:00.000Z', 'old', {
      ruleId: 'flow-log-check',
      resourceId: 'fl-0123456789abcdef0',
      resourceType: 'AWS::EC2::FlowLog',
      severity: 'low',
      message: 'flow log is not delivering',
    });

    // Act
    const records = buildScanRecords({
      snapshot,
      rules: [
        { id: SSH_FINDING.ruleId, resourceType: 'AWS::EC2::SecurityGroup' },
        { id: 'flow-log-check', resourceType: 'AWS::EC2::FlowLog' },
      ],
      findings: [SSH_FINDING],
      previouslyOpen: [staleFlowLog],
      at: '2026-11-20T10:00:00.000Z',
      correlationId: 'scan-1',
      trigger: { source: 'cli' },
      newRecordId: () => `r${++n}`,
    });

    // Assess
    expect(
      records.map((r) => [
        r.kind,
        r.resourceId,
        r.kind === 'evaluation' ? r.compliance : r.kind === 'finding' ? r.status : '',
      ]),
    ).toEqual([
      ['evaluation', SSH_FINDING.resourceId, 'NON_COMPLIANT'],
      ['evaluation', 'fl-0123456789abcdef0', 'COMPLIANT'],
      ['finding', SSH_FINDING.resourceId, 'open'],
      ['finding', 'fl-0123456789abcdef0', 'resolved'],
    ]);
    expect(records[2]).toMatchObject({ findingKey: findingKey(SSH_FINDING), correlationId: 'scan-1', recordId: 'r3' });
  });
});
