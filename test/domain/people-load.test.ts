import { DomainError, peopleLoad } from '../../src/domain';

const members = [
  { name: 'Ada Byron', fte: 1 },
  { name: 'Ben Okafor', fte: 0.5 },
];
const iteration = { capacity: 30, workingDays: 10 };

describe('peopleLoad', () => {
  it("gives each member the share of the iteration's capacity their available days are, and flags who is over it", () => {
    const load = peopleLoad({
      members,
      iterations: [iteration],
      planned: [
        { key: 'T-1', iteration: 0, points: 13, assignee: 'Ada Byron' },
        { key: 'T-2', iteration: 0, points: 8, assignee: 'Ada Byron' },
        { key: 'T-3', iteration: 0, points: 10, assignee: 'Ben Okafor' },
      ],
    });
    // Ada 10 of 15 member-days (20 points), Ben 5 of 15 (10 points).
    expect(load.members).toEqual([
      { name: 'Ada Byron', member: true, perIteration: [{ planned: 21, share: 20, overloaded: true, items: ['T-1', 'T-2'] }] },
      { name: 'Ben Okafor', member: true, perIteration: [{ planned: 10, share: 10, overloaded: false, items: ['T-3'] }] },
    ]);
    expect(load.unassigned).toEqual([{ points: 0, items: [] }]);
  });

  it("takes days off out of a member's share, per iteration", () => {
    const load = peopleLoad({
      members,
      iterations: [{ ...iteration, daysOffByMember: { 'Ada Byron': 5 } }, { ...iteration, daysOffByMember: { 'Ben Okafor': 9 } }],
      planned: [],
    });
    // Iteration 1: Ada 5, Ben 5 days -> 15 / 15; iteration 2: Ada 10, Ben 0 (at most 5 of his days count) -> 30 / 0.
    expect(load.members.map((m) => m.perIteration.map((it) => it.share))).toEqual([
      [15, 30],
      [15, 0],
    ]);
  });

  it('lists unassigned planned work per iteration, and assignees who are not team members without a share', () => {
    const load = peopleLoad({
      members,
      iterations: [iteration, iteration],
      planned: [
        { key: 'T-1', iteration: 0, points: 5, assignee: null },
        { key: 'T-2', iteration: 1, points: null, assignee: null },
        { key: 'T-3', iteration: 1, points: 3, assignee: 'Zoe Guest' },
        // Names match whatever their case and spacing.
        { key: 'T-4', iteration: 1, points: 2, assignee: ' ada byron ' },
      ],
    });
    expect(load.unassigned).toEqual([
      { points: 5, items: ['T-1'] },
      { points: 0, items: ['T-2'] },
    ]);
    expect(load.members.find((m) => m.name === 'Zoe Guest')).toEqual({
      name: 'Zoe Guest',
      member: false,
      perIteration: [
        { planned: 0, share: null, overloaded: false, items: [] },
        { planned: 3, share: null, overloaded: false, items: ['T-3'] },
      ],
    });
    expect(load.members.find((m) => m.name === 'Ada Byron')?.perIteration[1]).toMatchObject({ planned: 2, items: ['T-4'] });
  });

  it('without team members nobody has a share and nobody is overloaded', () => {
    const load = peopleLoad({ members: [], iterations: [iteration], planned: [{ key: 'T-1', iteration: 0, points: 50, assignee: 'Ada Byron' }] });
    expect(load.members).toEqual([{ name: 'Ada Byron', member: false, perIteration: [{ planned: 50, share: null, overloaded: false, items: ['T-1'] }] }]);
  });

  it('refuses an item planned outside the iterations', () => {
    expect(() => peopleLoad({ members, iterations: [iteration], planned: [{ key: 'T-1', iteration: 1, points: 1, assignee: null }] })).toThrow(DomainError);
  });
});
