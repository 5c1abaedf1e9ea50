import fc from 'fast-check';
import { DomainError, FillRequest, PlanItem, fillIterations, sliceCapacity } from '../../src/domain';
import { bruteForceOptimum, crowdedOut, expectBothModesValid, expectValidFill, placement, requestArb } from './fillHelpers';

const item = (key: string, workType: string, points: number | null, costOfDelay: number | null, extra: Partial<PlanItem> = {}): PlanItem => ({
  key,
  workType,
  points,
  ready: true,
  rank: Number(key.replace(/\D/g, '')) || 0,
  costOfDelay,
  ...extra,
});
const allocation = { feature: 60, maintenance: 40 };

describe('fillIterations: worked examples', () => {
  it('greedy takes WSJF order into the earliest iteration that fits', () => {
    // WSJF: B 9/3 = 3, A 10/5 = 2, C 8/8 = 1, D unscored (last).
    // Capacity 10: B -> S1 (3), A -> S1 (8), C does not fit S1 -> S2 (8), D (2) -> S1 (10).
    // Cost: B 9 x 1 + A 10 x 1 + C 8 x 2 + D 0 = 35.
    const req: FillRequest = {
      items: [item('A-1', 'feature', 5, 10), item('B-2', 'feature', 3, 9), item('C-3', 'maintenance', 8, 8), item('D-4', 'maintenance', 2, null)],
      iterations: [
        { id: 'S1', capacity: 10 },
        { id: 'S2', capacity: 10 },
      ],
      allocation,
      mode: 'greedy',
    };
    const res = fillIterations(req);
    expect(res.iterations).toEqual([
      { id: 'S1', keys: ['B-2', 'A-1', 'D-4'], points: 10, pointsByType: { feature: 8, maintenance: 2 } },
      { id: 'S2', keys: ['C-3'], points: 8, pointsByType: { feature: 0, maintenance: 8 } },
    ]);
    expect(res.leftOut).toEqual([]);
    expect(res.costOfDelay).toBe(35);
  });

  it('optimal beats greedy where WSJF order wastes capacity', () => {
    // One iteration of 10. Greedy: X (WSJF 2) first, then Y and Z (5 each) no longer fit:
    //   12 x 1 + 9 x 2 + 9 x 2 = 48. Optimal: Y + Z = 10 points: 9 + 9 + 12 x 2 = 42.
    const req: FillRequest = {
      items: [item('X-1', 'feature', 6, 12), item('Y-2', 'feature', 5, 9), item('Z-3', 'feature', 5, 9)],
      iterations: [{ id: 'S1', capacity: 10 }],
      allocation,
    };
    const greedy = fillIterations({ ...req, mode: 'greedy' });
    expect(greedy.costOfDelay).toBe(48);
    expect(greedy.leftOut).toEqual([
      { key: 'Y-2', reason: 'noCapacity' },
      { key: 'Z-3', reason: 'noCapacity' },
    ]);
    const optimal = fillIterations(req);
    expect(optimal.costOfDelay).toBe(42);
    expect(optimal.iterations[0].keys.sort()).toEqual(['Y-2', 'Z-3']);
    expect(optimal.leftOut).toEqual([{ key: 'X-1', reason: 'noCapacity' }]);
  });

  it('gives every left-out item its reason', () => {
    const req: FillRequest = {
      items: [
        item('N-1', 'feature', 3, 5, { ready: false }),
        item('U-2', 'feature', null, 5),
        item('B-3', 'feature', 13, 5),
        item('K-4', 'feature', 2, 5, { blockedBy: ['OTHER-9'] }),
        item('F-5', 'feature', 8, 5),
        item('G-6', 'feature', 8, 4),
      ],
      iterations: [{ id: 'S1', capacity: 10 }],
      allocation,
    };
    for (const mode of ['greedy', 'optimal'] as const) {
      const res = fillIterations({ ...req, mode });
      expect(res.iterations[0].keys).toEqual(['F-5']);
      expect(Object.fromEntries(res.leftOut.map((l) => [l.key, l.reason]))).toEqual({
        'N-1': 'notReady',
        'U-2': 'unestimated',
        'B-3': 'tooBig',
        'K-4': 'blocked',
        'G-6': 'noCapacity',
      });
    }
  });

  it('without borrowing keeps each type within its slice', () => {
    // Capacity 10 at 60/40: feature slice 6, maintenance slice 4.
    const req: FillRequest = {
      items: [item('F-1', 'feature', 5, 20), item('F-2', 'feature', 3, 10), item('M-3', 'maintenance', 3, 1)],
      iterations: [
        { id: 'S1', capacity: 10 },
        { id: 'S2', capacity: 10 },
      ],
      allocation,
      borrowUnused: false,
    };
    const res = fillIterations(req);
    expect(res.iterations[0].keys.sort()).toEqual(['F-1', 'M-3']);
    expect(res.iterations[1].keys).toEqual(['F-2']);
    // With borrowing the plan is the same: F-2 would need 2 of maintenance's 4 points, but M-3 (3 points)
    // fits maintenance's slice, so they are not unused, even though F-2's cost of delay is higher.
    for (const mode of ['greedy', 'optimal'] as const) {
      expect(placement(fillIterations({ ...req, borrowUnused: true, mode }))).toEqual(placement(res));
    }
    // Without M-3 nothing of maintenance's can use its slice: F-2 borrows 2 of its points.
    const noMaintenance = { ...req, items: req.items.slice(0, 2), borrowUnused: true };
    expect(fillIterations(noMaintenance).iterations[0].keys).toEqual(['F-1', 'F-2']);
  });

  it('plans a blocker no later than what it blocks, and never the item first', () => {
    // B-2 (high CoD) waits on A-1 (unscored); A-1 is pulled forward with it.
    const req: FillRequest = {
      items: [item('A-1', 'feature', 5, null), item('B-2', 'feature', 5, 30, { blockedBy: ['A-1'] }), item('C-3', 'feature', 5, 10)],
      iterations: [
        { id: 'S1', capacity: 10 },
        { id: 'S2', capacity: 10 },
      ],
      allocation,
    };
    for (const mode of ['greedy', 'optimal'] as const) {
      const where = placement(fillIterations({ ...req, mode }));
      expect(where.get('A-1')).toBe(0);
      expect(where.get('B-2')).toBe(0);
      expect(where.get('C-3')).toBe(1);
    }
  });

  it('leaves a blocker cycle and what waits on it blocked, and plans the rest', () => {
    const req: FillRequest = {
      items: [
        item('A-1', 'feature', 1, 5, { blockedBy: ['B-2'] }),
        item('B-2', 'feature', 1, 5, { blockedBy: ['A-1'] }),
        item('S-3', 'feature', 1, 5, { blockedBy: ['S-3'] }),
        item('D-4', 'feature', 1, 5, { blockedBy: ['A-1'] }),
        item('E-5', 'feature', 1, 5),
      ],
      iterations: [{ id: 'S1', capacity: 10 }],
      allocation,
    };
    for (const mode of ['greedy', 'optimal'] as const) {
      const res = fillIterations({ ...req, mode });
      expect(res.iterations[0].keys).toEqual(['E-5']);
      expect(res.leftOut.map((l) => l.reason)).toEqual(['blocked', 'blocked', 'blocked', 'blocked']);
      expectValidFill(req, res);
    }
  });

  it('plans committed stories first, first-fit in committed order, even unscored', () => {
    // Committed C-1 (order 1, 6 pts) and C-2 (order 2, 6 pts) are unscored; L-3 has a high CoD.
    // Committed first: C-1 -> S1, C-2 cannot go to S1 (12 > 10) -> S2, C-4 (2) fits S1; L-3 (4) then S2.
    const req: FillRequest = {
      items: [
        item('C-2', 'feature', 6, null, { committedOrder: 2 }),
        item('C-1', 'feature', 6, null, { committedOrder: 1 }),
        item('L-3', 'feature', 4, 50),
        item('C-4', 'feature', 2, null, { committedOrder: 3 }),
      ],
      iterations: [
        { id: 'S1', capacity: 10 },
        { id: 'S2', capacity: 10 },
      ],
      allocation,
    };
    for (const mode of ['greedy', 'optimal'] as const) {
      const where = placement(fillIterations({ ...req, mode }));
      expect(where.get('C-1')).toBe(0);
      expect(where.get('C-2')).toBe(1);
      // First fit: C-4 lands in S1, where C-2 did not fit (DOMAIN.md: committed order binds by what comes first).
      expect(where.get('C-4')).toBe(0);
      expect(where.get('L-3')).toBe(1);
    }
  });
  it('a committed story blocking an earlier one is pulled forward with it; the next one takes the first room it fits', () => {
    // C-1 (order 1) waits on C-3 (order 2, ranked after C-2): C-3 is pulled forward into S1 with C-1.
    // C-2 (order 2) does not fit S1 (full) nor S2 (0): it goes to S3, first fit.
    const req: FillRequest = {
      items: [
        item('C-1', 'feature', 0, null, { committedOrder: 1, blockedBy: ['C-3'] }),
        item('C-2', 'feature', 1, null, { committedOrder: 2 }),
        item('C-3', 'feature', 3, null, { committedOrder: 2 }),
      ],
      iterations: [
        { id: 'S1', capacity: 3 },
        { id: 'S2', capacity: 0 },
        { id: 'S3', capacity: 1 },
      ],
      allocation,
    };
    for (const mode of ['greedy', 'optimal'] as const) {
      const res = fillIterations({ ...req, mode });
      expect(res.iterations.map((i) => i.keys)).toEqual([['C-1', 'C-3'], [], ['C-2']]);
      expect(res.leftOut).toEqual([]);
      expectValidFill(req, res);
    }
  });
});

describe('fillIterations: borrowing unused slice capacity (the default)', () => {
  // Capacity 20 at 50/50: slices of 10 and 10.
  const iterations = [
    { id: 'S1', capacity: 20 },
    { id: 'S2', capacity: 20 },
  ];
  const features = [item('F-1', 'feature', 8, 20), item('F-2', 'feature', 8, 20), item('F-3', 'feature', 4, 8)];
  const maintenance = [item('M-4', 'maintenance', 5, 1), item('M-5', 'maintenance', 3, 1)];
  const half = { feature: 50, maintenance: 50 };

  it('lets a type borrow only the slice capacity its owner cannot use', () => {
    // Maintenance's 5 + 3 keep 8 of its 10 points; features have their 10 plus the 2 unused: F-1 (8) and
    // F-3 (4 = 2 own + 2 borrowed) fit S1, F-2 (8) waits for S2 although its cost of delay is the highest
    // of what is left. Cost: F-1 20 + F-3 8 + M-4 1 + M-5 1 + F-2 20 x 2 = 70.
    const req: FillRequest = { items: [...features, ...maintenance], iterations, allocation: half };
    for (const mode of ['greedy', 'optimal'] as const) {
      const res = fillIterations({ ...req, mode });
      expect(res.iterations[0].pointsByType).toEqual({ feature: 12, maintenance: 8 });
      expect(res.iterations[0].keys.sort()).toEqual(['F-1', 'F-3', 'M-4', 'M-5']);
      expect(res.iterations[1].keys).toEqual(['F-2']);
      expect(res.costOfDelay).toBe(70);
      expectValidFill(req, res);
    }
    // No plan that keeps the rule does better (ignoring the slices, F-1 + F-2 + F-3 in S1 would cost 54).
    expect(bruteForceOptimum(req)).toBe(70);
    // The plan that ignores the slices (all 20 points of features in S1) crowds M-4 out of its own slice.
    const slicesIgnored = new Map([['F-1', 0], ['F-2', 0], ['F-3', 0], ['M-4', 1], ['M-5', 1]]);
    expect(crowdedOut(req, slicesIgnored)).toEqual([
      'M-4 crowded out of its own slice in S1: fits 10 left of its slice, only 0 left in the iteration',
      'M-5 crowded out of its own slice in S1: fits 10 left of its slice, only 0 left in the iteration',
    ]);
  });

  it('lends the whole slice when its type has nothing ready', () => {
    const req: FillRequest = {
      items: [...features, ...maintenance.map((m) => ({ ...m, ready: false }))],
      iterations,
      allocation: half,
    };
    for (const mode of ['greedy', 'optimal'] as const) {
      const res = fillIterations({ ...req, mode });
      expect(res.iterations[0]).toEqual({ id: 'S1', keys: ['F-1', 'F-2', 'F-3'], points: 20, pointsByType: { feature: 20, maintenance: 0 } });
      expect(res.leftOut.map((l) => l.reason)).toEqual(['notReady', 'notReady']);
    }
  });

  it('follows the allocation in the default mode', () => {
    // At 80/20 (slices 16 and 4): F-1 and F-2 fill features' 16; F-3 (4) would have to borrow all of
    // maintenance's 4, which M-5 (3) can use, so F-3 waits for S2; M-5 takes its slice in S1; M-4 (5) fits
    // neither in S1 and borrows 1 point of features' slice in S2, where no feature is left waiting.
    // At 50/50 it is the plan of the first test: F-2 waits instead of F-3.
    const req = { items: [...features, ...maintenance], iterations };
    const at8020 = fillIterations({ ...req, allocation: { feature: 80, maintenance: 20 }, mode: 'greedy' });
    expect(at8020.iterations.map((i) => i.keys)).toEqual([
      ['F-1', 'F-2', 'M-5'],
      ['F-3', 'M-4'],
    ]);
    const at5050 = fillIterations({ ...req, allocation: half, mode: 'greedy' });
    expect(at5050.iterations.map((i) => i.keys)).toEqual([
      ['F-1', 'F-3', 'M-5', 'M-4'],
      ['F-2'],
    ]);
    expect(placement(fillIterations({ ...req, allocation: { feature: 80, maintenance: 20 } }))).not.toEqual(
      placement(fillIterations({ ...req, allocation: half })),
    );
  });

  it('does not unblock an item into a slice that borrowed points have filled', () => {
    // Capacity 10 at 50/50. F-1 (WSJF 4) fills features' 5; F-2 (4) would borrow 4 of maintenance's 5, but it
    // blocks M-3 (3), which would then be eligible in S1 with its 3 points fitting maintenance's room and
    // only 1 point left: so F-2 waits for S2, and M-3 comes with it.
    const req: FillRequest = {
      items: [item('F-1', 'feature', 5, 20), item('F-2', 'feature', 4, 8), item('M-3', 'maintenance', 3, 1, { blockedBy: ['F-2'] })],
      iterations: [
        { id: 'S1', capacity: 10 },
        { id: 'S2', capacity: 10 },
      ],
      allocation: { feature: 50, maintenance: 50 },
    };
    for (const mode of ['greedy', 'optimal'] as const) {
      const res = fillIterations({ ...req, mode });
      expect(res.iterations.map((i) => i.keys)).toEqual([['F-1'], ['F-2', 'M-3']]);
      expectValidFill(req, res);
    }
  });
});

describe('fillIterations: bad input', () => {
  const base: FillRequest = { items: [item('A-1', 'feature', 3, 1)], iterations: [{ id: 'S1', capacity: 10 }], allocation };
  const codeOf = (req: FillRequest): string | undefined => {
    try {
      fillIterations(req);
    } catch (e) {
      return e instanceof DomainError ? e.code : 'not a DomainError';
    }
    return undefined;
  };
  it.each([
    ['NaN points', { ...base, items: [item('A-1', 'feature', NaN, 1)] }, 'invalidNumber'],
    ['negative points', { ...base, items: [item('A-1', 'feature', -2, 1)] }, 'invalidNumber'],
    ['negative cost of delay', { ...base, items: [item('A-1', 'feature', 2, -1)] }, 'invalidNumber'],
    ['duplicate keys', { ...base, items: [item('A-1', 'feature', 2, 1), item('A-1', 'feature', 3, 1)] }, 'duplicateKey'],
    ['duplicate iteration ids', { ...base, iterations: [{ id: 'S1', capacity: 1 }, { id: 'S1', capacity: 2 }] }, 'duplicateKey'],
    ['allocation summing to 99', { ...base, allocation: { feature: 60, maintenance: 39 } }, 'invalidAllocation'],
    ['a work type missing from the allocation', { ...base, items: [item('A-1', 'techDebt', 2, 1)] }, 'unknownWorkType'],
    ['negative capacity', { ...base, iterations: [{ id: 'S1', capacity: -1 }] }, 'invalidCapacity'],
    ['NaN capacity', { ...base, iterations: [{ id: 'S1', capacity: NaN }] }, 'invalidCapacity'],
    ['no iterations', { ...base, iterations: [] }, 'invalidRequest'],
  ])('%s -> DomainError %s', (_name, req, code) => {
    expect(codeOf(req as FillRequest)).toBe(code);
  });
  it('names the offending issue in the message', () => {
    expect(() => fillIterations({ ...base, items: [item('ABC-7', 'feature', -2, 1)] })).toThrow(/ABC-7/);
  });
  it('names a work type missing from the allocation as the PO named it, and says where to give it a share', () => {
    const req: FillRequest = { ...base, items: [item('ABC-7', 'techDebt', 2, 1)], workTypeNames: { techDebt: 'Tech debt', feature: 'Feature' } };
    expect(() => fillIterations(req)).toThrow(/ABC-7 is Tech debt work, which has no share in the allocation: give Tech debt a share on the Balance tab \(0% is fine\)/);
    expect(() => fillIterations(req)).not.toThrow(/techDebt/);
    // Points pinned to such a type say the same.
    const pinned: FillRequest = { ...base, iterations: [{ id: 'S1', capacity: 10, reserved: { techDebt: 3 } }], workTypeNames: { techDebt: 'Tech debt' } };
    expect(() => fillIterations(pinned)).toThrow(/Points are pinned to Tech debt work, which has no share in the allocation: give Tech debt a share on the Balance tab/);
    expect(() => fillIterations(pinned)).not.toThrow(/techDebt/);
  });
});

describe('fillIterations: points the PO pinned (reserved)', () => {
  it("a pin takes room from its own type's slice, not from every type's", () => {
    const result = fillIterations({
      items: [item('F-1', 'feature', 5, 5), item('F-2', 'feature', 5, 5), item('M-3', 'maintenance', 5, 5)],
      iterations: [{ id: 'S1', capacity: 20, reserved: { maintenance: 10 } }],
      allocation: { feature: 50, maintenance: 50 },
      borrowUnused: false,
    });
    expect(result.iterations[0]?.keys).toEqual(['F-1', 'F-2']);
    expect(result.leftOut).toEqual([{ key: 'M-3', reason: 'noCapacity' }]);
  });

  it('an item that fits the iteration but not what pins left of it has no room, it is not too big', () => {
    const result = fillIterations({
      items: [item('F-1', 'feature', 13, 5)],
      iterations: [
        { id: 'S1', capacity: 20, reserved: { feature: 10 } },
        { id: 'S2', capacity: 20, reserved: { feature: 8 } },
      ],
      allocation: { feature: 100 },
    });
    expect(result.leftOut).toEqual([{ key: 'F-1', reason: 'noCapacity' }]);
  });

  it('slices an iteration of the next PI by its own allocation', () => {
    const result = fillIterations({
      items: [item('F-1', 'feature', 5, 5), item('F-2', 'feature', 5, 5), item('M-3', 'maintenance', 5, 5)],
      iterations: [
        { id: 'S1', capacity: 10, allocation: { feature: 0, maintenance: 100 } },
        { id: 'S2', capacity: 10 },
      ],
      allocation: { feature: 100, maintenance: 0 },
      borrowUnused: false,
    });
    expect(result.iterations.map((it) => it.keys)).toEqual([['M-3'], ['F-1', 'F-2']]);
    expect(() => fillIterations({ items: [], allocation: { feature: 100 }, iterations: [{ id: 'S1', capacity: 5, allocation: { research: 100 } }] })).toThrow(DomainError);
  });

  it('iterations without any capacity leave items out for lack of room, not as too big to plan', () => {
    const result = fillIterations({ items: [item('F-1', 'feature', 3, 5)], iterations: [{ id: 'IP', capacity: 0 }], allocation: { feature: 100 } });
    expect(result.leftOut).toEqual([{ key: 'F-1', reason: 'noCapacity' }]);
  });

  it('refuses points reserved for a work type the allocation does not know', () => {
    expect(() => fillIterations({ items: [], iterations: [{ id: 'S1', capacity: 20, reserved: { research: 3 } }], allocation: { feature: 100 } })).toThrow(
      DomainError,
    );
  });

  it('greedy and optimal obey every hard rule around pins and per-iteration allocations, optimal is never worse, and exact on small requests', () => {
    const shape = { maxItems: 12, minIterations: 1, maxIterations: 3, committed: true, blockers: true, reserved: true };
    fc.assert(
      fc.property(requestArb(shape), expectBothModesValid),
      { numRuns: 400 },
    );
    const small = { maxItems: 8, minIterations: 2, maxIterations: 2, committed: false, blockers: true, reserved: true };
    fc.assert(
      fc.property(requestArb(small), (req) => {
        expect(fillIterations(req).costOfDelay).toBeCloseTo(bruteForceOptimum(req), 6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fillIterations: properties', () => {
  const shape = { maxItems: 14, minIterations: 1, maxIterations: 4, committed: true, blockers: true };

  it('greedy and optimal obey every hard rule, and optimal is never worse than greedy', () => {
    fc.assert(
      fc.property(requestArb(shape), expectBothModesValid),
      { numRuns: 1000 },
    );
  });

  it('keeps every rule with stories other teams need (with and without a needed-by), and optimal is never worse', () => {
    // Every third uncommitted item blocks another team's issue; some of those are needed by an iteration.
    const withOtherTeams = requestArb(shape).chain((req) =>
      fc.array(fc.option(fc.nat(3), { freq: 2 }), { minLength: req.items.length, maxLength: req.items.length }).map((needed) => ({
        ...req,
        items: req.items.map((item, i) =>
          i % 3 === 0 && item.committedOrder == null ? { ...item, otherTeam: true, neededBy: needed[i] != null ? Math.min(needed[i] as number, req.iterations.length - 1) : null } : item,
        ),
      })),
    );
    fc.assert(fc.property(withOtherTeams, expectBothModesValid), { numRuns: 400 });
  });

  it('is deterministic and does not depend on the order items arrive in', () => {
    fc.assert(
      fc.property(requestArb(shape), fc.boolean(), (req, greedyMode) => {
        const mode = greedyMode ? 'greedy' : 'optimal';
        const a = fillIterations({ ...req, mode });
        const b = fillIterations({ ...req, mode, items: [...req.items].reverse() });
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('places committed stories (and their blockers) first in both modes: optimal plans each no later than greedy', () => {
    // Both place them before the rest; `optimal` may then pull one earlier into room its different plan of
    // the rest leaves (no idle room), never later.
    const at = (where: Map<string, number>, key: string, n: number) => (where.get(key) === -1 ? n : (where.get(key) as number));
    fc.assert(
      fc.property(requestArb(shape), (req) => {
        const g = placement(fillIterations({ ...req, mode: 'greedy' }));
        const o = placement(fillIterations({ ...req, mode: 'optimal' }));
        const n = req.iterations.length;
        for (const i of req.items) if (i.committedOrder != null) expect(at(o, i.key, n)).toBeLessThanOrEqual(at(g, i.key, n));
      }),
      { numRuns: 150 },
    );
  });

  it('committed stories take capacity before other items: dropping non-committed items does not move them', () => {
    // Without borrowing. With it, what a committed story may borrow depends on other types' waiting items.
    const noBlockers = { ...shape, blockers: false };
    fc.assert(
      fc.property(requestArb(noBlockers), (anyReq) => {
        const req = { ...anyReq, borrowUnused: false };
        const full = placement(fillIterations({ ...req, mode: 'greedy' }));
        const onlyCommitted = { ...req, items: req.items.filter((i) => i.committedOrder != null) };
        const alone = placement(fillIterations({ ...onlyCommitted, mode: 'greedy' }));
        for (const i of onlyCommitted.items) expect(full.get(i.key)).toBe(alone.get(i.key));
      }),
      { numRuns: 150 },
    );
  });

  it('finds the exact optimum on small requests (brute force, 2 iterations)', () => {
    const small = { maxItems: 9, minIterations: 2, maxIterations: 2, committed: false, blockers: true };
    fc.assert(
      fc.property(requestArb(small), (req) => {
        expect(fillIterations(req).costOfDelay).toBeCloseTo(bruteForceOptimum(req), 6);
      }),
      { numRuns: 400 },
    );
  });

  it('finds the exact optimum with 12 items in 2 iterations and with 3 iterations (brute force)', () => {
    const twelve = { maxItems: 12, minIterations: 2, maxIterations: 2, committed: false, blockers: false };
    fc.assert(
      fc.property(requestArb(twelve), (req) => {
        expect(fillIterations(req).costOfDelay).toBeCloseTo(bruteForceOptimum(req), 6);
      }),
      { numRuns: 15 },
    );
    const three = { maxItems: 7, minIterations: 3, maxIterations: 3, committed: false, blockers: true };
    fc.assert(
      fc.property(requestArb(three), (req) => {
        expect(fillIterations(req).costOfDelay).toBeCloseTo(bruteForceOptimum(req), 6);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps every rule on large requests that go through local search', () => {
    const large = { maxItems: 120, minIterations: 3, maxIterations: 6, committed: true, blockers: true };
    fc.assert(
      fc.property(requestArb(large), (req) => {
        const greedy = fillIterations({ ...req, mode: 'greedy' });
        const optimal = fillIterations(req);
        expectValidFill(req, optimal);
        expect(optimal.costOfDelay).toBeLessThanOrEqual(greedy.costOfDelay + 1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it('answers a 10,000-item, 6-iteration request within every rule (speed is measured by the benchmark, not here)', () => {
    let seed = 2026;
    const next = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const fib = [1, 2, 3, 5, 8, 13];
    const types = ['feature', 'maintenance'];
    const items: PlanItem[] = Array.from({ length: 10_000 }, (_, i) => ({
      key: `BIG-${i}`,
      workType: types[Math.floor(next() * 2)],
      points: next() < 0.05 ? null : fib[Math.floor(next() * 6)],
      ready: next() < 0.9,
      rank: i,
      costOfDelay: next() < 0.2 ? null : Math.floor(next() * 40),
      committedOrder: next() < 0.01 ? Math.floor(next() * 50) : null,
      blockedBy: next() < 0.05 ? [`BIG-${Math.floor(next() * 10_000)}`] : [],
    }));
    for (const borrowUnused of [true, false]) {
      const req: FillRequest = {
        items,
        iterations: Array.from({ length: 6 }, (_, t) => ({ id: `S${t + 1}`, capacity: 400 + 50 * t })),
        allocation,
        borrowUnused,
      };
      const greedy = fillIterations({ ...req, mode: 'greedy' });
      const optimal = fillIterations(req);
      expectValidFill(req, optimal);
      expect(optimal.costOfDelay).toBeLessThanOrEqual(greedy.costOfDelay);
    }
  });

  it('reaches the optimum of one iteration on medium requests (too many items for branch and bound)', () => {
    // With one iteration the objective is 2 x all CoD minus the CoD planned: a 0/1 knapsack per slice without
    // borrowing (one over the whole capacity when one type has it all), solved here by an independent table.
    const medium = { maxItems: 60, minIterations: 1, maxIterations: 1, committed: false, blockers: false };
    const mostCod = (items: PlanItem[], cap: number): number => {
      const best = new Array<number>(cap + 1).fill(0);
      for (const i of items.filter((x) => x.ready && x.points !== null)) {
        const size = i.points as number;
        for (let c = cap; c >= size; c--) best[c] = Math.max(best[c], best[c - size] + (i.costOfDelay ?? 0));
      }
      return best[cap];
    };
    fc.assert(
      fc.property(requestArb(medium), fc.boolean(), (req, oneType) => {
        const all = req.items.reduce((s, i) => s + (i.costOfDelay ?? 0), 0);
        const cap = req.iterations[0].capacity;
        if (oneType) {
          const single = { ...req, items: req.items.map((i) => ({ ...i, workType: 'feature' })), allocation: { feature: 100, enabler: 0, maintenance: 0 } };
          expect(fillIterations(single).costOfDelay).toBe(2 * all - mostCod(single.items, cap));
        } else {
          const slices = sliceCapacity(cap, req.allocation);
          const planned = Object.entries(slices).reduce((s, [type, slice]) => s + mostCod(req.items.filter((i) => i.workType === type), slice), 0);
          expect(fillIterations({ ...req, borrowUnused: false }).costOfDelay).toBe(2 * all - planned);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('finds the exact optimum with borrowing (brute force over the plans that keep the borrowing rule)', () => {
    const small = { maxItems: 10, minIterations: 1, maxIterations: 3, committed: false, blockers: true };
    fc.assert(
      fc.property(requestArb(small), (anyReq) => {
        const req = { ...anyReq, borrowUnused: true };
        expect(fillIterations(req).costOfDelay).toBeCloseTo(bruteForceOptimum(req), 6);
      }),
      { numRuns: 300 },
    );
  });

  it('with borrowing, borrowed points never crowd an owner out of its own slice (greedy and optimal)', () => {
    const borrowing = { maxItems: 16, minIterations: 1, maxIterations: 4, committed: true, blockers: true };
    fc.assert(
      fc.property(requestArb(borrowing), (anyReq) => {
        const req = { ...anyReq, borrowUnused: true };
        for (const mode of ['greedy', 'optimal'] as const) {
          const where = placement(fillIterations({ ...req, mode }));
          expect(crowdedOut(req, where)).toEqual([]);
        }
      }),
      { numRuns: 600 },
    );
  });
});

describe('fillIterations: found by the property test above with FC_SEED=-729854947', () => {
  // A committed enabler (T-3) whose own dependent (T-9) it would unblock: the committed feature T-12 (0% slice)
  // borrowed first, judged against the enablers eligible then (T-9 was not: its blocker was unplanned), and T-3
  // was then refused because T-9 would be crowded out, leaving 4 points idle. A borrower now also leaves room for
  // what blockers that can still go there will unblock (`unblockedLater` in fill/borrowing.ts).
  const request: FillRequest = {
    items: [
      { key: 'T-3', workType: 'enabler', points: 3, ready: true, rank: 2, costOfDelay: null, committedOrder: 5, blockedBy: [] },
      { key: 'T-9', workType: 'enabler', points: 3, ready: true, rank: 8, costOfDelay: null, committedOrder: null, blockedBy: ['T-3'] },
      { key: 'T-11', workType: 'enabler', points: 1, ready: true, rank: 10, costOfDelay: null, committedOrder: null, blockedBy: [] },
      { key: 'T-12', workType: 'feature', points: 5, ready: true, rank: 11, costOfDelay: null, committedOrder: 1, blockedBy: [] },
    ],
    iterations: [{ id: 'S1', capacity: 10 }],
    allocation: { feature: 0, enabler: 65, maintenance: 35 },
    borrowUnused: true,
  };
  it('both modes keep every rule on it', () => {
    expectBothModesValid(request);
  });
});

describe('fillIterations: found by the property tests with FC_SEED=2024', () => {
  // Local search starts from a knapsack per work type (no borrowing inside it): it took a type's slice as room
  // while a committed item beyond its own slice (T-38, feature at 0%) had already taken the iteration's only
  // point, and planned T-93 there too: S3 over capacity (2 > 1).
  const request: FillRequest = {
    items: [
      { key: 'T-7', workType: 'feature', points: 0, ready: true, rank: 6, costOfDelay: null },
      { key: 'T-13', workType: 'enabler', points: 3, ready: true, rank: 12, costOfDelay: null },
      { key: 'T-15', workType: 'feature', points: 1, ready: true, rank: 14, costOfDelay: null },
      { key: 'T-32', workType: 'enabler', points: 3, ready: true, rank: 31, costOfDelay: null, committedOrder: 1 },
      { key: 'T-38', workType: 'feature', points: 1, ready: true, rank: 37, costOfDelay: null, committedOrder: 1 },
      { key: 'T-61', workType: 'maintenance', points: 1, ready: true, rank: 60, costOfDelay: 7 },
      { key: 'T-66', workType: 'maintenance', points: 2, ready: true, rank: 65, costOfDelay: 8 },
      { key: 'T-88', workType: 'maintenance', points: 2, ready: true, rank: 87, costOfDelay: 8 },
      { key: 'T-92', workType: 'maintenance', points: 3, ready: true, rank: 91, costOfDelay: 12 },
      { key: 'T-93', workType: 'maintenance', points: 1, ready: true, rank: 92, costOfDelay: 5 },
      // Zero-point scored features: enough competing items that the optimal mode searches locally.
      ...[51,  52,  53,  56,  57,  58,  63,  67,  69,  71,  73,  76,  81,  82,  83,  88,  89,  90].map((rank) => ({ key: `T-${rank + 1}`, workType: 'feature', points: 0, ready: true, rank, costOfDelay: 1 })),
    ],
    iterations: [{ id: 'S1', capacity: 1 }, { id: 'S2', capacity: 13 }, { id: 'S3', capacity: 1 }],
    allocation: { feature: 0, enabler: 43, maintenance: 57 },
    borrowUnused: true,
  };
  it('both modes keep every rule on it (no iteration over its capacity)', () => {
    expectBothModesValid(request);
  });
});
