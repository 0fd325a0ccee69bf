import fc from 'fast-check';
import { daysCovering, fromHistoryItem, toHistoryItem, withRetention } from '../../../lambdas/core/history/keys';
import { actionRecord, evaluation } from '../../integ/history/record-fixtures';

describe('history keys', () => {
  it('puts a rule record in the resource, rule and day access patterns', () => {
    // Prepare
    const record = evaluation('2026-11-20T10:00:00.000Z', 'e1', 'sg-0a1b2c3d4e5f60718', 'sg-unattached', 'COMPLIANT');

    // Act
    const item = toHistoryItem(record);

    // Assess
    expect(item).toMatchObject({
      pk: 'RES#sg-0a1b2c3d4e5f60718',
      sk: '2026-11-20T10:00:00.000Z#e1',
      gsi1pk: 'RULE#sg-unattached',
      gsi1sk: '2026-11-20T10:00:00.000Z#e1',
      gsi2pk: 'DAY#2026-11-20',
      gsi2sk: '2026-11-20T10:00:00.000Z#e1',
      kind: 'evaluation',
    });
    expect(item.ttl).toBeUndefined();
    expect(fromHistoryItem({ ...item }, 'test')).toEqual(record);
  });

  it('leaves a record without a rule out of the rule index and sets ttl from retention', () => {
    // Prepare
    const { ruleId: _omitted, ...noRule } = actionRecord('2026-02-27T23:00:00.000Z', 'a1');

    // Act
    const item = toHistoryItem(withRetention(noRule, 2));

    // Assess
    expect(item.gsi1pk).toBeUndefined();
    expect(item.gsi1sk).toBeUndefined();
    expect(item.ttl).toBe(Date.parse('2026-03-01T23:00:00.000Z') / 1000);
    expect(JSON.parse(item.body).expiresAt).toBe('2026-03-01T23:00:00.000Z');
  });

  it('reports an unreadable item with its source', () => {
    // Act + Assess
    expect(() => fromHistoryItem({ body: '{"kind":' }, 'table t item RES#x')).toThrow(
      /^table t item RES#x: attribute body: not valid JSON/,
    );
    expect(() => fromHistoryItem({}, 'table t item RES#x')).toThrow(
      "table t item RES#x: attribute body: expected the record's JSON text",
    );
  });

  it('covers exactly the days an instant in [since, until) can fall on', () => {
    // Act + Assess
    expect(daysCovering('2026-02-27T12:00:00.000Z', '2026-03-01T00:00:00.000Z')).toEqual(['2026-02-27', '2026-02-28']);
    expect(daysCovering('2026-02-27T12:00:00.000Z', '2026-03-01T00:00:00.001Z')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('orders sort keys as it orders time (property)', () => {
    const instant = fc
      .date({
        min: new Date('2000-01-01T00:00:00.000Z'),
        max: new Date('2099-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
    const id = fc.stringMatching(/^[0-9a-f-]{1,36}$/);
    fc.assert(
      fc.property(instant, id, instant, id, (a, ida, b, idb) => {
        // Prepare
        const ka = toHistoryItem(evaluation(a, ida, 'sg-1', 'r', 'COMPLIANT')).sk;
        const kb = toHistoryItem(evaluation(b, idb, 'sg-1', 'r', 'COMPLIANT')).sk;

        // Assess
        if (Date.parse(a) < Date.parse(b)) expect(ka < kb).toBe(true);
        if (Date.parse(a) > Date.parse(b)) expect(ka > kb).toBe(true);
      }),
    );
  });
});
