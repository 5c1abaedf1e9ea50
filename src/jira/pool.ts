/**
 * How many reads to keep in flight at once. Jira does not publish how many requests a user may have open; it
 * answers 429 when there are too many. So the width starts moderate, doubles each round until the first 429,
 * then grows by one after a full round of reads without one (slow start, then additive increase, as TCP finds
 * a link's capacity). A 429 at the edge narrows by one, to just below the limit (a quarter, as TCP, left the
 * pool at 3/4 of what Jira allows until it grew back, a round at a time: the largest loss against Jira's
 * limit under the latency model); 429s again within a round (a storm) narrow by a quarter each round. The width
 * that met the 429 is tried again only every few rounds, twice as many after each try that met one again. Reads that were already in flight when it shrank do
 * not count towards growing. The 429'd request itself is retried by the client after `Retry-After`.
 */

export interface PoolLimits {
  /** Reads in flight at the start. */
  initial: number;
  /** Never more than this many at once, whatever Jira tolerates. */
  max: number;
  /** Full rounds below the width that met a 429 before it is tried again (default `PROBE_AFTER_ROUNDS`). */
  probeAfterRounds?: number;
}

/** The default: 6 at first, at most 16 (16 bulk fetches of 100 issues are 1,600 issues in flight). */
export const DEFAULT_POOL_LIMITS: PoolLimits = { initial: 6, max: 16 };

/** Full rounds at one below the width that met a 429 before that width is tried again. */
export const PROBE_AFTER_ROUNDS = 3;
/** The most rounds between two tries of a width that keeps meeting a 429 (Jira's limit may yet move). */
export const MAX_PROBE_AFTER_ROUNDS = 48;

export class AdaptiveWidth {
  private current: number;
  private successes = 0;
  private narrowings = 0;
  /** Successes since the last narrowing (Infinity before the first). */
  private sinceNarrowing = Number.POSITIVE_INFINITY;
  /** The width that last met a 429 (no growth to it without a probe); Infinity once a probe got through. */
  private failedAt = Number.POSITIVE_INFINITY;
  private heldRounds = 0;
  /** Rounds to hold below `failedAt` before trying it: doubled each time a try meets a 429 again. */
  private probeAfter: number;

  constructor(private readonly limits: PoolLimits = DEFAULT_POOL_LIMITS) {
    this.current = Math.max(1, Math.min(limits.initial, limits.max));
    this.probeAfter = this.firstProbe();
  }

  private firstProbe(): number {
    return this.limits.probeAfterRounds ?? PROBE_AFTER_ROUNDS;
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
    this.sinceNarrowing++;
    if (++this.successes < this.current) return;
    this.successes = 0;
    // A full round without a 429: one wider, but the width that met one only every few rounds (each try
    // that meets a 429 again costs a read its Retry-After); once a try gets through, Jira's limit moved.
    if (this.current >= this.failedAt) this.failedAt = Number.POSITIVE_INFINITY;
    if (this.current + 1 < this.failedAt || ++this.heldRounds >= this.probeAfter) {
      this.heldRounds = 0;
      this.current = Math.min(this.limits.max, this.current + 1);
    }
  }

  /**
   * A 429 was met while a read started at `generation` was in flight. Met at the edge (a round after the last one, or the first):
   * one narrower, the width just below Jira's limit; met again within a round of narrowing (a storm): a quarter.
   * `inFlight`, when known: how many were in flight when the throttled request was sent (itself included);
   * Jira's limit is below that, however much wider the width had grown meanwhile (slow start overshoots).
   */
  throttled(generation: number = this.narrowings, inFlight: number = Number.POSITIVE_INFINITY): void {
    // Started before the last narrowing: its 429 came from the wider pool, which that narrowing answered; but
    // what was in flight when it was sent is still an upper bound on Jira's limit (slow start sent several past it).
    if (generation !== this.narrowings) {
      this.current = Math.max(1, Math.min(this.current, inFlight - 1));
      return;
    }
    const storm = this.sinceNarrowing < this.current;
    const met = Math.max(1, Math.min(this.current, inFlight));
    // A try of the very width that met the last 429 met one again: that is Jira's limit, try it more rarely
    // (each try costs a read its Retry-After); a 429 at any other width starts the count afresh.
    this.probeAfter = met === this.failedAt ? Math.min(MAX_PROBE_AFTER_ROUNDS, this.probeAfter * 2) : this.firstProbe();
    this.narrowings++;
    this.successes = 0;
    this.heldRounds = 0;
    this.sinceNarrowing = 0;
    this.failedAt = met;
    this.current = Math.max(1, Math.min(storm ? Math.floor(this.current * 0.75) : this.current - 1, met - 1));
  }
}
