import fc from 'fast-check';
import { PortRangeError, PortSet } from '../../../lambdas/core/net/port-set';
import { naiveIntersect, naiveSubset, naiveSubtract, naiveUnion, PORT_WINDOW, portSetArb } from './arbitraries';

function expectModel(set: PortSet, model: Set<number>): void {
  for (let p = 0; p < PORT_WINDOW; p++) {
    if (set.contains(p) !== model.has(p)) throw new Error(`port ${p}: model says ${model.has(p)} (set ${set})`);
  }
  expect(set.count()).toBe(model.size);
  expect(set.isEmpty()).toBe(model.size === 0);
}

describe('PortSet examples', () => {
  it.each([
    [PortSet.single(22), '22'],
    [PortSet.range(80, 443), '80-443'],
    [PortSet.single(22).union(PortSet.range(80, 443)), '22,80-443'],
    [PortSet.range(0, 65535), 'all'],
    [PortSet.range(0, 1000).union(PortSet.range(1001, 65535)), 'all'],
    [PortSet.empty(), 'none'],
    [PortSet.range(10, 20).subtract(PortSet.range(10, 20)), 'none'],
  ])('writes %s as %s', (set, text) => {
    // Prepare
    const expected = text;

    // Act
    const written = set.toString();

    // Assess
    expect(written).toBe(expected);
    expect(PortSet.parse(written).equals(set)).toBe(true);
  });

  it('knows when it holds every port', () => {
    // Prepare
    const halves = PortSet.fromRanges([
      [32768, 65535],
      [0, 32767],
    ]);

    // Act
    const all = halves.isAll();

    // Assess
    expect(all).toBe(true);
    expect(PortSet.all().count()).toBe(65536);
    expect(PortSet.all().subtract(PortSet.single(0)).isAll()).toBe(false);
    expect(PortSet.all().subtract(PortSet.single(65535)).ranges()).toEqual([[0, 65534]]);
  });

  it('merges adjacent and overlapping ranges given in any order', () => {
    // Prepare
    const ranges: [number, number][] = [
      [443, 443],
      [20, 22],
      [23, 25],
      [80, 100],
      [90, 110],
    ];

    // Act
    const set = PortSet.fromRanges(ranges);

    // Assess
    expect(set.ranges()).toEqual([
      [20, 25],
      [80, 110],
      [443, 443],
    ]);
    expect(set.first()).toBe(20);
    expect(PortSet.empty().first()).toBeUndefined();
  });

  it.each([
    () => PortSet.single(65536),
    () => PortSet.single(-1),
    () => PortSet.single(2.5),
    () => PortSet.range(10, 9),
    () => PortSet.fromRanges([[5, 70000]]),
    () => PortSet.parse('22,abc'),
    () => PortSet.parse('70000'),
  ])('rejects bad ports with a PortRangeError (%#)', (attempt) => {
    // Prepare / Act / Assess
    expect(attempt).toThrow(PortRangeError);
  });
});

describe('PortSet against a naive model (ports 0..300)', () => {
  it('agrees with the model on every operation', () => {
    fc.assert(
      fc.property(portSetArb, portSetArb, ({ set: a, model: ma }, { set: b, model: mb }) => {
        // Prepare
        expectModel(a, ma);

        // Act
        const union = a.union(b);
        const inter = a.intersect(b);
        const diff = a.subtract(b);

        // Assess
        expectModel(union, naiveUnion(ma, mb));
        expectModel(inter, naiveIntersect(ma, mb));
        expectModel(diff, naiveSubtract(ma, mb));
        expect(a.isSupersetOf(b)).toBe(naiveSubset(mb, ma));
        expect(a.overlaps(b)).toBe(naiveIntersect(ma, mb).size > 0);
        expect(a.equals(b)).toBe(naiveSubset(ma, mb) && naiveSubset(mb, ma));
        expect(a.first()).toBe(ma.size === 0 ? undefined : Math.min(...ma));
      }),
    );
  });

  it('obeys the set laws', () => {
    fc.assert(
      fc.property(portSetArb, portSetArb, portSetArb, ({ set: a }, { set: b }, { set: c }) => {
        // Prepare
        const all = PortSet.all();

        // Act
        const union = a.union(b);
        const inter = a.intersect(b);

        // Assess
        expect(union.equals(b.union(a))).toBe(true);
        expect(inter.equals(b.intersect(a))).toBe(true);
        expect(all.subtract(union).equals(all.subtract(a).intersect(all.subtract(b)))).toBe(true);
        expect(all.subtract(inter).equals(all.subtract(a).union(all.subtract(b)))).toBe(true);
        expect(a.subtract(b).intersect(b).isEmpty()).toBe(true);
        expect(union.isSupersetOf(a)).toBe(true);
        expect(a.union(b.union(c)).equals(union.union(c))).toBe(true);
        expect(a.intersect(b.union(c)).equals(inter.union(a.intersect(c)))).toBe(true);
        expect(all.subtract(all.subtract(a)).equals(a)).toBe(true);
      }),
    );
  });

  it('round-trips through its text form', () => {
    fc.assert(
      fc.property(portSetArb, ({ set }) => {
        // Prepare
        const text = set.toString();

        // Act
        const back = PortSet.parse(text);

        // Assess
        expect(back.equals(set)).toBe(true);
        expect(PortSet.fromRanges(set.ranges()).equals(set)).toBe(true);
      }),
    );
  });
});
