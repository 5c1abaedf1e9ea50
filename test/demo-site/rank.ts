/**
 * LexoRank-like rank strings: base-36 digit strings compared lexicographically. New ranks are taken
 * between two neighbours, so a move changes only the moved issues' ranks, as in Jira.
 */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;

/** Evenly spaced ranks for a freshly seeded order of `count` issues. */
export function initialRanks(count: number): string[] {
  const width = 8;
  const space = BASE ** 6; // leave 2 trailing digits of headroom below each rank
  const step = Math.max(1, Math.floor(space / (count + 1)));
  const ranks: string[] = [];
  for (let i = 1; i <= count; i++) ranks.push(((i * step) * BASE * BASE).toString(36).padStart(width, '0'));
  return ranks;
}

function toDigits(value: string, length: number, pad: number): number[] {
  const digits: number[] = [];
  for (let i = 0; i < length; i++) digits.push(i < value.length ? DIGITS.indexOf(value[i]) : pad);
  return digits;
}

/** A rank strictly between `lower` and `upper` (either may be null for the open ends). */
export function rankBetween(lower: string | null, upper: string | null): string {
  const lo = lower ?? '';
  const hi = upper ?? '';
  if (upper !== null && lower !== null && lo >= hi) throw new Error(`rankBetween: ${lo} is not below ${hi}`);
  for (let length = Math.max(lo.length, hi.length) + 1; ; length++) {
    const a = toDigits(lo, length, 0);
    const b = upper === null ? new Array<number>(length).fill(BASE - 1) : toDigits(hi, length, 0);
    // midpoint of a and b as base-36 numbers of `length` digits
    const sum = new Array<number>(length + 1).fill(0);
    for (let i = length - 1; i >= 0; i--) {
      const s = a[i] + b[i] + sum[i + 1];
      sum[i + 1] = s % BASE;
      sum[i] = Math.floor(s / BASE);
    }
    const mid: number[] = [];
    let carry = 0;
    for (let i = 0; i <= length; i++) {
      const v = carry * BASE + sum[i];
      if (i > 0) mid.push(Math.floor(v / 2));
      carry = v % 2;
    }
    const candidate = mid.map((d) => DIGITS[d]).join('').replace(/0+$/, '');
    if (candidate > lo && (upper === null || candidate < hi) && candidate.length > 0) return candidate;
  }
}
