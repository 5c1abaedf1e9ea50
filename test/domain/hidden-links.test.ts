/*
 * Issue 13, case 12 (DOMAIN.md, Hidden dependents): an item whose dependent or blocker is in a project the user
 * cannot browse says so, counted, instead of quietly becoming local or unblocked; nothing of the hidden issue
 * (key, project, summary, sprint) is in what the rules produce. Design: docs/decisions/hidden-links.md.
 */
import { checkReady, classifyInputSource, fillIterations, hiddenLinksFlag, toBacklogItems, toPlanItem, DEFAULT_READY_POLICY } from '../../src/domain';
import { issue } from './factories';

const ctx = { teamProjectKey: 'TEAM', programProjectKeys: ['ART'], piName: null };

describe('hidden dependents and blockers (case 12)', () => {
  it('a story needed by an issue the user cannot see is a story another team needs, not a local one', () => {
    expect(classifyInputSource(issue('TEAM-1', { hidden: { dependents: 1, blockers: 0 } }), ctx)).toBe('otherTeam');
    expect(classifyInputSource(issue('TEAM-1'), ctx)).toBe('local');
  });

  it('the plan places it with the stories other teams need (without a needed-by: its sprint is not the user\'s to see)', () => {
    const [local, needed] = toBacklogItems([issue('TEAM-1'), issue('TEAM-2', { hidden: { dependents: 1, blockers: 0 }, wsjfParts: { businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null } })], ctx);
    const plan = fillIterations({ items: [toPlanItem(local!, true), toPlanItem(needed!, true)], iterations: [{ id: 'S1', capacity: 3 }, { id: 'S2', capacity: 3 }], allocation: { feature: 100 } });
    expect(plan.iterations.map((i) => i.keys)).toEqual([['TEAM-2'], ['TEAM-1']]);
  });

  it('an open blocker the user cannot see keeps the item waiting, as it does for someone who can see it', () => {
    const [item] = toBacklogItems([issue('TEAM-3', { hidden: { dependents: 0, blockers: 1 } })], ctx);
    const ready = checkReady(item!, DEFAULT_READY_POLICY, 20);
    expect(ready.gaps).toEqual([{ type: 'externalBlocker', message: 'TEAM-3 waits on an issue you cannot see, from another team: ask someone who can see it for a date' }]);
    // With the Definition of Ready not asking for it, the fill still leaves it out as blocked.
    const plan = fillIterations({ items: [toPlanItem(item!, true)], iterations: [{ id: 'S1', capacity: 10 }], allocation: { feature: 100 } });
    expect(plan.leftOut).toEqual([{ key: 'TEAM-3', reason: 'blocked' }]);
  });

  it('says so on the item, counted, naming nothing of the hidden issue', () => {
    const [both, one, none] = toBacklogItems(
      [issue('TEAM-4', { hidden: { dependents: 2, blockers: 1 } }), issue('TEAM-5', { hidden: { dependents: 1, blockers: 0 } }), issue('TEAM-6')],
      ctx,
    );
    // Both sides counted in one sentence, and by catalog id with the counts for the reader's language.
    expect(hiddenLinksFlag(both!)).toEqual({
      key: 'TEAM-4',
      kind: 'hidden',
      message: 'linked to 3 issues you cannot see: needed by 2, depends on 1',
      text: { id: 'hiddenBoth', params: { count: 3, dependents: 2, blockers: 1 } },
    });
    expect(hiddenLinksFlag(one!)).toMatchObject({ message: 'needed by an issue you cannot see', text: { id: 'hiddenNeededBy', params: { count: 1 } } });
    expect(hiddenLinksFlag(none!)).toBeNull();
  });
});
