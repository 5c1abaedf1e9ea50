import { DomainError, requireNonNegative } from './errors';

/** Work type -> whole percent of an iteration's capacity. */
export type Allocation = Record<string, number>;

/** Throws a DomainError unless every share is a whole number 0..100 and the shares sum to exactly 100. */
export function validateAllocation(a: Allocation): void {
  if (a === null || typeof a !== 'object') {
    throw new DomainError('invalidAllocation', 'The capacity allocation is missing: set a percentage per work type');
  }
  const entries = Object.entries(a);
  if (entries.length === 0) {
    throw new DomainError('invalidAllocation', 'The capacity allocation is empty: set a percentage per work type');
  }
  let sum = 0;
  for (const [type, pct] of entries) {
    if (typeof pct !== 'number' || !Number.isInteger(pct) || pct < 0 || pct > 100) {
      throw new DomainError(
        'invalidAllocation',
        `The share of "${type}" must be a whole percentage between 0 and 100, got ${String(pct)}`,
      );
    }
    sum += pct;
  }
  if (sum !== 100) {
    throw new DomainError(
      'invalidAllocation',
      `The capacity allocation sums to ${sum}%, it must be exactly 100%: adjust the shares by ${100 - sum}`,
    );
  }
}

/**
 * Whole points per work type, largest-remainder rounding, summing to exactly floor(capacity).
 * Equal remainders go to the larger share first, then to the work type that sorts first by name.
 */
export function sliceCapacity(capacity: number, a: Allocation): Record<string, number> {
  validateAllocation(a);
  requireNonNegative(capacity, 'Iteration capacity', 'invalidCapacity');
  const total = Math.floor(capacity);
  // Integer arithmetic (total * pct is exact) keeps the rounding free of float noise.
  const parts = Object.entries(a).map(([type, pct]) => ({
    type,
    pct,
    whole: Math.floor((total * pct) / 100),
    remainder: (total * pct) % 100,
  }));
  let left = total - parts.reduce((s, p) => s + p.whole, 0);
  const byRemainder = [...parts].sort(
    (x, y) => y.remainder - x.remainder || y.pct - x.pct || (x.type < y.type ? -1 : x.type > y.type ? 1 : 0),
  );
  for (const p of byRemainder) {
    if (left === 0) break;
    if (p.remainder > 0) {
      p.whole += 1;
      left -= 1;
    }
  }
  const slices: Record<string, number> = {};
  for (const p of parts) slices[p.type] = p.whole;
  return slices;
}
