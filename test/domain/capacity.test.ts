import { DomainError, normalizedCapacity, velocity } from '../../src/domain';

describe('velocity', () => {
  it('is the mean of the last three closed sprints by default', () => {
    // last three of 20, 30, 34, 38, 39 -> (34 + 38 + 39) / 3 = 37
    expect(velocity([20, 30, 34, 38, 39])).toBe(37);
  });
  it('uses what there is when fewer sprints are closed, and 0 when none', () => {
    expect(velocity([30, 40])).toBe(35);
    expect(velocity([])).toBe(0);
  });
  it('honours a custom window', () => {
    expect(velocity([10, 20, 30, 40], 2)).toBe(35);
  });
  it('rejects negative or NaN points and a bad window', () => {
    expect(() => velocity([10, -1])).toThrow(DomainError);
    expect(() => velocity([NaN])).toThrow(DomainError);
    expect(() => velocity([1], 0)).toThrow(DomainError);
  });
});

describe('normalizedCapacity', () => {
  it('is 8 points per FTE minus one per day off, never below 0 per member, floored', () => {
    // 8 + (8 - 2) + (4 - 0) + max(0, 8 x 0.3 - 5) = 8 + 6 + 4 + 0 = 18; 0.5 x 8 - 0.5 = 3.5 -> 21.5 -> 21
    expect(
      normalizedCapacity([
        { fte: 1, daysOff: 0 },
        { fte: 1, daysOff: 2 },
        { fte: 0.5, daysOff: 0 },
        { fte: 0.3, daysOff: 5 },
        { fte: 0.5, daysOff: 0.5 },
      ]),
    ).toBe(21);
  });
  it('is 0 for an empty team and rejects negative FTE', () => {
    expect(normalizedCapacity([])).toBe(0);
    expect(() => normalizedCapacity([{ fte: -1, daysOff: 0 }])).toThrow(DomainError);
  });
});
