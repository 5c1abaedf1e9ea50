import fc from 'fast-check';
import { DomainError, comparePriority, costOfDelay, toFibonacciScale, wsjf } from '../../src/domain';

describe('costOfDelay and wsjf', () => {
  // A SAFe-style WSJF table, computed by hand:
  //   feature      BV  TC  RR  CoD  size  WSJF
  //   Checkout      8   8   3   19     5   3.8
  //   Search       13   3   2   18     8   2.25
  //   Export        3   2   1    6     1   6
  //   Audit log     1  13   5   19    13   1.4615...
  //   SSO           5   5  13   23    20   1.15
  const table = [
    { name: 'Checkout', businessValue: 8, timeCriticality: 8, riskReduction: 3, jobSize: 5, cod: 19, score: 3.8 },
    { name: 'Search', businessValue: 13, timeCriticality: 3, riskReduction: 2, jobSize: 8, cod: 18, score: 2.25 },
    { name: 'Export', businessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 1, cod: 6, score: 6 },
    { name: 'Audit log', businessValue: 1, timeCriticality: 13, riskReduction: 5, jobSize: 13, cod: 19, score: 19 / 13 },
    { name: 'SSO', businessValue: 5, timeCriticality: 5, riskReduction: 13, jobSize: 20, cod: 23, score: 1.15 },
  ];

  it.each(table)('$name: CoD $cod, WSJF $score', (row) => {
    expect(costOfDelay(row)).toBe(row.cod);
    expect(wsjf(row)).toBeCloseTo(row.score, 10);
  });

  it('orders the table Export, Checkout, Search, Audit log, SSO', () => {
    const keys = table.map((r, i) => ({ key: r.name, rank: i, costOfDelay: r.cod, jobSize: r.jobSize }));
    expect([...keys].sort(comparePriority).map((k) => k.key)).toEqual(['Export', 'Checkout', 'Search', 'Audit log', 'SSO']);
  });

  it.each([
    [{ businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 0 }, 'invalidJobSize'],
    [{ businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: -3 }, 'invalidJobSize'],
    [{ businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: NaN }, 'invalidJobSize'],
    [{ businessValue: -1, timeCriticality: 1, riskReduction: 1, jobSize: 3 }, 'invalidNumber'],
    [{ businessValue: 1, timeCriticality: NaN, riskReduction: 1, jobSize: 3 }, 'invalidNumber'],
    [{ businessValue: 1, timeCriticality: 1, riskReduction: Infinity, jobSize: 3 }, 'invalidNumber'],
  ])('rejects %j with %s', (input, code) => {
    expect(() => wsjf(input)).toThrow(DomainError);
    try {
      wsjf(input);
    } catch (e) {
      expect((e as DomainError).code).toBe(code);
      expect((e as DomainError).message.length).toBeGreaterThan(10);
    }
  });
});

describe('comparePriority tie-breaks', () => {
  const sorted = (items: Parameters<typeof comparePriority>[0][]) => [...items].sort(comparePriority).map((i) => i.key);

  it('equal WSJF: higher cost of delay first, then smaller job size, then rank', () => {
    expect(
      sorted([
        { key: 'A', rank: 0, costOfDelay: 4, jobSize: 2 }, // 2
        { key: 'B', rank: 1, costOfDelay: 8, jobSize: 4 }, // 2, higher CoD
        { key: 'C', rank: 3, costOfDelay: 4, jobSize: 2 }, // 2, same as A, later rank
      ]),
    ).toEqual(['B', 'A', 'C']);
  });

  it('committed items first in committed order, unscored last by rank', () => {
    expect(
      sorted([
        { key: 'U2', rank: 2, costOfDelay: null, jobSize: 3 },
        { key: 'L', rank: 5, costOfDelay: 1, jobSize: 8 },
        { key: 'C2', rank: 9, committedOrder: 2, costOfDelay: null },
        { key: 'U1', rank: 1, costOfDelay: 5, jobSize: null },
        { key: 'C1', rank: 7, committedOrder: 1, costOfDelay: 1, jobSize: 1 },
      ]),
    ).toEqual(['C1', 'C2', 'L', 'U1', 'U2']);
  });
});

describe('toFibonacciScale', () => {
  it('divides by the smallest positive value and snaps to 1,2,3,5,8,13,20', () => {
    // smallest = 4: ratios 1, 2.5 (tie -> 3), 4 (tie between 3 and 5 -> 5), 1.75 (-> 2), 6.5 (tie -> 8), 100 (cap 20)
    expect(toFibonacciScale([4, 10, 16, 7, 26, 400])).toEqual([1, 3, 5, 2, 8, 20]);
  });

  it('keeps 0 as 0 and handles all zeros and empty input', () => {
    expect(toFibonacciScale([0, 3, 9])).toEqual([0, 1, 3]);
    expect(toFibonacciScale([0, 0])).toEqual([0, 0]);
    expect(toFibonacciScale([])).toEqual([]);
  });

  it('rejects negative and NaN values', () => {
    expect(() => toFibonacciScale([1, -2])).toThrow(DomainError);
    expect(() => toFibonacciScale([NaN])).toThrow(DomainError);
  });
});

describe('toFibonacciScale properties', () => {
  it('maps onto the scale, keeps order, and gives the smallest positive value 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { maxLength: 12 }), (values) => {
        const scaled = toFibonacciScale(values);
        expect(scaled).toHaveLength(values.length);
        values.forEach((v, i) => {
          expect(v === 0 ? scaled[i] === 0 : [1, 2, 3, 5, 8, 13, 20].includes(scaled[i])).toBe(true);
          values.forEach((w, j) => {
            if (v < w) expect(scaled[i]).toBeLessThanOrEqual(scaled[j]);
          });
        });
        const positives = values.filter((v) => v > 0);
        if (positives.length) expect(scaled[values.indexOf(Math.min(...positives))]).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
