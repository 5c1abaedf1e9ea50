/** Fault switches: tests turn them on to see how the client copes with Jira's bad days. */

export interface PathScope {
  /** Only requests whose path starts with this are affected (default: every request). */
  pathPrefix?: string;
}

interface CountedFault extends PathScope {
  remaining: number;
}

export interface FaultSwitches {
  /** The next `count` matching requests answer 429 with `Retry-After: retryAfterSeconds` (default 1). */
  rateLimit(count: number, options?: PathScope & { retryAfterSeconds?: number }): void;
  /** The next `count` matching requests answer `status` (default 503). */
  serverError(count: number, options?: PathScope & { status?: number }): void;
  /** Delay every matching response by `ms` (0 turns it off). */
  slow(ms: number, options?: PathScope): void;
  /** Page `page` (1-based) of any search answers `status` (default 500), `times` times (default 1). */
  failSearchPage(page: number, options?: { status?: number; times?: number }): void;
  /**
   * The next `times` (default 1) rank calls fail for the listed issue keys, or for the last `lastN`
   * issues of the batch: those stay where they were, the others move, and the answer is 207.
   */
  failRankPartially(options: { keys?: string[]; lastN?: number; times?: number }): void;
  /**
   * Bulk fetch calls answer `status` (default 500) `times` times (default 1), after `after` calls that
   * succeed (default 0): a page of a parallel read failing mid-way.
   */
  failBulkFetch(options?: { after?: number; status?: number; times?: number }): void;
  /** The next bulk fetch calls list `count` issues in all (the first ones of each call) under `issueErrors` instead of returning them. */
  bulkFetchIssueErrors(count: number): void;
  /** Turn every switch off. */
  clear(): void;
}

export class FaultState implements FaultSwitches {
  rateLimited: (CountedFault & { retryAfterSeconds: number }) | null = null;
  serverErrors: (CountedFault & { status: number }) | null = null;
  latency: { ms: number; pathPrefix?: string } | null = null;
  searchPage: { page: number; status: number; remaining: number } | null = null;
  rank: { keys: Set<string>; lastN: number; remaining: number } | null = null;
  bulkFetch: { remainingBefore: number; status: number; times: number } | null = null;
  bulkFetchErrors = 0;

  rateLimit(count: number, options: PathScope & { retryAfterSeconds?: number } = {}): void {
    this.rateLimited = count > 0 ? { remaining: count, retryAfterSeconds: options.retryAfterSeconds ?? 1, pathPrefix: options.pathPrefix } : null;
  }
  serverError(count: number, options: PathScope & { status?: number } = {}): void {
    this.serverErrors = count > 0 ? { remaining: count, status: options.status ?? 503, pathPrefix: options.pathPrefix } : null;
  }
  slow(ms: number, options: PathScope = {}): void {
    this.latency = ms > 0 ? { ms, pathPrefix: options.pathPrefix } : null;
  }
  failSearchPage(page: number, options: { status?: number; times?: number } = {}): void {
    this.searchPage = { page, status: options.status ?? 500, remaining: options.times ?? 1 };
  }
  failRankPartially(options: { keys?: string[]; lastN?: number; times?: number }): void {
    this.rank = { keys: new Set(options.keys ?? []), lastN: options.lastN ?? 0, remaining: options.times ?? 1 };
  }
  failBulkFetch(options: { after?: number; status?: number; times?: number } = {}): void {
    this.bulkFetch = { remainingBefore: options.after ?? 0, status: options.status ?? 500, times: options.times ?? 1 };
  }
  bulkFetchIssueErrors(count: number): void {
    this.bulkFetchErrors = Math.max(0, count);
  }
  /** How many of a bulk fetch's `found` issues to report as issue errors (consumed). */
  takeBulkFetchIssueErrors(found: number): number {
    const taken = Math.min(found, this.bulkFetchErrors);
    this.bulkFetchErrors -= taken;
    return taken;
  }
  clear(): void {
    this.bulkFetch = null;
    this.bulkFetchErrors = 0;
    this.rateLimited = null;
    this.serverErrors = null;
    this.latency = null;
    this.searchPage = null;
    this.rank = null;
  }

  /** Consume one use of a counted fault when it applies to `path`. */
  static take<T extends CountedFault>(fault: T | null, path: string): T | null {
    if (!fault || fault.remaining <= 0) return null;
    if (fault.pathPrefix && !path.startsWith(fault.pathPrefix)) return null;
    fault.remaining--;
    return fault;
  }
}
