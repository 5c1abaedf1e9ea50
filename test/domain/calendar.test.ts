import { currentPi, derivePis, nextPiAfter, nextPiName, piLabelOfSprint, pisAfterCalendar, upcomingIterations } from '../../src/domain';

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

const day = (iso: string) => `${iso}T09:00:00Z`;
const sprint = (id: number, name: string, state: string, start?: string, end?: string) => ({ id, name, state, startDate: start ? day(start) : null, endDate: end ? day(end) : null });

describe('derivePis from sprints named after their PI', () => {
  const sprints = [
    sprint(1, 'PI 26.4', 'closed', '2026-09-01', '2026-09-14'),
    sprint(2, 'PI 27.1', 'closed', '2026-09-15', '2026-09-28'),
    sprint(3, 'PI 27.2', 'active', '2026-09-29', '2026-10-12'),
    sprint(4, 'Innovation and planning', 'future', '2026-10-13', '2026-10-26'),
    sprint(5, 'PI 28.1', 'future'),
    sprint(6, 'Team sprint', 'future'),
  ];

  it('groups sprints by the PI their name says, from the first sprint to the last, future and undated ones included', () => {
    const derived = derivePis(sprints, new Date('2026-10-01T00:00:00Z'));
    expect(derived.map((p) => [p.id, p.name, p.start, p.end, p.iterations.map((i) => i.sprintId)])).toEqual([
      ['PI-26', 'PI 26', '2026-09-01', '2026-09-14', [1]],
      // The unnamed IP sprint between PI 27 and PI 28 belongs to PI 27.
      ['PI-27', 'PI 27', '2026-09-15', '2026-10-26', [2, 3, 4]],
      // PI 28 exists as soon as its first sprint does (undated: at the team's cadence after the last dated one).
      ['PI-28', 'PI 28', '2026-10-27', '2026-11-09', [5]],
      // An unnamed sprint after the last named one starts the PI after, at the cadence of the PI before it.
      ['PI-29', 'PI 29', '2026-11-10', expect.any(String), [6]],
    ]);
    expect(derived[2]!.iterations[0]).toMatchObject({ name: 'PI 28.1', start: '2026-10-27', end: '2026-11-09' });
  });

  it('reads the usual spellings of a PI in a sprint name', () => {
    expect(['PI 27.1', 'ORION PI 27.3', 'PI27-IP', 'pi 27/2', 'PI 27 IP'].map(piLabelOfSprint)).toEqual(['PI 27', 'PI 27', 'PI 27', 'PI 27', 'PI 27']);
    expect(['ORION Sprint 12', 'PIPELINE 3.1', 'Sprint 27.1'].map(piLabelOfSprint)).toEqual([null, null, null]);
  });
});

describe('the next PI', () => {
  const calendar = [
    {
      id: 'pi-a', name: 'PI 3', start: '2026-07-06', end: '2026-09-27',
      iterations: [
        { id: 'a1', name: 'PI 3.1', start: '2026-07-06', end: '2026-07-19', sprintId: 11 },
        { id: 'a2', name: 'PI 3.2', start: '2026-07-20', end: '2026-08-02', sprintId: 12 },
        { id: 'a3', name: 'PI 3.3', start: '2026-08-03', end: '2026-08-23', sprintId: 13 },
      ],
    },
  ];

  it('follows the previous PI\'s cadence: the day after it ends, as long, the same iterations, mapped to the board sprints by name or start', () => {
    const board = [sprint(11, 'PI 3.1', 'closed', '2026-07-06', '2026-07-19'), sprint(20, 'PI 4.1', 'future'), sprint(21, 'Sprint X', 'future', '2026-10-12', '2026-10-25')];
    const next = nextPiAfter(calendar, board, '2026-08-10');
    expect([next.name, next.start, next.end]).toEqual(['PI 4', '2026-09-28', '2026-12-20']);
    expect(next.iterations.map((it) => [it.name, it.start, it.end, it.sprintId])).toEqual([
      ['PI 4.1', '2026-09-28', '2026-10-11', 20],
      ['PI 4.2', '2026-10-12', '2026-10-25', 21],
      ['PI 4.3', '2026-10-26', '2026-11-15', null],
    ]);
    expect(next.id).not.toBe('pi-a');
  });

  it('without any PI: five two-week iterations from the next Monday, never a PI starting and ending today', () => {
    const first = nextPiAfter([], [], '2026-12-02');
    expect([first.name, first.start, first.end, first.iterations.length]).toEqual(['PI 1', '2026-12-07', '2027-02-14', 5]);
    expect(first.iterations[4]).toMatchObject({ start: '2027-02-01', end: '2027-02-14' });
  });

  it('is offered from the board as soon as its first sprint exists after the calendar', () => {
    const board = [sprint(13, 'PI 3.3', 'active', '2026-08-03', '2026-08-23'), sprint(30, 'ORION Sprint 30', 'future')];
    const after = pisAfterCalendar(calendar, board, new Date('2026-08-10T00:00:00Z'));
    expect(after.map((p) => [p.name, p.start, p.iterations.map((i) => i.sprintId)])).toEqual([['PI 4', '2026-09-28', [30]]]);
    expect(pisAfterCalendar(calendar, [sprint(13, 'PI 3.3', 'active', '2026-08-03', '2026-08-23')], new Date('2026-08-10T00:00:00Z'))).toEqual([]);
  });

  it('names the PI after: numbers count up, quarters roll over', () => {
    expect(['PI 27', 'PI 2026.4', 'PI 2026.2', 'Q3 train', 'Kickoff'].map(nextPiName)).toEqual(['PI 28', 'PI 2027.1', 'PI 2026.3', 'Q4 train', 'Kickoff (next)']);
  });
});
