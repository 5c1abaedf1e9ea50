import { DomainError, allocationView, backlogHealth, donePointsByType, fillIterations, percentile, sliceCapacity } from '../../src/domain';
import { issue } from './factories';

describe('backlogHealth', () => {
  const iterations = [
    { id: 'S1', start: '2026-10-01T00:00:00Z', end: '2026-10-15T00:00:00Z' },
    { id: 'S2', start: '2026-10-15T00:00:00Z', end: '2026-10-29T00:00:00Z' },
    { id: 'S3', start: '2026-10-29T00:00:00Z', end: '2026-11-12T00:00:00Z' },
    { id: 'S4', start: '2026-11-12T00:00:00Z', end: '2026-11-26T00:00:00Z' }, // running at `now`
  ];
  const now = '2026-11-20T00:00:00Z';
  const done = (key: string, created: string, resolved: string) => issue(key, { created, resolved, statusCategory: 'done' });
  const open = (key: string, created: string) => issue(key, { created });
  const items = [
    done('T-1', '2026-09-01T00:00:00Z', '2026-10-03T00:00:00Z'), // done in S1
    done('T-2', '2026-10-02T00:00:00Z', '2026-10-20T00:00:00Z'), // arrives S1, done S2
    done('T-3', '2026-10-16T00:00:00Z', '2026-10-21T00:00:00Z'), // arrives S2, done S2
    done('T-4', '2026-10-30T00:00:00Z', '2026-11-13T00:00:00Z'), // arrives S3, done S4
    open('T-5', '2026-10-30T00:00:00Z'), // arrives S3, 21 days old
    open('T-6', '2026-11-10T00:00:00Z'), // arrives S3, 10 days old
    open('T-7', '2026-11-19T00:00:00Z'), // arrives S4, 1 day old
    open('T-8', '2026-01-01T00:00:00Z'), // 323 days old
  ];

  it('counts arrivals and completions per iteration', () => {
    expect(backlogHealth(items, iterations, now).flow).toEqual([
      { id: 'S1', arrivals: 1, completions: 1 },
      { id: 'S2', arrivals: 1, completions: 2 },
      { id: 'S3', arrivals: 3, completions: 0 },
      { id: 'S4', arrivals: 1, completions: 1 },
    ]);
  });

  it('gives nearest-rank age percentiles of open items', () => {
    // Ages sorted: 1, 10, 21, 323 -> p50 = 2nd = 10, p85 = ceil(3.4) = 4th = 323, p95 = 4th.
    expect(backlogHealth(items, iterations, now).age).toEqual({ openItems: 4, p50: 10, p85: 323, p95: 323 });
  });

  it('burns the backlog at the throughput of the last three finished iterations', () => {
    // S1..S3 finished by now: (1 + 2 + 0) / 3 = 1 per iteration; 4 open -> 4 iterations.
    const health = backlogHealth(items, iterations, now);
    expect(health.throughput).toBe(1);
    expect(health.iterationsToBurn).toBe(4);
    expect(backlogHealth(items.filter((i) => i.statusCategory !== 'done'), iterations, now).iterationsToBurn).toBeNull();
  });

  it('rejects bad dates', () => {
    expect(() => backlogHealth([issue('T-1', { created: 'soon' })], iterations, now)).toThrow(DomainError);
    expect(() => backlogHealth([], [{ id: 'S1', start: '2026-10-15T00:00:00Z', end: '2026-10-01T00:00:00Z' }], now)).toThrow(/ends before/);
  });

  it('percentile: nearest rank, null for none', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 85)).toBe(9);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('allocationView', () => {
  it('with the iterations given, targets the sum of the slices the fill uses in each iteration', () => {
    const allocation = { feature: 50, improvement: 10, maintenance: 40 };
    const iterations = Array.from({ length: 6 }, () => 16.5);
    const rows = allocationView({ allocation, capacity: 99, iterationCapacities: iterations });
    const perIteration = sliceCapacity(16.5, allocation);
    for (const row of rows) expect(row.targetPoints).toBe(6 * (perIteration[row.workType] ?? 0));
    // A slice of the summed capacity rounds differently: what the Balance tab showed before.
    expect(sliceCapacity(99, allocation)).not.toEqual(Object.fromEntries(rows.map((r) => [r.workType, r.targetPoints])));
  });

  it('compares target, planned and actual per work type', () => {
    const allocation = { feature: 60, maintenance: 40 };
    const plan = fillIterations({
      items: [
        { key: 'F-1', workType: 'feature', points: 5, ready: true, rank: 1, costOfDelay: 5 },
        { key: 'F-2', workType: 'feature', points: 3, ready: true, rank: 2, costOfDelay: 5 },
        { key: 'M-3', workType: 'maintenance', points: 2, ready: true, rank: 3, costOfDelay: 5 },
      ],
      iterations: [{ id: 'S1', capacity: 10 }],
      allocation,
    });
    const actual = donePointsByType(
      [
        { key: 'F-9', workType: 'feature', points: 3, resolved: '2026-11-02T00:00:00Z', statusCategory: 'done' },
        { key: 'M-8', workType: 'maintenance', points: 1, resolved: '2026-11-03T00:00:00Z', statusCategory: 'done' },
        { key: 'X-7', workType: 'techDebt', points: 4, resolved: '2026-11-04T00:00:00Z', statusCategory: 'done' },
        { key: 'F-6', workType: 'feature', points: 8, resolved: '2026-10-01T00:00:00Z', statusCategory: 'done' }, // before
        { key: 'F-5', workType: 'feature', points: 8, resolved: null, statusCategory: 'indeterminate' },
      ],
      { start: '2026-11-01T00:00:00Z', end: '2026-11-15T00:00:00Z' },
    );
    expect(allocationView({ allocation, capacity: 10, plan, actual })).toEqual([
      { workType: 'feature', targetPercent: 60, targetPoints: 6, plannedPoints: 8, plannedPercent: 80, actualPoints: 3, actualPercent: 37.5 },
      { workType: 'maintenance', targetPercent: 40, targetPoints: 4, plannedPoints: 2, plannedPercent: 20, actualPoints: 1, actualPercent: 12.5 },
      { workType: 'techDebt', targetPercent: 0, targetPoints: 0, plannedPoints: 0, plannedPercent: 0, actualPoints: 4, actualPercent: 50 },
    ]);
  });
});
