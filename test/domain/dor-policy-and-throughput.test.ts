import { checkReady, meanThroughput, readyPolicyFrom, splitPolicyFrom, type BacklogItem } from '../../src/domain';

const dor = { requireEstimate: true, requireWithinSplitLimit: true, requireAcceptanceCriteria: false, requireNoExternalBlocker: false, requireWsjfForLocal: false };

describe('the readiness policy follows the team DoR', () => {
  it('with "within split limit" on, an item over the limit (or over the share of the iteration) is not ready', () => {
    const policy = readyPolicyFrom(dor, { fractionOfCapacity: 0.5, maxPoints: 8 });
    expect(policy).toMatchObject({ requireEstimate: true, splitLimit: 8, splitAtHalfIteration: true, splitFractionOfCapacity: 0.5 });
    const item = { key: 'T-1', points: 13, source: 'local', links: [], wsjfParts: {}, acceptanceCriteria: 'x' } as unknown as BacklogItem;
    expect(checkReady(item, policy, 40).gaps.map((g) => g.type)).toEqual(['overSplitLimit']);
  });

  it('with it off, no size makes an item not ready, while refinement still lists split candidates', () => {
    const policy = readyPolicyFrom({ ...dor, requireWithinSplitLimit: false }, { fractionOfCapacity: 0.5, maxPoints: 8 });
    expect(policy).toMatchObject({ splitLimit: null, splitAtHalfIteration: false });
    expect(splitPolicyFrom({ fractionOfCapacity: 0.4, maxPoints: 8 })).toEqual({ splitLimit: 8, splitAtHalfIteration: true, splitFractionOfCapacity: 0.4 });
  });
});

describe('meanThroughput', () => {
  it('is the mean completions of the last three iterations, 0 without any', () => {
    expect(meanThroughput([9, 3, 6, 12])).toBe(7);
    expect(meanThroughput([4])).toBe(4);
    expect(meanThroughput([])).toBe(0);
    expect(meanThroughput([1, 2, 3, 4, 5], 2)).toBe(4.5);
  });
});
