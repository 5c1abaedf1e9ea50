import { applyRankMoves, refinementReport, rerankOrder, rerankPlan, rerankWithReasons, toBacklogItems, type IssueFacts } from '../../src/domain';
import { issue } from './factories';

const ctx = { teamProjectKey: 'TEAM', programProjectKeys: [], piName: 'PI 1' };
const scored = (key: string, rank: number, value: number, over: Partial<IssueFacts> = {}) =>
  issue(key, { rank, points: 3, wsjfParts: { businessValue: value, timeCriticality: 1, riskReduction: 1, jobSize: null }, ...over });

describe('Sort: blockers right before the first item they block; unscored items keep their slots (case 7)', () => {
  // Jira's current order: three unestimated items on top, then C (mid WSJF), B (low WSJF), A (high WSJF, waits on B).
  const facts = [
    issue('TEAM-1', { rank: 0, points: null }),
    issue('TEAM-2', { rank: 1, points: null }),
    issue('TEAM-3', { rank: 2, points: null }),
    scored('TEAM-10', 3, 8),
    scored('TEAM-11', 4, 1),
    scored('TEAM-12', 5, 20, { links: [{ key: 'TEAM-11', projectKey: 'TEAM', direction: 'blockedBy', statusCategory: 'new' }] }),
  ];
  const items = toBacklogItems(facts, ctx);

  it('a low-WSJF blocker ranks right before the item it blocks, which ranks after it', () => {
    expect(rerankOrder(items)).toEqual(['TEAM-1', 'TEAM-2', 'TEAM-3', 'TEAM-11', 'TEAM-12', 'TEAM-10']);
  });

  it('after "Apply order to Jira" the unestimated items are still on top, and the estimate check still lists them', () => {
    const current = [...items].sort((a, b) => a.rank - b.rank).map((i) => i.key);
    const applied = applyRankMoves(current, rerankPlan(current, rerankOrder(items)));
    expect(applied.slice(0, 3)).toEqual(['TEAM-1', 'TEAM-2', 'TEAM-3']);
    const reranked = toBacklogItems(
      facts.map((f) => ({ ...f, rank: applied.indexOf(f.key) })),
      ctx,
    );
    const report = refinementReport(reranked, {
      now: '2026-11-20T00:00:00.000Z',
      iterationCapacity: 10,
      velocity: 10,
      team: ctx,
    });
    expect(report.unestimatedAtTop).toEqual(['TEAM-1', 'TEAM-2', 'TEAM-3']);
  });

  it('says why each item lands where it does: unscored keeps its slot, the blocker is pulled before what it blocks, the rest by WSJF, the tail last', () => {
    const withTail = toBacklogItems([...facts, issue('TEAM-20', { rank: 6, labels: ['bb-tail'] })], { ...ctx, tailLabel: 'bb-tail' });
    const { order, reasons } = rerankWithReasons(withTail);
    expect(order).toEqual(rerankOrder(withTail));
    expect(Object.fromEntries(reasons)).toEqual({
      'TEAM-1': { kind: 'unscored' },
      'TEAM-2': { kind: 'unscored' },
      'TEAM-3': { kind: 'unscored' },
      'TEAM-10': { kind: 'wsjf', wsjf: 10 / 3 },
      'TEAM-11': { kind: 'blocks', key: 'TEAM-12' },
      'TEAM-12': { kind: 'wsjf', wsjf: 22 / 3 },
      'TEAM-20': { kind: 'tail' },
    });
  });

  it('the tail goes last', () => {
    const withTail = toBacklogItems([...facts, issue('TEAM-20', { rank: 6, labels: ['bb-tail'] })], { ...ctx, tailLabel: 'bb-tail' });
    expect(rerankOrder(withTail).at(-1)).toBe('TEAM-20');
  });
});

describe('Sort with blockers that block each other', () => {
  it('places each item once, a blocker in a cycle before the first item that waits on it', () => {
    const blockedBy = (key: string) => [{ key, projectKey: 'TEAM', direction: 'blockedBy' as const, statusCategory: 'new' as const }];
    const items = toBacklogItems(
      [
        scored('TEAM-1', 0, 20, { links: blockedBy('TEAM-2') }),
        scored('TEAM-2', 1, 1, { links: blockedBy('TEAM-1') }),
        scored('TEAM-3', 2, 8, { links: blockedBy('TEAM-1') }),
      ],
      ctx,
    );
    expect(rerankOrder(items)).toEqual(['TEAM-2', 'TEAM-1', 'TEAM-3']);
  });
});
