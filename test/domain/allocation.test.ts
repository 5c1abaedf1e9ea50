import fc from 'fast-check';
import { DomainError, roomAfterReserved, sliceCapacity, validateAllocation } from '../../src/domain';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'not a DomainError';
  }
  return undefined;
};

describe('validateAllocation', () => {
  it('accepts whole shares summing to 100 (zero shares allowed)', () => {
    expect(() => validateAllocation({ feature: 60, enabler: 20, maintenance: 20, techDebt: 0 })).not.toThrow();
  });

  it.each([
    [{ feature: 60, enabler: 39 }, /sums to 99%/],
    [{ feature: 60, enabler: 41 }, /sums to 101%/],
    [{ feature: 50.5, enabler: 49.5 }, /whole percentage/],
    [{ feature: NaN, enabler: 100 }, /whole percentage/],
    [{ feature: -10, enabler: 110 }, /whole percentage/],
    [{}, /empty/],
  ])('rejects %j', (a, message) => {
    expect(() => validateAllocation(a)).toThrow(message);
    expect(codeOf(() => validateAllocation(a))).toBe('invalidAllocation');
  });
});

describe('sliceCapacity', () => {
  it('allocates a velocity of 37 across five types by largest remainder', () => {
    // 37 x 40% = 14.8, x 20% = 7.4, x 20% = 7.4, x 10% = 3.7, x 10% = 3.7
    // floors 14 + 7 + 7 + 3 + 3 = 34; the 3 points left go to the largest remainders .8, .7, .7
    expect(sliceCapacity(37, { feature: 40, enabler: 20, maintenance: 20, techDebt: 10, improvement: 10 })).toEqual({
      feature: 15,
      enabler: 7,
      maintenance: 7,
      techDebt: 4,
      improvement: 4,
    });
  });

  it('floors a fractional capacity (velocity 36.67) before slicing', () => {
    // 36 x 50% = 18, x 30% = 10.8, x 20% = 7.2 -> 18 + 10 + 7 = 35, one left to .8
    expect(sliceCapacity(110 / 3, { feature: 50, enabler: 30, techDebt: 20 })).toEqual({ feature: 18, enabler: 11, techDebt: 7 });
  });

  it('breaks equal remainders by larger share, then by name', () => {
    // 5 x 1/3 each: 33% -> 1.65, 33% -> 1.65, 34% -> 1.7: floors 1+1+1, 2 left: .7 (c) then .65 tie -> a
    expect(sliceCapacity(5, { b: 33, a: 33, c: 34 })).toEqual({ a: 2, b: 1, c: 2 });
  });

  it('rejects a negative or NaN capacity', () => {
    expect(codeOf(() => sliceCapacity(-1, { feature: 100 }))).toBe('invalidCapacity');
    expect(codeOf(() => sliceCapacity(NaN, { feature: 100 }))).toBe('invalidCapacity');
  });

  it('always sums to floor(capacity), each slice within 1 of its exact share', () => {
    const allocation = fc
      .array(fc.nat(100), { minLength: 1, maxLength: 6 })
      .filter((xs) => xs.reduce((s, x) => s + x, 0) > 0)
      .map((weights) => {
        // Turn arbitrary weights into whole percents summing to 100.
        const total = weights.reduce((s, x) => s + x, 0);
        const pct = weights.map((w) => Math.floor((w * 100) / total));
        pct[0] += 100 - pct.reduce((s, x) => s + x, 0);
        return Object.fromEntries(pct.map((p, i) => [`t${i}`, p]));
      });
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500, noNaN: true }), allocation, (capacity, a) => {
        const slices = sliceCapacity(capacity, a);
        const values = Object.values(slices);
        expect(values.reduce((s, x) => s + x, 0)).toBe(Math.floor(capacity));
        for (const [type, pct] of Object.entries(a)) {
          const exact = (Math.floor(capacity) * pct) / 100;
          expect(Number.isInteger(slices[type])).toBe(true);
          expect(Math.abs(slices[type] - exact)).toBeLessThan(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('roomAfterReserved', () => {
  it('takes pinned points from their own slice and from the iteration', () => {
    expect(roomAfterReserved(20, { feature: 50, maintenance: 50 }, { maintenance: 4 })).toEqual({ capacity: 16, slices: { feature: 10, maintenance: 6 } });
  });

  it('shares what is left among the other types when pins go beyond their slice', () => {
    expect(roomAfterReserved(20, { feature: 50, maintenance: 50 }, { maintenance: 15 })).toEqual({ capacity: 5, slices: { feature: 5, maintenance: 0 } });
    expect(roomAfterReserved(20, { feature: 50, enabler: 25, maintenance: 25 }, { maintenance: 12 })).toEqual({
      capacity: 8,
      slices: { feature: 5, enabler: 3, maintenance: 0 },
    });
  });

  it('never promises more than is left, whatever is pinned', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 3 }), (capacity, pins) => {
        const room = roomAfterReserved(capacity, { feature: 40, enabler: 35, maintenance: 25 }, { feature: pins[0] ?? 0, enabler: pins[1] ?? 0, maintenance: pins[2] ?? 0 });
        const promised = Object.values(room.slices).reduce((a, b) => a + b, 0);
        expect(promised).toBeLessThanOrEqual(room.capacity);
        expect(Object.values(room.slices).every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      }),
    );
  });

  it('refuses points reserved for an unknown work type or a negative number', () => {
    expect(() => roomAfterReserved(20, { feature: 100 }, { research: 2 })).toThrow(DomainError);
    expect(() => roomAfterReserved(20, { feature: 100 }, { feature: -2 })).toThrow(DomainError);
  });
});

