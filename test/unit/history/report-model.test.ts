import { buildReportModel } from '../../../lambdas/cli/report/report-model';
import { decisionRecord, evaluation, findingRecord } from '../../integ/history/record-fixtures';

const OPTIONS = {
  title: 't',
  since: '2026-11-01T00:00:00.000Z',
  until: '2026-11-30T00:00:00.000Z',
  now: new Date('2026-11-20T00:00:00.000Z'),
};

describe('buildReportModel', () => {
  it('carries each resource’s latest verdict across days, one point per day with evaluations', () => {
    // Prepare
    const records = [
      evaluation('2026-11-02T10:00:00.000Z', 'e1', 'sg-a', 'r', 'NON_COMPLIANT'),
      evaluation('2026-11-02T10:00:00.000Z', 'e2', 'sg-b', 'r', 'COMPLIANT'),
      evaluation('2026-11-02T11:00:00.000Z', 'e3', 'sg-c', 'r', 'NOT_APPLICABLE'),
      evaluation('2026-11-05T10:00:00.000Z', 'e4', 'sg-a', 'r', 'COMPLIANT'),
      evaluation('2026-11-06T10:00:00.000Z', 'e5', 'sg-b', 'r', 'NON_COMPLIANT'),
    ];

    // Act
    const model = buildReportModel([...records].reverse(), OPTIONS);

    // Assess
    expect(model.compliance).toEqual([
      {
        ruleId: 'r',
        points: [
          { day: '2026-11-02', compliant: 1, nonCompliant: 1, percent: 50 },
          { day: '2026-11-05', compliant: 2, nonCompliant: 0, percent: 100 },
          { day: '2026-11-06', compliant: 1, nonCompliant: 1, percent: 50 },
        ],
      },
    ]);
    expect(model.counts).toEqual({ evaluation: 5, finding: 0, decision: 0, action: 0, rollback: 0, error: 0 });
  });

  it('keeps a finding open until a later resolved record, and shows the latest exemption per finding', () => {
    // Prepare
    const opened = findingRecord('2026-11-02T10:00:00.000Z', 'f1');
    const seenAgain = findingRecord('2026-11-03T10:00:00.000Z', 'f2');
    const exemptOld = {
      ...decisionRecord('2026-11-02T10:00:00.000Z', 'd1'),
      exemption: { owner: 'a', reason: 'r', expiresAt: '2026-11-10T00:00:00.000Z', source: 'tag' as const },
    };
    const exemptNew = {
      ...decisionRecord('2026-11-04T10:00:00.000Z', 'd2'),
      exemption: { owner: 'b', reason: 'r', expiresAt: '2026-11-25T12:00:00.000Z', source: 'config' as const },
    };

    // Act
    const open = buildReportModel([seenAgain, opened, exemptNew, exemptOld], OPTIONS);
    const closed = buildReportModel([opened, { ...seenAgain, status: 'resolved' }], OPTIONS);

    // Assess
    expect(open.openFindings).toEqual([{ record: seenAgain, firstSeen: '2026-11-02T10:00:00.000Z' }]);
    expect(closed.openFindings).toEqual([]);
    expect(open.exemptions.map((e) => [e.exemption.owner, e.expired, e.daysLeft])).toEqual([['b', false, 5]]);
  });
});
