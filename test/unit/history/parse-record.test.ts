import { HistoryRecordError, parseHistoryRecord } from '../../../lambdas/core/history/parse-record';
import {
  actionRecord,
  decisionRecord,
  errorRecord,
  findingRecord,
  rollbackRecord,
} from '../../integ/history/record-fixtures';

describe('parseHistoryRecord', () => {
  it('accepts every kind of well-formed record unchanged', () => {
    // Prepare
    const records = [
      findingRecord('2026-11-20T10:00:00.000Z', 'f1'),
      decisionRecord('2026-11-20T10:00:00.000Z', 'd1'),
      actionRecord('2026-11-20T10:00:00.000Z', 'a1'),
      rollbackRecord('2026-11-20T10:00:00.000Z', 'r1', 'a1'),
      errorRecord('2026-11-20T10:00:00.000Z', 'x1'),
    ];

    // Act + Assess
    for (const r of records) expect(parseHistoryRecord(JSON.parse(JSON.stringify(r)), 'test')).toEqual(r);
  });

  it.each([
    [
      { ...errorRecord('2026-11-20T10:00:00.000Z', 'x1'), kind: 'verdict' },
      'src: $.kind: expected evaluation, finding',
    ],
    [{ ...errorRecord('2026-11-20T10:00:00Z', 'x1') }, 'src: $.at: expected an ISO-8601 UTC instant'],
    [
      { ...decisionRecord('2026-11-20T10:00:00.000Z', 'd1'), mode: 'yolo' },
      'src: $.mode: expected one of detect, notify, auto',
    ],
    [
      {
        ...decisionRecord('2026-11-20T10:00:00.000Z', 'd1'),
        exemption: { owner: 'a', reason: 'b', expiresAt: 'never', source: 'tag' },
      },
      'src: $.exemption.expiresAt: expected an ISO-8601 UTC instant',
    ],
    [{ ...actionRecord('2026-11-20T10:00:00.000Z', 'a1'), before: undefined }, 'src: $.before: expected a JSON value'],
    [
      { ...actionRecord('2026-11-20T10:00:00.000Z', 'a1'), requestIds: [1] },
      'src: $.requestIds: expected an array of strings',
    ],
    [
      {
        ...findingRecord('2026-11-20T10:00:00.000Z', 'f1'),
        finding: { ruleId: 'r', resourceId: 'x', resourceType: 'y', message: 'm', severity: 'urgent' },
      },
      'src: $.finding.severity: expected critical, high, medium, low or info',
    ],
  ])('refuses a malformed record naming the path (%#)', (value, message) => {
    // Act + Assess
    expect(() => parseHistoryRecord(value, 'src')).toThrow(HistoryRecordError);
    expect(() => parseHistoryRecord(value, 'src')).toThrow(message);
  });
});

describe('parseHistoryRecord on in-memory values', () => {
  it('treats an undefined property as absent, as JSON does, but refuses one inside an array', () => {
    // Prepare
    const withUndefined = {
      ...actionRecord('2026-11-20T10:00:00.000Z', 'a1'),
      after: { GroupId: 'sg-1', Description: undefined },
    };
    const inArray = { ...actionRecord('2026-11-20T10:00:00.000Z', 'a1'), actions: [undefined] };

    // Act + Assess
    expect(parseHistoryRecord(withUndefined, 'src')).toBe(withUndefined);
    expect(() => parseHistoryRecord(inArray, 'src')).toThrow('src: $.actions: expected a JSON value');
  });
});
