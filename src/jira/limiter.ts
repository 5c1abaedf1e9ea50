/**
 * One cap on the requests one user has in flight on one site, whatever read they belong to: the backlog's key
 * pages and bulk fetches, the board and its sprints, the fields, the closed sprints' search, a second resolver
 * call of the same user running at the same time. Jira throttles per user: pools that each stay below its
 * limit still exceed it together, and every 429 costs the request its `Retry-After` (a second at the least).
 * The cap is not published, so it is learned as pool.ts learns a width (slow start up to the first 429, then
 * just below it); the width a 429 met is probed again ever more rarely while it keeps meeting one.
 * Requests that others wait on go first: bulk fetches of issues come dozens at once and wait their turn behind
 * a search page (the next page's token chains them) or a one-off read.
 */

import { AdaptiveWidth, type PoolLimits } from './pool';
import type { RequestJira } from './port';

/**
 * 6 in flight at first, never more than 16, whatever Jira tolerates. A width that met a 429 is tried again only
 * after 8 full rounds (then 16, 32...): the limiter outlives a read, and a try that meets one costs a request its
 * Retry-After, which at the end of a read is the whole read's wait (a first open at 10k is ~15 rounds).
 */
export const DEFAULT_LIMITER_LIMITS: PoolLimits = { initial: 6, max: 16, probeAfterRounds: 8 };

const BULK_FETCH_PATH = '/rest/api/3/issue/bulkfetch';

type Lane = 'first' | 'bulk';

function laneOf(path: string): Lane {
  return (path.split('?')[0] ?? path) === BULK_FETCH_PATH ? 'bulk' : 'first';
}

/**
 * A user's limiter is forgotten after this long with nothing in flight or waiting: longer than Forge's longest
 * invocation (900 s), so no call still holding it can be running, and a warm instance serving many sites does
 * not keep one for every user it ever served.
 */
export const LIMITER_IDLE_MS = 16 * 60 * 1000;
/** The idle ones are looked for at most this often. */
const SWEEP_EVERY_MS = 60 * 1000;

export class RequestLimiter {
  private readonly width: AdaptiveWidth;
  private active = 0;
  private readonly waiting: Record<Lane, ((inFlight: number) => void)[]> = { first: [], bulk: [] };
  private lastUsed: number;

  constructor(limits: PoolLimits = DEFAULT_LIMITER_LIMITS, private readonly now: () => number = Date.now) {
    this.width = new AdaptiveWidth(limits);
    this.lastUsed = now();
  }

  /** Notes a call that took this limiter (it may send its first request a while later). */
  touch(): void {
    this.lastUsed = this.now();
  }

  /** Whether nothing is in flight or waiting, and nothing was for `idleMs`. */
  idleFor(idleMs: number): boolean {
    return this.active === 0 && this.waiting.first.length === 0 && this.waiting.bulk.length === 0 && this.now() - this.lastUsed >= idleMs;
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.active;
  }

  /** How many may be in flight now. */
  get cap(): number {
    return this.width.width;
  }

  /** The port with every request (each retry too) taking one of the shared slots while it is in flight. */
  wrap(port: RequestJira): RequestJira {
    return async (path, init) => {
      // How many were in flight once this one took its slot (itself included), before any sent after it.
      const sentWith = await this.slot(laneOf(path.value));
      const generation = this.width.generation;
      try {
        const response = await port(path, init);
        if (response.status === 429) this.width.throttled(generation, sentWith);
        else this.width.succeeded(generation);
        return response;
      } finally {
        this.active--;
        this.lastUsed = this.now();
        this.admit();
      }
    };
  }

  /** Resolves once the request may go, with how many are in flight then, itself included. */
  private slot(lane: Lane): Promise<number> {
    this.lastUsed = this.now();
    if (this.active < this.width.width && this.waiting.first.length === 0 && this.waiting.bulk.length === 0) {
      return Promise.resolve(++this.active);
    }
    return new Promise((resolve) => this.waiting[lane].push(resolve));
  }

  private admit(): void {
    while (this.active < this.width.width) {
      const next = this.waiting.first.shift() ?? this.waiting.bulk.shift();
      if (!next) return;
      next(++this.active);
    }
  }
}

/** The limiters of one installation's users, each made on first use and forgotten once idle (`LIMITER_IDLE_MS`). */
export class RequestLimiters {
  private readonly byAccount = new Map<string, RequestLimiter>();
  private lastSweep: number;

  constructor(
    private readonly limits: PoolLimits = DEFAULT_LIMITER_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  for(accountId: string): RequestLimiter {
    this.forgetIdle();
    let limiter = this.byAccount.get(accountId);
    if (!limiter) {
      limiter = new RequestLimiter(this.limits, this.now);
      this.byAccount.set(accountId, limiter);
    }
    limiter.touch();
    return limiter;
  }

  /** Users with a limiter kept. */
  get size(): number {
    return this.byAccount.size;
  }

  /** Drops the limiters idle for `LIMITER_IDLE_MS` (at most once a minute unless `force`); what is left. */
  forgetIdle(force = false): number {
    if (!force && this.now() - this.lastSweep < SWEEP_EVERY_MS) return this.byAccount.size;
    this.lastSweep = this.now();
    for (const [accountId, limiter] of this.byAccount) if (limiter.idleFor(LIMITER_IDLE_MS)) this.byAccount.delete(accountId);
    return this.byAccount.size;
  }
}
