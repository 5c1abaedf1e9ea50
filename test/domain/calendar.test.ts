import { currentPi, derivePis, upcomingIterations } from '../../src/domain';

const it_ = (id: string, start: string, end: string) => ({ id, start, end });
const pis = [
  { id: 'PI-1', start: '2026-07-01', end: '2026-09-30', iterations: [it_('a', '2026-07-01', '2026-07-14'), it_('b', '2026-07-15', '2026-07-28')] },
  { id: 'PI-2', start: '2026-10-01', end: '2026-12-31', iterations: [it_('c', '2026-10-01', '2026-10-14'), it_('d', '2026-10-15', '2026-10-28'), it_('e', '2026-10-29', '2026-11-11')] },
  { id: 'PI-3', start: '2027-01-01', end: '2027-03-31', iterations: [it_('f', '2027-01-04', '2027-01-15')] },
];

describe('currentPi', () => {
  it('is the PI containing today, else the next one, else the last', () => {
    expect(currentPi(pis, '2026-10-20').id).toBe('PI-2');
    expect(currentPi(pis, '2026-06-01').id).toBe('PI-1');
    expect(currentPi(pis, '2027-06-01').id).toBe('PI-3');
  });
});

describe('upcomingIterations', () => {
  it('are those not started yet, from the chosen PI on, across PI boundaries', () => {
    expect(upcomingIterations(pis, pis[1]!, '2026-10-20', 3).map((i) => i.id)).toEqual(['e', 'f']);
    expect(upcomingIterations(pis, pis[0]!, '2026-06-01', 3).map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(upcomingIterations(pis, pis[2]!, '2026-10-20', 2).map((i) => i.id)).toEqual(['f']);
  });
});

describe('derivePis', () => {
  it('makes one PI per calendar quarter of the board sprints, undated future sprints at the team cadence', () => {
    const sprints = [
      { id: 1, name: 'S1', state: 'closed', startDate: '2026-09-16T00:00:00Z', endDate: '2026-09-29T00:00:00Z' },
      { id: 2, name: 'S2', state: 'active', startDate: '2026-09-30T00:00:00Z', endDate: '2026-10-13T00:00:00Z' },
      { id: 3, name: 'S3', state: 'future' },
    ];
    const derived = derivePis(sprints, new Date('2026-10-01T00:00:00Z'));
    expect(derived.map((p) => [p.id, p.name, p.start, p.end, p.iterations.map((i) => i.name)])).toEqual([
      ['PI-2026.3', 'PI 2026.3', '2026-07-01', '2026-09-30', ['S1', 'S2']],
      ['PI-2026.4', 'PI 2026.4', '2026-10-01', '2026-12-31', ['S3']],
    ]);
    // Two weeks after S2's start, as S2 started two weeks after S1 (the cadence of starts, in the team's days).
    expect(derived[1]!.iterations[0]).toMatchObject({ id: 'sprint-3', start: '2026-10-14', end: '2026-10-27', sprintId: 3, manualCapacity: null, absenceDays: 0 });
  });
});
