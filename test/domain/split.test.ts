import fc from 'fast-check';
import { checkSplitPlan, proposeSplit } from '../../src/domain';

describe('A proposed split has parts within the limit (case 11)', () => {
  it('34 points with a split limit of 16.5 is proposed as 13 + 13 + 8, never 17 + 17', () => {
    expect(proposeSplit(34, 16.5)).toEqual([13, 13, 8]);
  });

  it('every part is within the limit, the parts add up, and there are at least two', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.double({ min: 1, max: 60, noNaN: true }), (points, limit) => {
        const parts = proposeSplit(points, limit);
        expect(parts.length).toBeGreaterThanOrEqual(2);
        expect(checkSplitPlan('T-1', points, parts).valid).toBe(true);
        expect(parts.length).toBeLessThanOrEqual(10);
        if (points > limit && points <= 10 * Math.floor(limit)) for (const p of parts) expect(p).toBeLessThanOrEqual(limit);
      }),
    );
  });
});
