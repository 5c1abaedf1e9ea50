import fc from 'fast-check';
import { DomainError, FillRequest, PlanItem, fillIterations } from '../../src/domain';
import { placement, requestArb } from './fillHelpers';

const item = (key: string, points: number, costOfDelay: number | null, extra: Partial<PlanItem> = {}): PlanItem => ({
  key,
  workType: 'feature',
  points,
  ready: true,
  rank: Number(key.replace(/\D/g, '')) || 0,
  costOfDelay,
  ...extra,
});
const iterations = [
  { id: 'S1', capacity: 10 },
  { id: 'S2', capacity: 10 },
  { id: 'S3', capacity: 10 },
];

describe('fillIterations: earliestIteration (a blocker planned outside the request)', () => {
  it.each(['greedy', 'optimal'] as const)('%s: the item goes no earlier than its earliest iteration, and as early as it fits from there', (mode) => {
    const req: FillRequest = {
      items: [item('A-1', 3, 20, { earliestIteration: 1 }), item('B-2', 3, 1)],
      iterations,
      allocation: { feature: 100 },
      mode,
    };
    const where = placement(fillIterations(req));
    expect(where.get('A-1')).toBe(1);
    expect(where.get('B-2')).toBe(0);
  });

  it('an earliest iteration beyond the plan leaves the item out as blocked', () => {
    const res = fillIterations({ items: [item('A-1', 3, 5, { earliestIteration: 3 })], iterations, allocation: { feature: 100 } });
    expect(res.leftOut).toEqual([{ key: 'A-1', reason: 'blocked' }]);
  });

  it('its dependents inherit it through the blocker', () => {
    const req: FillRequest = {
      items: [item('A-1', 3, 5, { earliestIteration: 2 }), item('B-2', 3, 30, { blockedBy: ['A-1'] })],
      iterations,
      allocation: { feature: 100 },
    };
    const where = placement(fillIterations(req));
    expect(where.get('A-1')).toBe(2);
    expect(where.get('B-2')).toBe(2);
  });

  it('refuses a negative or fractional earliest iteration', () => {
    for (const bad of [-1, 0.5, Number.NaN]) {
      expect(() => fillIterations({ items: [item('A-1', 3, 5, { earliestIteration: bad })], iterations, allocation: { feature: 100 } })).toThrow(DomainError);
    }
  });

  it('property: no planned item sits before its earliest iteration; every item appears once', () => {
    fc.assert(
      fc.property(
        requestArb({ maxItems: 14, minIterations: 1, maxIterations: 4, committed: true, blockers: true }),
        fc.array(fc.nat(4), { minLength: 14, maxLength: 14 }),
        fc.constantFrom('greedy' as const, 'optimal' as const),
        (base, earliestOf, mode) => {
          const req: FillRequest = { ...base, mode, items: base.items.map((it, i) => ({ ...it, earliestIteration: earliestOf[i] ?? 0 })) };
          const res = fillIterations(req);
          const where = placement(res);
          const seen = [...res.iterations.flatMap((it) => it.keys), ...res.leftOut.map((l) => l.key)];
          expect(seen.sort()).toEqual(req.items.map((it) => it.key).sort());
          for (const it of req.items) {
            const t = where.get(it.key);
            if (t !== undefined && t >= 0) expect(t).toBeGreaterThanOrEqual(it.earliestIteration ?? 0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
