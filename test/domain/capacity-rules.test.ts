import { allocationInEffect, estimateIterationCapacity, pointsKnownAt, workingDays } from '../../src/domain';

const five = ['Ana', 'Bo', 'Cy', 'Dee', 'Eli'].map((name) => ({ name, fte: 1 }));
const base = { manual: null, members: five, absenceDays: 0, workingDays: 10 };

describe('velocity counts only when one of the last sprints completed points (issue 13, case 5)', () => {
  it('one closed sprint with 0 completed points and 5 full-time members: the normalized estimate, 40', () => {
    const estimate = estimateIterationCapacity({ ...base, closedSprintPoints: [0] });
    expect(estimate).toMatchObject({ capacity: 40, source: 'normalized' });
    expect(estimate.detail).toMatch(/no velocity yet/);
  });

  it('the normalized estimate is lowered by the days off', () => {
    expect(estimateIterationCapacity({ ...base, closedSprintPoints: [0, 0], daysOffByMember: { Ana: 3 } })).toMatchObject({ capacity: 37, source: 'normalized' });
  });

  it('all-zero sprints and no members: no capacity source, said as such', () => {
    const estimate = estimateIterationCapacity({ ...base, members: [], closedSprintPoints: [0, 0, 0] });
    expect(estimate).toMatchObject({ capacity: 0, source: 'none' });
    expect(estimate.detail).toMatch(/no velocity yet and no team members in Settings/);
  });

  it('a sprint with points makes it velocity: the mean of the last three, zeros included', () => {
    expect(estimateIterationCapacity({ ...base, closedSprintPoints: [50, 0, 30, 0] })).toMatchObject({ capacity: 10, source: 'velocity' });
  });

  it('a manual figure wins over both', () => {
    expect(estimateIterationCapacity({ ...base, manual: 12, closedSprintPoints: [30] })).toMatchObject({ capacity: 12, source: 'manual' });
  });
});

describe('known absence lowers velocity by available / full member-days (issue 13, case 5)', () => {
  it('velocity 33, one member 5 days off of 10 working days for 5 members: 33 x 45/50 = 29.7', () => {
    const estimate = estimateIterationCapacity({ ...base, closedSprintPoints: [33, 33, 33], daysOffByMember: { Cy: 5 } });
    expect(estimate.source).toBe('velocity');
    expect(estimate.capacity).toBeCloseTo(29.7, 10);
    expect(estimate.detail).toMatch(/45 of 50 member-days/);
  });

  it('absence days not put on anyone count too, and a member is never below 0 days', () => {
    // Cy away 12 of 10 days counts 10; one more team-wide day: 50 - 10 - 1 = 39 of 50.
    const estimate = estimateIterationCapacity({ ...base, closedSprintPoints: [20], daysOffByMember: { Cy: 12 }, absenceDays: 1 });
    expect(estimate.capacity).toBeCloseTo((20 * 39) / 50, 10);
  });

  it('without members or days off, velocity stands as measured', () => {
    expect(estimateIterationCapacity({ ...base, members: [], closedSprintPoints: [21, 24, 18] }).capacity).toBe(21);
    expect(estimateIterationCapacity({ ...base, closedSprintPoints: [21, 24, 18] }).capacity).toBe(21);
  });
});

describe('the past is not rewritten (issue 13, case 13)', () => {
  const closed = [
    { sprintId: 1, completeDate: '2026-09-15T16:00:00Z', completedPoints: 10 },
    { sprintId: 2, completeDate: '2026-09-29T16:00:00Z', completedPoints: 20 },
    { sprintId: 3, completeDate: '2026-10-13T16:00:00Z', completedPoints: 30 },
    { sprintId: 4, completeDate: '2026-10-27T16:00:00Z', completedPoints: 40 },
  ];

  it("a past iteration's velocity is the one known when it started: the sprints closed before it", () => {
    // Sprint 3 ran 2026-09-30..2026-10-13: only sprints 1 and 2 had closed when it started.
    expect(pointsKnownAt(closed, { start: '2026-09-30', sprintId: 3 })).toEqual([10, 20]);
    // A sprint that closes on the morning the next one starts is known to it.
    expect(pointsKnownAt(closed, { start: '2026-10-27', sprintId: 5 })).toEqual([10, 20, 30, 40]);
    expect(pointsKnownAt(closed, { start: '2026-12-01', sprintId: null })).toEqual([10, 20, 30, 40]);
  });

  it('a closed iteration keeps the allocation in effect when it closed, not one saved since', () => {
    const saves = [
      { savedAt: '2026-11-02T09:00:00Z', value: { feature: 50, enabler: 50 } },
      { savedAt: '2026-10-01T09:00:00Z', value: { feature: 80, enabler: 20 } },
    ];
    const fallback = { feature: 60, enabler: 40 };
    expect(allocationInEffect(saves, '2026-10-13', fallback)).toEqual({ feature: 80, enabler: 20 });
    expect(allocationInEffect(saves, '2026-09-29', fallback)).toEqual(fallback);
    expect(allocationInEffect(saves, '2026-11-30', fallback)).toEqual({ feature: 50, enabler: 50 });
  });
});

describe('workingDays', () => {
  it('counts Monday to Friday, both ends included', () => {
    expect(workingDays('2026-11-02', '2026-11-13')).toBe(10); // two full weeks
    expect(workingDays('2026-11-07', '2026-11-08')).toBe(0); // a weekend
    expect(workingDays('2026-11-13', '2026-11-13')).toBe(1);
    expect(workingDays('2026-11-14', '2026-11-13')).toBe(0);
  });
});
