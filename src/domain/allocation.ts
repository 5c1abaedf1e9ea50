import { DomainError, isNonNegativeNumber, ref, requireNonNegative } from './errors';

/** Built once: `sliceCapacity` runs per iteration and plan. */
const ITERATION_CAPACITY = ref('domain.what.iterationCapacity');

/** Work type -> whole percent of an iteration's capacity. */
export type Allocation = Record<string, number>;

/** Throws a DomainError unless every share is a whole number 0..100 and the shares sum to exactly 100. */
export function validateAllocation(a: Allocation): void {
  if (a === null || typeof a !== 'object') {
    throw new DomainError('invalidAllocation', 'The capacity allocation is missing: set a percentage per work type', ref('domain.allocation.missing'));
  }
  const entries = Object.entries(a);
  if (entries.length === 0) {
    throw new DomainError('invalidAllocation', 'The capacity allocation is empty: set a percentage per work type', ref('domain.allocation.empty'));
  }
  let sum = 0;
  for (const [type, pct] of entries) {
    if (typeof pct !== 'number' || !Number.isInteger(pct) || pct < 0 || pct > 100) {
      throw new DomainError(
        'invalidAllocation',
        `The share of "${type}" must be a whole percentage between 0 and 100, got ${String(pct)}`,
        ref('domain.allocation.share', { type, value: String(pct) }),
      );
    }
    sum += pct;
  }
  if (sum !== 100) {
    throw new DomainError(
      'invalidAllocation',
      `The capacity allocation sums to ${sum}%, it must be exactly 100%: adjust the shares by ${100 - sum}`,
      ref('domain.allocation.sum', { sum, by: 100 - sum }),
    );
  }
}

/**
 * Whole points per work type, largest-remainder rounding, summing to exactly floor(capacity).
 * Equal remainders go to the larger share first, then to the work type that sorts first by name.
 */
export function sliceCapacity(capacity: number, a: Allocation): Record<string, number> {
  validateAllocation(a);
  requireNonNegative(capacity, 'Iteration capacity', 'invalidCapacity', ITERATION_CAPACITY);
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

/**
 * What an iteration has left for the fill once `reserved` points (by work type: items the PO pinned there)
 * are placed: its capacity less all of them, and each type's slice less its own, never below 0. A pin takes
 * room from its own type's slice, not from every type's; pins beyond their type's slice take the excess from
 * the other types, in proportion to what those have left (so the slices never promise more than is left).
 */
export function roomAfterReserved(
  capacity: number,
  a: Allocation,
  reserved: Readonly<Record<string, number>> = {},
  /** The PO's name of a work type id, for messages (default: the id). */
  nameOf: (id: string) => string = (id) => id,
): { capacity: number; slices: Record<string, number> } {
  const slices = sliceCapacity(capacity, a);
  let taken = 0;
  for (const [type, points] of Object.entries(reserved)) {
    if (!(type in slices)) {
      throw new DomainError('unknownWorkType', `Points are pinned to ${nameOf(type)} work, which has no share in the allocation: ${giveShare(nameOf(type))}`, ref('domain.allocation.pinnedNoShare', { type: nameOf(type) }));
    }
    if (!isNonNegativeNumber(points)) requireNonNegative(points, `Points pinned to ${nameOf(type)}`, 'invalidNumber', ref('domain.what.pinnedPoints', { type: nameOf(type) }));
    taken += points;
    slices[type] = Math.max(0, (slices[type] as number) - points);
  }
  const left = Math.max(0, capacity - taken);
  const promised = Object.values(slices).reduce((sum, v) => sum + v, 0);
  if (promised > left) shareOut(slices, Math.floor(left), promised);
  return { capacity: left, slices };
}

/** What a PO does about a work type missing from the allocation. */
export function giveShare(name: string): string {
  return `give ${name} a share on the Balance tab (0% is fine)`;
}

/** Scales `slices` (summing to `promised`) down to whole points summing to `total`, largest remainder first. */
function shareOut(slices: Record<string, number>, total: number, promised: number): void {
  const parts = Object.entries(slices).map(([type, had]) => {
    const exact = (total * had) / promised;
    return { type, had, whole: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let spare = total - parts.reduce((sum, p) => sum + p.whole, 0);
  const order = [...parts].sort((x, y) => y.remainder - x.remainder || y.had - x.had || (x.type < y.type ? -1 : 1));
  for (const p of order) {
    if (spare <= 0) break;
    if (p.remainder > 0) {
      p.whole += 1;
      spare -= 1;
    }
  }
  for (const p of parts) slices[p.type] = p.whole;
}
