/*
 * Issue 13: how the fill's rules read where they meet (DOMAIN.md, "Iteration fill", "How these read where
 * they meet"). One acceptance case per rule, named after it; each was seen failing before the fix.
 */
import { FillRequest, IssueLink, PlanItem, capacityShare, fillIterations, toBacklogItems, toPlanItem } from '../../src/domain';
import { issue } from './factories';
import { expectValidFill, placement } from './fillHelpers';

const item = (key: string, workType: string, points: number | null, costOfDelay: number | null, extra: Partial<PlanItem> = {}): PlanItem => ({
  key,
  workType,
  points,
  ready: true,
  rank: Number(key.replace(/\D/g, '')) || 0,
  costOfDelay,
  ...extra,
});
const MODES = ['greedy', 'optimal'] as const;
const sprints = (...capacities: number[]) => capacities.map((capacity, t) => ({ id: `S${t + 1}`, capacity }));

describe('Blockers come first (case 1)', () => {
  it('a committed story waiting on a later committed story goes after it, not out for "no room"', () => {
    const req: FillRequest = {
      items: [
        item('C-1', 'feature', 5, null, { committedOrder: 1, blockedBy: ['C-2'] }),
        item('C-2', 'feature', 5, null, { committedOrder: 2 }),
      ],
      iterations: sprints(5, 5),
      allocation: { feature: 100 },
    };
    for (const mode of MODES) {
      const res = fillIterations({ ...req, mode });
      expect(res.iterations.map((i) => i.keys)).toEqual([['C-2'], ['C-1']]);
      expect(res.leftOut).toEqual([]);
      expectValidFill(req, res);
    }
  });
});

describe('Committed order binds within a work type only (case 2)', () => {
  it("a type's committed story comes before a local one of that type, whatever another type's committed story does", () => {
    const req: FillRequest = {
      items: [
        item('C-1', 'feature', 5, null, { committedOrder: 1 }),
        item('C-2', 'enabler', 3, null, { committedOrder: 2 }),
        item('E-9', 'enabler', 3, 5),
      ],
      iterations: sprints(6, 10),
      allocation: { feature: 50, enabler: 50 },
    };
    for (const mode of MODES) {
      const res = fillIterations({ ...req, mode });
      const where = placement(res);
      expect(where.get('C-2')).toBe(0);
      expect(where.get('C-1')).toBe(1);
      expectValidFill(req, res);
    }
  });

  it('first fit in committed order: a later committed story lands earlier when an earlier one does not fit there', () => {
    const req: FillRequest = {
      items: [item('C-1', 'feature', 8, null, { committedOrder: 1 }), item('C-2', 'feature', 2, null, { committedOrder: 2 })],
      iterations: sprints(5, 10),
      allocation: { feature: 100 },
    };
    for (const mode of MODES) {
      const where = placement(fillIterations({ ...req, mode }));
      expect([where.get('C-1'), where.get('C-2')]).toEqual([1, 0]);
    }
  });
});

describe('No idle room (case 3)', () => {
  it('neither mode leaves room an eligible later or left-out item could take, and optimal is not worse than greedy', () => {
    const req: FillRequest = {
      items: [
        item('M-1', 'maintenance', 3, 100),
        ...[1, 2, 3, 4, 5].map((k) => item(`F-${k + 1}`, 'feature', 2, 1)),
      ],
      iterations: sprints(10, 10),
      allocation: { feature: 80, maintenance: 20 },
      borrowUnused: true,
    };
    const greedy = fillIterations({ ...req, mode: 'greedy' });
    const optimal = fillIterations({ ...req, mode: 'optimal' });
    for (const res of [greedy, optimal]) {
      // S1 holds 10: no 2-point feature item waits in S2 while S1 has room for it.
      expect(res.iterations[0].points).toBe(10);
      expectValidFill(req, res);
    }
    expect(optimal.costOfDelay).toBeLessThanOrEqual(greedy.costOfDelay);
  });
});

describe('Readiness per iteration (case 4)', () => {
  it('the split limit is taken against the iteration considered: an 8-point item is plannable in an iteration of 30', () => {
    const policy = { splitAtHalfIteration: true };
    const iterations = sprints(10, 30).map((it) => ({ ...it, splitLimit: capacityShare(policy, it.capacity) ?? undefined }));
    const req: FillRequest = { items: [item('A-1', 'feature', 8, 5)], iterations, allocation: { feature: 100 } };
    for (const mode of MODES) {
      const res = fillIterations({ ...req, mode });
      expect(placement(res).get('A-1')).toBe(1);
      expectValidFill(req, res);
    }
  });

  it('an item over the split limit of every iteration is left out as not ready', () => {
    const iterations = sprints(10, 12).map((it) => ({ ...it, splitLimit: it.capacity / 2 }));
    const req: FillRequest = { items: [item('A-1', 'feature', 8, 5)], iterations, allocation: { feature: 100 } };
    for (const mode of MODES) expect(fillIterations({ ...req, mode }).leftOut).toEqual([{ key: 'A-1', reason: 'notReady' }]);
  });
});

describe('Stories other teams need (case 6)', () => {
  const base = (team2Points: number): FillRequest => ({
    items: [
      item('TEAM-4', 'feature', 3, null, { committedOrder: 1 }),
      item('TEAM-1', 'feature', 5, 3),
      // Blocks OTHER-9, in the other team's sprint that starts when our S1 ends: needed by S1.
      item('TEAM-2', 'feature', team2Points, null, { neededBy: 0 }),
    ],
    iterations: sprints(8, 8),
    allocation: { feature: 100 },
  });

  it('are placed after committed stories and before local ones, by their needed-by', () => {
    for (const mode of MODES) {
      const res = fillIterations({ ...base(3), mode });
      expect(res.iterations.map((i) => i.keys)).toEqual([['TEAM-4', 'TEAM-2'], ['TEAM-1']]);
      expect(res.late).toEqual([]);
      expectValidFill(base(3), res);
    }
  });

  it('one that cannot make its needed-by is planned as early as it can and reported late', () => {
    for (const mode of MODES) {
      const res = fillIterations({ ...base(8), mode });
      expect(placement(res).get('TEAM-2')).toBe(1);
      expect(res.late).toEqual([{ key: 'TEAM-2', neededBy: 0 }]);
    }
  });

  it('earliest needed-by first', () => {
    const req: FillRequest = {
      items: [item('N-1', 'feature', 5, null, { neededBy: 1 }), item('N-2', 'feature', 5, null, { neededBy: 0 })],
      iterations: sprints(5, 5),
      allocation: { feature: 100 },
    };
    for (const mode of MODES) expect(fillIterations({ ...req, mode }).iterations.map((i) => i.keys)).toEqual([['N-2'], ['N-1']]);
  });
});

describe("Stories other teams need inherit the dependent's priority (case 6)", () => {
  const unscored = { businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null };
  const blocks = (key: string, priority: IssueLink['priority'] = null): IssueLink => ({ direction: 'blocks', key, projectKey: 'OTHER', statusCategory: 'new', priority });
  const ctx = { teamProjectKey: 'TEAM', programProjectKeys: ['ART'], piName: null };
  const planOf = (facts: ReturnType<typeof issue>[]): PlanItem[] => toBacklogItems(facts, ctx).map((i) => toPlanItem(i, true));

  it("takes the dependent's cost of delay and job size when it has no WSJF of its own, or a lower one", () => {
    const [unscoredOwn, lowerOwn, higherOwn] = planOf([
      issue('TEAM-2', { wsjfParts: unscored, links: [blocks('OTHER-9', { costOfDelay: 20, jobSize: 5 })] }),
      // Own WSJF 6 / 3 = 2 is below the dependent's 4: the dependent's counts.
      issue('TEAM-3', { links: [blocks('OTHER-8', { costOfDelay: 20, jobSize: 5 })] }),
      // Own WSJF 2 is above the dependent's 0.5: its own stays.
      issue('TEAM-4', { links: [blocks('OTHER-7', { costOfDelay: 4, jobSize: 8 })] }),
    ]);
    expect(unscoredOwn).toMatchObject({ costOfDelay: 20, jobSize: 5, otherTeam: true });
    expect(lowerOwn).toMatchObject({ costOfDelay: 20, jobSize: 5, otherTeam: true });
    expect(higherOwn).toMatchObject({ costOfDelay: 6, jobSize: 3, otherTeam: true });
  });

  it('a dependent that is done or of a program project passes nothing on', () => {
    const [doneDependent] = planOf([
      issue('TEAM-2', { wsjfParts: unscored, links: [{ ...blocks('OTHER-9', { costOfDelay: 20, jobSize: 5 }), statusCategory: 'done' }] }),
    ]);
    expect(doneDependent.costOfDelay).toBeNull();
    expect(doneDependent.otherTeam).toBeFalsy();
  });

  it('among stories with the same needed-by, the one whose dependent comes first goes first', () => {
    const [own, inherited] = planOf([
      // Own WSJF 1; its dependent has no WSJF.
      issue('TEAM-5', { wsjfParts: { businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: null }, links: [blocks('OTHER-1')] }),
      // No WSJF of its own; its dependent's is 4.
      issue('TEAM-6', { wsjfParts: unscored, links: [blocks('OTHER-2', { costOfDelay: 20, jobSize: 5 })] }),
    ]);
    const req: FillRequest = { items: [{ ...own, neededBy: 0 }, { ...inherited, neededBy: 0 }], iterations: sprints(3, 3), allocation: { feature: 100 } };
    for (const mode of MODES) {
      const res = fillIterations({ ...req, mode });
      expect(res.iterations.map((i) => i.keys)).toEqual([['TEAM-6'], ['TEAM-5']]);
      expect(res.late).toEqual([{ key: 'TEAM-5', neededBy: 0 }]);
      expectValidFill(req, res);
    }
  });

  it('without a needed-by they still come before local items, and are never ranked last for lacking WSJF', () => {
    const req: FillRequest = {
      items: planOf([
        issue('TEAM-1'), // local, WSJF 2
        issue('TEAM-2', { wsjfParts: unscored, links: [blocks('OTHER-9', { costOfDelay: 20, jobSize: 5 })] }),
        issue('TEAM-3', { wsjfParts: unscored, links: [blocks('OTHER-8')] }),
      ]),
      iterations: sprints(3, 3, 3),
      allocation: { feature: 100 },
    };
    for (const mode of MODES) {
      const res = fillIterations({ ...req, mode });
      expect(res.iterations.map((i) => i.keys)).toEqual([['TEAM-2'], ['TEAM-3'], ['TEAM-1']]);
      expectValidFill(req, res);
    }
  });
});

describe('An item bigger than its own slice in every iteration (case 9)', () => {
  it('is left out as too big for its slice (a split candidate), not "no room left"', () => {
    const req: FillRequest = {
      items: [item('F-1', 'feature', 8, 5)],
      iterations: sprints(10),
      allocation: { feature: 50, enabler: 50 },
      borrowUnused: false,
    };
    for (const mode of MODES) {
      const res = fillIterations({ ...req, mode });
      expect(res.leftOut).toEqual([{ key: 'F-1', reason: 'tooBigForSlice' }]);
      expectValidFill(req, res);
    }
  });

  it('an item that fits its slice somewhere but finds no room left there is still "no room"', () => {
    const req: FillRequest = {
      items: [item('F-1', 'feature', 5, 9), item('F-2', 'feature', 5, 5)],
      iterations: sprints(10),
      allocation: { feature: 50, enabler: 50 },
      borrowUnused: false,
    };
    expect(fillIterations(req).leftOut).toEqual([{ key: 'F-2', reason: 'noCapacity' }]);
  });
});
