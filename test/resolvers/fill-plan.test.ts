import { fillIterations } from '../../src/domain';
import { alignAllocations } from '../../src/usecases/fill-plan';

describe('alignAllocations', () => {
  it('gives every iteration the same work types, 0% where a PI does not name one', () => {
    const current = { feature: 60, enabler: 30, legacy: 10 };
    const next = { feature: 50, enabler: 50 };
    const aligned = alignAllocations([current, next]);
    expect(aligned).toEqual([
      { feature: 60, enabler: 30, legacy: 10 },
      { feature: 50, enabler: 50, legacy: 0 },
    ]);
    // What the fill refused before: iterations of two PIs whose allocations name different work types.
    const plan = (allocations: Record<string, number>[]) =>
      fillIterations({
        items: [{ key: 'T-1', workType: 'feature', points: 3, ready: true, rank: 1, costOfDelay: 5, committedOrder: null }],
        iterations: allocations.map((allocation, i) => ({ id: `S${i + 1}`, capacity: 10, allocation })),
        allocation: allocations[0] as Record<string, number>,
      });
    expect(() => plan([current, next])).toThrow(/same work types/);
    expect(plan(aligned).iterations[0]?.keys).toEqual(['T-1']);
  });
});
