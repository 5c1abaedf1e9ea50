import {
  DEFAULT_WORK_TYPE_CONFIG,
  DomainError,
  WorkTypeConfig,
  classifyInputSource,
  classifyWorkType,
  fillIterations,
  sortByPriority,
  toBacklogItems,
  toPlanItems,
  validateWorkTypeConfig,
} from '../../src/domain';
import { issue } from './factories';

const team = { teamProjectKey: 'TEAM', programProjectKeys: ['ART'] };
const feature = (commitments: string[], statusCategory: 'new' | 'done' = 'new') => ({
  key: 'ART-1',
  projectKey: 'ART',
  summary: 'Checkout',
  statusCategory,
  commitments,
});

describe('classifyWorkType (default config)', () => {
  it.each([
    [{ issueType: 'Story', labels: [], components: [] }, 'feature'],
    [{ issueType: 'Bug', labels: [], components: [] }, 'maintenance'],
    [{ issueType: 'Spike', labels: [], components: [] }, 'enabler'],
    [{ issueType: 'Story', labels: ['Tech-Debt'], components: [] }, 'techDebt'],
    [{ issueType: 'Bug', labels: ['retro'], components: [] }, 'improvement'],
    [{ issueType: 'Task', labels: ['architecture'], components: [] }, 'enabler'],
  ])('%j -> %s', (facts, expected) => {
    expect(classifyWorkType(facts)).toBe(expected);
  });

  it('first matching rule wins; a rule matches an issue with any one of its issue types, labels or components', () => {
    const config: WorkTypeConfig = {
      workTypes: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
        { id: 'c', name: 'C' },
      ],
      rules: [
        { workType: 'a', issueTypes: ['Tech Debt'], labels: ['refactor'], components: ['Payments'] },
        { workType: 'b', components: ['search'] },
      ],
      defaultWorkType: 'c',
    };
    // Adding an issue type to a rule that lists labels widens it: tech debt without the label still matches.
    expect(classifyWorkType({ issueType: 'Tech Debt', labels: [], components: [] }, config)).toBe('a');
    expect(classifyWorkType({ issueType: 'Story', labels: ['Refactor'], components: [] }, config)).toBe('a');
    expect(classifyWorkType({ issueType: 'Bug', labels: [], components: ['payments'] }, config)).toBe('a');
    expect(classifyWorkType({ issueType: 'Bug', labels: [], components: ['Search'] }, config)).toBe('b');
    expect(classifyWorkType({ issueType: 'Story', labels: ['other'], components: [] }, config)).toBe('c');
  });

  it('out of the box, Tech Debt issues count as tech debt, not features', () => {
    expect(classifyWorkType({ issueType: 'Tech Debt', labels: [], components: [] })).toBe('techDebt');
    expect(classifyWorkType({ issueType: 'Technical Debt', labels: ['frontend'], components: [] })).toBe('techDebt');
  });

  it('rejects configs that name unknown work types', () => {
    expect(() => validateWorkTypeConfig({ ...DEFAULT_WORK_TYPE_CONFIG, defaultWorkType: 'nope' })).toThrow(DomainError);
    expect(() =>
      validateWorkTypeConfig({ ...DEFAULT_WORK_TYPE_CONFIG, rules: [{ workType: 'ghost', labels: ['x'] }] }),
    ).toThrow(/unknown work type "ghost"/);
    expect(() =>
      validateWorkTypeConfig({ ...DEFAULT_WORK_TYPE_CONFIG, workTypes: [...DEFAULT_WORK_TYPE_CONFIG.workTypes, { id: 'feature', name: 'x' }] }),
    ).toThrow(/defined twice/);
  });
});

describe('classifyInputSource', () => {
  it('program when the parent is in a program project', () => {
    expect(classifyInputSource(issue('TEAM-1', { parent: feature([]) }), team)).toBe('program');
  });
  it('otherTeam when it blocks an open issue of another team project', () => {
    const links = [{ direction: 'blocks' as const, key: 'OPS-4', projectKey: 'OPS', statusCategory: 'new' as const }];
    expect(classifyInputSource(issue('TEAM-1', { links }), team)).toBe('otherTeam');
  });
  it('local otherwise: blocked by another team, blocking own or program or done issues', () => {
    const links = [
      { direction: 'blockedBy' as const, key: 'OPS-4', projectKey: 'OPS', statusCategory: 'new' as const },
      { direction: 'blocks' as const, key: 'TEAM-9', projectKey: 'TEAM', statusCategory: 'new' as const },
      { direction: 'blocks' as const, key: 'ART-9', projectKey: 'ART', statusCategory: 'new' as const },
      { direction: 'blocks' as const, key: 'OPS-5', projectKey: 'OPS', statusCategory: 'done' as const },
    ];
    expect(classifyInputSource(issue('TEAM-1', { links }), team)).toBe('local');
  });
});

describe('toBacklogItems', () => {
  const ctx = { ...team, piName: 'PI 26.4' };

  it('computes cost of delay, job size (field, else points) and WSJF; unscored stays null', () => {
    const [a, b, c, d] = toBacklogItems(
      [
        issue('TEAM-1', { points: 5, wsjfParts: { businessValue: 8, timeCriticality: 5, riskReduction: 2, jobSize: null } }),
        issue('TEAM-2', { points: 5, wsjfParts: { businessValue: 8, timeCriticality: 5, riskReduction: 2, jobSize: 3 } }),
        issue('TEAM-3', { points: 5, wsjfParts: { businessValue: 8, timeCriticality: null, riskReduction: 2, jobSize: 3 } }),
        issue('TEAM-4', { points: null }),
      ],
      ctx,
    );
    expect([a.costOfDelay, a.jobSize, a.wsjf]).toEqual([15, 5, 3]);
    expect([b.costOfDelay, b.jobSize, b.wsjf]).toEqual([15, 3, 5]);
    expect([c.costOfDelay, c.wsjf]).toEqual([null, null]);
    expect([d.costOfDelay, d.jobSize, d.wsjf]).toEqual([6, null, null]);
  });

  it('with a separate job-size field, an item missing it has no job size rather than its points', () => {
    const parts = { businessValue: 8, timeCriticality: 5, riskReduction: 2 };
    const [sized, blank] = toBacklogItems(
      [issue('TEAM-1', { points: 5, wsjfParts: { ...parts, jobSize: 3 } }), issue('TEAM-2', { points: 5, wsjfParts: { ...parts, jobSize: null } })],
      { ...ctx, separateJobSize: true },
    );
    expect([sized.jobSize, sized.wsjf]).toEqual([3, 5]);
    expect([blank.jobSize, blank.wsjf]).toEqual([null, null]);
  });

  it('puts items labelled as the tail last in priority order, in rank order, and never numbers them as committed', () => {
    const items = toBacklogItems(
      [
        issue('TEAM-1', { labels: ['backlog-tail'], wsjfParts: { businessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1 } }),
        issue('TEAM-2', { points: 8 }),
        issue('TEAM-3', { labels: ['backlog-tail'], parent: feature(['PI 26.4']) }),
        issue('TEAM-4', { points: 1 }),
      ],
      { ...ctx, tailLabel: 'backlog-tail' },
    );
    expect(sortByPriority(items).map((i) => [i.key, i.inTail])).toEqual([
      ['TEAM-4', false],
      ['TEAM-2', false],
      ['TEAM-1', true],
      ['TEAM-3', true],
    ]);
    expect(items.find((i) => i.key === 'TEAM-3')?.committedOrder).toBeNull();
    expect(toBacklogItems([issue('TEAM-1', { labels: ['backlog-tail'] })], ctx)[0]?.inTail).toBe(false);
  });

  it('numbers program stories committed to the PI by rank', () => {
    const items = toBacklogItems(
      [
        issue('TEAM-7', { rank: 7, parent: feature(['PI 26.4']) }),
        issue('TEAM-3', { rank: 3, parent: feature(['PI 26.4', 'PI 26.3']) }),
        issue('TEAM-5', { rank: 5, parent: feature(['PI 26.5']) }),
        issue('TEAM-1', { rank: 1 }),
      ],
      ctx,
    );
    expect(Object.fromEntries(items.map((i) => [i.key, i.committedOrder]))).toEqual({ 'TEAM-7': 2, 'TEAM-3': 1, 'TEAM-5': null, 'TEAM-1': null });
    expect(sortByPriority(items).map((i) => i.key).slice(0, 2)).toEqual(['TEAM-3', 'TEAM-7']);
  });

  it('keeps the committed baseline order whatever the rank says now; new committed stories follow by rank', () => {
    const items = toBacklogItems(
      [
        issue('TEAM-2', { rank: 2, parent: feature(['PI 26.4']) }), // new since the baseline
        issue('TEAM-3', { rank: 3, parent: feature(['PI 26.4']) }),
        issue('TEAM-7', { rank: 7, parent: feature(['PI 26.4']) }),
        issue('TEAM-1', { rank: 1, parent: feature(['PI 26.4']) }), // new since the baseline
        issue('TEAM-5', { rank: 5, parent: feature(['PI 26.5']) }), // in the baseline, no longer committed to this PI
      ],
      { ...ctx, committedBaseline: ['TEAM-7', 'TEAM-5', 'TEAM-9', 'TEAM-3'] },
    );
    expect(Object.fromEntries(items.map((i) => [i.key, i.committedOrder]))).toEqual({ 'TEAM-7': 1, 'TEAM-3': 2, 'TEAM-1': 3, 'TEAM-2': 4, 'TEAM-5': null });
  });

  it('rejects duplicate keys and negative points', () => {
    expect(() => toBacklogItems([issue('TEAM-1'), issue('TEAM-1')], ctx)).toThrow(DomainError);
    expect(() => toBacklogItems([issue('TEAM-1', { points: -3 })], ctx)).toThrow(/Story points of TEAM-1/);
  });

  it('feeds the fill: done blockers do not block, open ones do', () => {
    const items = toBacklogItems(
      [
        issue('TEAM-1', { links: [{ direction: 'blockedBy', key: 'TEAM-2', projectKey: 'TEAM', statusCategory: 'new' }] }),
        issue('TEAM-2', { points: null }),
        issue('TEAM-3', { links: [{ direction: 'blockedBy', key: 'TEAM-9', projectKey: 'TEAM', statusCategory: 'done' }] }),
      ],
      ctx,
    );
    const plan = fillIterations({ items: toPlanItems(items), iterations: [{ id: 'S1', capacity: 20 }], allocation: { feature: 100 } });
    expect(plan.iterations[0].keys).toEqual(['TEAM-3']);
    expect(plan.leftOut).toEqual([
      { key: 'TEAM-1', reason: 'blocked' },
      { key: 'TEAM-2', reason: 'notReady' },
    ]);
  });
});
