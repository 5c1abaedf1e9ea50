import fc from 'fast-check';
import { fillBothModes, fillIterations, type FillRequest } from '../../src/domain';
import { largeMixedRequest } from '../../bench/fillRequests';
import { requestArb } from './fillHelpers';

/**
 * The panel plans both modes of one request; `fillBothModes` builds the model and the greedy plan once for
 * both. Its answers must be exactly what two `fillIterations` calls give (same items, iterations, order,
 * left-out reasons, cost, late stories).
 */
const separately = (req: FillRequest) => ({
  greedy: fillIterations({ ...req, mode: 'greedy' }),
  optimal: fillIterations({ ...req, mode: 'optimal' }),
});

describe('fillBothModes', () => {
  it('gives the same greedy and optimal plans as two fillIterations calls, on random requests', () => {
    const shapes = [
      { maxItems: 12, minIterations: 1, maxIterations: 3, committed: true, blockers: true, reserved: true },
      { maxItems: 40, minIterations: 1, maxIterations: 6, committed: true, blockers: true },
      { maxItems: 80, minIterations: 2, maxIterations: 4, committed: false, blockers: false },
    ];
    for (const shape of shapes) {
      fc.assert(
        fc.property(requestArb(shape), (req) => {
          expect(fillBothModes(req)).toEqual(separately(req));
        }),
        { numRuns: 150, seed: 16 },
      );
    }
  });

  it('gives the same plans on large mixed backlogs (borrowing and not, local search and its step budget)', () => {
    for (const [items, capacity, seed] of [[3000, 40, 7], [3000, 1000, 11], [6000, 300, 982_451_653]] as const) {
      for (const borrowUnused of [true, false]) {
        const req = { ...largeMixedRequest(items, 6, capacity, seed), borrowUnused };
        expect(fillBothModes(req)).toEqual(separately(req));
      }
    }
  });

  it('reports a bad request as fillIterations does', () => {
    const req: FillRequest = { items: [], iterations: [], allocation: { feature: 100 } };
    expect(() => fillBothModes(req)).toThrow(/no iteration to plan/);
  });
});
