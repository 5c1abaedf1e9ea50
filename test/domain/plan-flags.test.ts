import { fillIterations, neededBy, parentClosedFlag, pinFlags, toBacklogItems, type FillResult } from '../../src/domain';
import { issue } from './factories';

/** The plan as the use case shows it: the pins first in their iterations, the fill's plan after. */
function withPins(plan: FillResult, pins: { key: string; iteration: number; workType: string; points: number }[]): FillResult {
  return {
    ...plan,
    iterations: plan.iterations.map((it, t) => {
      const mine = pins.filter((p) => p.iteration === t);
      const pointsByType = { ...it.pointsByType };
      for (const p of mine) pointsByType[p.workType] = (pointsByType[p.workType] ?? 0) + p.points;
      return { ...it, keys: [...mine.map((p) => p.key), ...it.keys], points: it.points + mine.reduce((s, p) => s + p.points, 0), pointsByType };
    }),
  };
}

describe('Pins: kept where they break a rule, each broken rule flagged (case 8)', () => {
  const iterations = [
    { id: 'S1', name: 'Sprint 1', capacity: 10, allocation: { feature: 50, enabler: 50 } },
    { id: 'S2', name: 'Sprint 2', capacity: 10, allocation: { feature: 50, enabler: 50 } },
  ];
  const pin = { key: 'TEAM-1', iteration: 0, workType: 'feature', points: 8 };

  it('pinning TEAM-1 to S1 while its blocker is not ready keeps the pin and flags "blocker TEAM-2 not planned"', () => {
    const plan = fillIterations({
      items: [{ key: 'TEAM-2', workType: 'feature', points: 3, ready: false, rank: 2 }],
      iterations: iterations.map((it, t): { id: string; capacity: number; reserved: Record<string, number> } => ({ ...it, reserved: t === 0 ? { feature: 8 } : {} })),
      allocation: iterations[0].allocation,
    });
    const shown = withPins(plan, [pin]);
    expect(shown.iterations[0].keys).toContain('TEAM-1');
    const flags = pinFlags([{ ...pin, blockedBy: ['TEAM-2'] }], shown, iterations, { borrowUnused: true });
    expect(flags.map((f) => f.message)).toEqual(['blocker TEAM-2 not planned']);
  });

  it('flags a blocker planned later, the iteration over capacity and, without borrowing, the slice, by the work type names', () => {
    const plan: FillResult = {
      iterations: [
        { id: 'S1', keys: ['TEAM-5'], points: 4, pointsByType: { feature: 4, enabler: 0 } },
        { id: 'S2', keys: ['TEAM-2'], points: 3, pointsByType: { feature: 3, enabler: 0 } },
      ],
      leftOut: [],
      costOfDelay: 0,
      late: [],
    };
    const shown = withPins(plan, [pin]);
    const names: Record<string, string> = { feature: 'Features', enabler: 'Enablers' };
    const flags = pinFlags([{ ...pin, blockedBy: ['TEAM-2'] }], shown, iterations, { borrowUnused: false, workTypeName: (id) => names[id] ?? id });
    expect(flags.map((f) => f.message)).toEqual([
      'blocker TEAM-2 planned later (Sprint 2)',
      'Sprint 1 over capacity: 12 of 10 points',
      'over the Features slice of Sprint 1: 12 of 5 points',
    ]);
  });
});

describe('A committed story under a closed parent is flagged for the PO (case 10)', () => {
  const ctx = { teamProjectKey: 'TEAM', programProjectKeys: ['ART'], piName: 'PI 1' };
  const parent = (statusCategory: 'done' | 'indeterminate') => ({ key: 'ART-1', projectKey: 'ART', summary: 'Feature', statusCategory, commitments: ['PI 1'] });

  it('"parent closed: keep or trim?" on the committed story whose feature is Done', () => {
    const [story] = toBacklogItems([issue('TEAM-7', { parent: parent('done') })], ctx);
    expect(story.committedOrder).not.toBeNull();
    expect(parentClosedFlag(story)?.message).toBe('parent ART-1 closed: keep or trim?');
  });

  it('no flag while the feature is open', () => {
    const [story] = toBacklogItems([issue('TEAM-7', { parent: parent('indeterminate') })], ctx);
    expect(parentClosedFlag(story)).toBeNull();
  });
});

describe('Stories other teams need: needed-by from the dependent\'s sprint (case 6)', () => {
  const ctx = { teamProjectKey: 'TEAM', programProjectKeys: ['ART'], piName: 'PI 1' };
  const ours = [
    { id: 'S1', end: '2026-12-11' },
    { id: 'S2', end: '2026-12-25' },
  ];
  const blocksOther = (sprint: { name: string; start: string } | null) => [
    { key: 'OTHER-9', projectKey: 'OTHER', direction: 'blocks' as const, statusCategory: 'new' as const, sprint },
  ];

  it('is the last of our iterations that ends on or before the dependent sprint starts', () => {
    const [team2] = toBacklogItems([issue('TEAM-2', { links: blocksOther({ name: 'OTHER Sprint 3', start: '2026-12-11' }) })], ctx);
    expect(team2.source).toBe('otherTeam');
    expect(neededBy(team2, ours)).toEqual({ iteration: 0, dependent: 'OTHER-9', sprint: 'OTHER Sprint 3', start: '2026-12-11' });
    const [later] = toBacklogItems([issue('TEAM-2', { links: blocksOther({ name: 'OTHER Sprint 4', start: '2026-12-28' }) })], ctx);
    expect(neededBy(later, ours)?.iteration).toBe(1);
  });

  it('none when the dependent sits in no sprint we know of', () => {
    const [team2] = toBacklogItems([issue('TEAM-2', { links: blocksOther(null) })], ctx);
    expect(neededBy(team2, ours)).toBeNull();
  });

  it('an 8-point TEAM-2 cannot make S1: planned as early as it can and reported late', () => {
    const [team2] = toBacklogItems([issue('TEAM-2', { points: 8, wsjfParts: { businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null }, links: blocksOther({ name: 'OTHER Sprint 3', start: '2026-12-11' }) })], ctx);
    const needed = neededBy(team2, ours);
    const plan = fillIterations({
      items: [
        { key: 'TEAM-4', workType: 'feature', points: 3, ready: true, rank: 4, committedOrder: 1 },
        { key: 'TEAM-1', workType: 'feature', points: 5, ready: true, rank: 1, costOfDelay: 3 },
        { key: 'TEAM-2', workType: 'feature', points: 8, ready: true, rank: 2, neededBy: needed?.iteration },
      ],
      iterations: [
        { id: 'S1', capacity: 8 },
        { id: 'S2', capacity: 8 },
      ],
      allocation: { feature: 100 },
    });
    expect(plan.iterations.map((i) => i.keys)).toEqual([['TEAM-4', 'TEAM-1'], ['TEAM-2']]);
    expect(plan.late).toEqual([{ key: 'TEAM-2', neededBy: 0 }]);
  });
});
