/**
 * How many reads to keep in flight at once. Jira does not publish how many requests a user may have open; it
 * answers 429 when there are too many. So the width starts moderate, doubles each round until the first 429,
 * then grows by one after a full round of reads without one, and shrinks by a quarter when one was met
 * (slow start, then additive increase and multiplicative decrease, as TCP finds a link's capacity); reads
 * that were already in flight when it shrank do not count towards growing. The 429'd request itself is retried by the client after `Retry-After`.
 */

export interface PoolLimits {
  /** Reads in flight at the start. */
  initial: number;
  /** Never more than this many at once, whatever Jira tolerates. */
  max: number;
}

/** The default: 6 at first, at most 16 (16 bulk fetches of 100 issues are 1,600 issues in flight). */
export const DEFAULT_POOL_LIMITS: PoolLimits = { initial: 6, max: 16 };

export class AdaptiveWidth {
  private current: number;
  private successes = 0;
  private narrowings = 0;

  constructor(private readonly limits: PoolLimits = DEFAULT_POOL_LIMITS) {
    this.current = Math.max(1, Math.min(limits.initial, limits.max));
  }

  get width(): number {
    return this.current;
  }

  /** Counts the narrowings: a read started before the last one proves nothing about the narrower pool. */
  get generation(): number {
    return this.narrowings;
  }

  /** A read started at `generation` finished without any 429 met meanwhile. */
  succeeded(generation: number = this.narrowings): void {
    if (generation !== this.narrowings) return;
    // Until the first 429, one wider per read that succeeds (doubling each round, as TCP's slow start):
    // the pool finds Jira's cap within a few rounds instead of a few dozen.
    if (this.narrowings === 0) {
      this.current = Math.min(this.limits.max, this.current + 1);
      return;
    }
    if (++this.successes < this.current) return;
    this.successes = 0;
    this.current = Math.min(this.limits.max, this.current + 1);
  }

  /** A 429 was met while a read was in flight. */
  throttled(): void {
    this.narrowings++;
    this.successes = 0;
    this.current = Math.max(1, Math.floor(this.current * 0.75));
  }
}
