import { HistoryQueryError, parseTimeBound, planQuery } from '../../../lambdas/core/history/query';

describe('planQuery', () => {
  it('reads a resource partition, filtering on the rule when both are named', () => {
    // Act
    const [segment, ...rest] = planQuery({
      resourceId: 'sg-1',
      ruleId: 'sg-unattached',
      since: '2026-11-01T00:00:00.000Z',
    });

    // Assess
    expect(rest).toEqual([]);
    expect(segment).toEqual({
      partitionKeyName: 'pk',
      partitionValue: 'RES#sg-1',
      sortKeyName: 'sk',
      since: '2026-11-01T00:00:00.000Z',
      filter: { ruleId: 'sg-unattached' },
      ascending: true,
    });
  });

  it('reads the rule index for a rule', () => {
    // Act
    const segments = planQuery({ ruleId: 'sg-unattached', kinds: ['evaluation'], order: 'desc' });

    // Assess
    expect(segments).toEqual([
      {
        indexName: 'gsi1',
        partitionKeyName: 'gsi1pk',
        partitionValue: 'RULE#sg-unattached',
        sortKeyName: 'gsi1sk',
        filter: { kinds: ['evaluation'] },
        ascending: false,
      },
    ]);
  });

  it('reads one day partition per day of a range, newest day first for desc', () => {
    // Act
    const asc = planQuery({ since: '2026-11-29T08:00:00.000Z', until: '2026-12-01T00:00:00.000Z' });
    const desc = planQuery({ since: '2026-11-29T08:00:00.000Z', until: '2026-12-01T00:00:00.000Z', order: 'desc' });

    // Assess
    expect(asc.map((s) => `${s.indexName} ${s.partitionValue}`)).toEqual([
      'gsi2 DAY#2026-11-29',
      'gsi2 DAY#2026-11-30',
    ]);
    expect(desc.map((s) => s.partitionValue)).toEqual(['DAY#2026-11-30', 'DAY#2026-11-29']);
  });

  it.each([
    [{}, 'without a resource or a rule, both since and until are required'],
    [{ since: '2026-11-01T00:00:00.000Z' }, 'both since and until are required'],
    [{ resourceId: 'sg-1', since: '2026-11-01' }, 'query.since: expected an ISO-8601 UTC instant'],
    [{ ruleId: 'r', since: '2026-11-02T00:00:00.000Z', until: '2026-11-01T00:00:00.000Z' }, 'must be before until'],
    [{ ruleId: 'r', kinds: [] }, 'query.kinds: expected at least one kind'],
    [{ since: '1970-01-01T00:00:00.000Z', until: '2026-11-01T00:00:00.000Z' }, 'at most 3700 are allowed'],
  ])('refuses %j', (query, message) => {
    // Act + Assess
    expect(() => planQuery(query)).toThrow(HistoryQueryError);
    expect(() => planQuery(query)).toThrow(message);
  });
});

describe('parseTimeBound', () => {
  it('reads days as whole days and instants with a zone', () => {
    // Act + Assess
    expect(parseTimeBound('2026-11-01', 'since', '--since')).toBe('2026-11-01T00:00:00.000Z');
    expect(parseTimeBound('2026-11-01', 'until', '--until')).toBe('2026-11-02T00:00:00.000Z');
    expect(parseTimeBound('2026-11-01T08:00:00+02:00', 'since', '--since')).toBe('2026-11-01T06:00:00.000Z');
  });

  it.each(['2026-02-30', '2026-11-01T08:00:00', 'yesterday', '01/11/2026'])('refuses %s naming the input', (text) => {
    // Act + Assess
    expect(() => parseTimeBound(text, 'since', '--since')).toThrow(
      new RegExp(`^--since: .*${text.replace(/[/]/g, '\\/')}`),
    );
  });
});
