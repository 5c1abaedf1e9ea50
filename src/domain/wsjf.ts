import { DomainError, isNonNegativeNumber, ref, requireNonNegative } from './errors';

export interface CostOfDelayParts {
  businessValue: number;
  timeCriticality: number;
  riskReduction: number;
}

/** The parts' names by key, built once (cost of delay is computed per issue). */
const BUSINESS_VALUE = ref('settings.role.businessValue');
const TIME_CRITICALITY = ref('settings.role.timeCriticality');
const RISK_REDUCTION = ref('settings.role.riskReduction');

/** SAFe cost of delay: user-business value + time criticality + risk reduction/opportunity enablement. */
export function costOfDelay(p: CostOfDelayParts): number {
  return (
    requireNonNegative(p.businessValue, 'Business value', 'invalidNumber', BUSINESS_VALUE) +
    requireNonNegative(p.timeCriticality, 'Time criticality', 'invalidNumber', TIME_CRITICALITY) +
    requireNonNegative(p.riskReduction, 'Risk reduction / opportunity enablement', 'invalidNumber', RISK_REDUCTION)
  );
}

/** Weighted Shortest Job First: cost of delay divided by job size (job size must be > 0). */
export function wsjf(p: CostOfDelayParts & { jobSize: number }): number {
  const cod = costOfDelay(p);
  if (typeof p.jobSize !== 'number' || !Number.isFinite(p.jobSize) || p.jobSize <= 0) {
    throw new DomainError(
      'invalidJobSize',
      `Job size must be a number greater than 0 to compute WSJF, got ${String(p.jobSize)}: estimate the item first`,
      ref('domain.wsjf.jobSize', { value: String(p.jobSize) }),
    );
  }
  return cod / p.jobSize;
}

/** The modified Fibonacci scale SAFe uses for relative WSJF scoring. */
export const FIBONACCI_SCALE: readonly number[] = [1, 2, 3, 5, 8, 13, 20];

/** Relative scoring: each value / the smallest positive value, snapped to the nearest scale step (ties up, capped at 20); 0 stays 0. */
export function toFibonacciScale(values: number[]): number[] {
  values.forEach((v, i) => {
    if (!isNonNegativeNumber(v)) requireNonNegative(v, `Value #${i + 1} to normalise`, 'invalidNumber', ref('domain.what.valueToNormalise', { n: i + 1 }));
  });
  const positives = values.filter((v) => v > 0);
  if (positives.length === 0) return values.map(() => 0);
  const smallest = Math.min(...positives);
  return values.map((v) => (v === 0 ? 0 : snapToScale(v / smallest)));
}

function snapToScale(ratio: number): number {
  const top = FIBONACCI_SCALE[FIBONACCI_SCALE.length - 1];
  if (ratio >= top) return top;
  for (let i = 0; i < FIBONACCI_SCALE.length - 1; i++) {
    const low = FIBONACCI_SCALE[i];
    const high = FIBONACCI_SCALE[i + 1];
    if (ratio <= high) {
      const toLow = ratio - low;
      const toHigh = high - ratio;
      // Ties go up; the tolerance absorbs float noise such as 2.4999999999.
      return toLow < toHigh - 1e-9 ? low : high;
    }
  }
  return top;
}

/** What the priority order needs to know about an item. */
export interface PriorityKey {
  key: string;
  rank: number;
  committedOrder?: number | null;
  costOfDelay?: number | null;
  /** Job size used for WSJF; null/absent or <= 0 means the item is unscored. */
  jobSize?: number | null;
  /** A story another team needs: the iteration index it is needed by (earlier first, after committed ones). */
  neededBy?: number | null;
  /** A story another team needs (with or without a needed-by): after committed items, before the others. */
  otherTeam?: boolean;
}

/** WSJF of a priority key, or null when it is unscored (no cost of delay or no positive job size). */
export function wsjfOf(k: PriorityKey): number | null {
  if (k.costOfDelay == null || k.jobSize == null || !(k.jobSize > 0)) return null;
  return k.costOfDelay / k.jobSize;
}

/**
 * Priority order (docs/domain.md): committed items first in committed order, then stories other teams need
 * (earliest needed-by first, those without one after), then WSJF descending (ties: higher cost of delay,
 * smaller job size, then Jira rank), unscored items last by rank.
 */
export function comparePriority(a: PriorityKey, b: PriorityKey): number {
  const ca = a.committedOrder ?? null;
  const cb = b.committedOrder ?? null;
  if (ca !== null || cb !== null) {
    if (ca === null) return 1;
    if (cb === null) return -1;
    if (ca !== cb) return ca - cb;
    return a.rank - b.rank || compareKeys(a.key, b.key);
  }
  const oa = a.otherTeam === true || a.neededBy != null;
  const ob = b.otherTeam === true || b.neededBy != null;
  if (oa !== ob) return oa ? -1 : 1;
  const na = a.neededBy ?? null;
  const nb = b.neededBy ?? null;
  if (na !== nb) {
    if (na === null) return 1;
    if (nb === null) return -1;
    return na - nb;
  }
  const wa = wsjfOf(a);
  const wb = wsjfOf(b);
  if (wa === null || wb === null) {
    if (wa !== null) return -1;
    if (wb !== null) return 1;
    return a.rank - b.rank || compareKeys(a.key, b.key);
  }
  if (wa !== wb) return wb - wa;
  const codA = a.costOfDelay ?? 0;
  const codB = b.costOfDelay ?? 0;
  if (codA !== codB) return codB - codA;
  const sa = a.jobSize ?? 0;
  const sb = b.jobSize ?? 0;
  if (sa !== sb) return sa - sb;
  return a.rank - b.rank || compareKeys(a.key, b.key);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
