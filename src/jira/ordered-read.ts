/**
 * Reads a JQL's issues as fast as Jira allows, in the search's order: one key-only search (Jira pages those at
 * up to 5,000; each page needs the previous page's token, so that chain is the part that cannot overlap), and
 * meanwhile the issues' fields through bulk fetches of 100, several at once in a pool that narrows on 429
 * (pool.ts). A page of 100 fields-rich issues takes Jira about as long as a bulk fetch of 100, so this turns
 * ~N/100 requests one after the other into ~N/5000 plus N/100 side by side.
 *
 * The order is exact: batches are mapped strictly in the order the search named their issues, whatever order
 * they arrive in. Any failure ends the read (after the requests in flight have settled) in a typed error,
 * `JiraPartialDataError` once something was read: a partial read is never returned as whole. Issues Jira no
 * longer has or shows by the time they are fetched are left out, as a later search would leave them out.
 */

import { bulkFetchIssues, BULK_FETCH_MAX, type IssueRef } from './bulk-fetch';
import { JiraError, JiraPartialDataError } from './errors';
import type { JiraHttp } from './http';
import { AdaptiveWidth, DEFAULT_POOL_LIMITS, type PoolLimits } from './pool';
import { approximateCount, searchAllMapped, type ProgressCallback, type SearchOptions } from './search';
import type { JiraIssueJson } from './types';

/** A search's options (progress counts issues fetched so far), read with a bounded pool of bulk fetches. */
export interface OrderedReadOptions extends Omit<SearchOptions, 'fields'> {
  /**
   * The fields to fetch. A promise lets the key search start before they are known (a backlog's fields need
   * the field list and the board read first): the bulk fetches start once it resolves; if it rejects, the
   * read ends in that very error once the key search has settled.
   */
  fields: readonly string[] | Promise<readonly string[]>;
  pool?: PoolLimits;
}

/** The issues the JQL finds, in its order, each passed through `map` as soon as its turn comes. */
export async function readIssuesInOrder<T>(http: JiraHttp, options: OrderedReadOptions, map: (issue: JiraIssueJson) => T): Promise<T[]> {
  const seen = new Set<string>();
  const fetch = new OrderedFetch(http, options.pool ?? DEFAULT_POOL_LIMITS, map, options.onProgress);
  fetch.fieldsFrom(options.fields);
  if (options.countForProgress && options.onProgress) {
    void approximateCount(http, options.where).then((count) => fetch.estimate(count));
  }
  const keys = searchAllMapped(
    http,
    { where: options.where, orderBy: options.orderBy, fields: ['key'], reconcileIssueIds: options.reconcileIssueIds, onProgress: () => fetch.pump() },
    // A re-rank between two pages can name an issue twice; the first place counts.
    (issue) => {
      if (seen.has(issue.key)) return;
      seen.add(issue.key);
      fetch.add({ id: issue.id, key: issue.key });
    },
  );
  return fetch.run(keys);
}

/** The issues of `refs` in that order (without those Jira no longer has or shows), fetched in parallel. */
export async function fetchIssuesInOrder<T>(
  http: JiraHttp,
  refs: readonly IssueRef[],
  fields: readonly string[],
  map: (issue: JiraIssueJson) => T,
  pool: PoolLimits = DEFAULT_POOL_LIMITS,
): Promise<T[]> {
  const fetch = new OrderedFetch(http, pool, map, undefined);
  fetch.fieldsFrom(fields);
  refs.forEach((r) => fetch.add(r));
  return fetch.run(Promise.resolve());
}

/** The pool: batches of 100 refs fetched side by side, mapped strictly in order. */
class OrderedFetch<T> {
  private readonly refs: IssueRef[] = [];
  private readonly width: AdaptiveWidth;
  /** Batches fetched but waiting for an earlier one, by batch number. */
  private readonly waiting = new Map<number, JiraIssueJson[]>();
  private readonly out: T[] = [];
  private refsComplete = false;
  private refsFailed = false;
  private launched = 0;
  private delivered = 0;
  private inFlight = 0;
  private fetched = 0;
  private approxTotal: number | null = null;
  private throttlesSeen = 0;
  private failure: { error: unknown; asIs?: boolean } | null = null;
  private settle: () => void = () => undefined;
  /** Null until known: no bulk fetch starts before. */
  private fields: readonly string[] | null = null;

  constructor(
    private readonly http: JiraHttp,
    private readonly limits: PoolLimits,
    private readonly map: (issue: JiraIssueJson) => T,
    private readonly onProgress: ProgressCallback | undefined,
  ) {
    this.width = new AdaptiveWidth(limits);
    this.throttlesSeen = http.throttleCount?.() ?? 0;
  }

  fieldsFrom(fields: readonly string[] | Promise<readonly string[]>): void {
    if (!(fields instanceof Promise)) {
      this.fields = fields;
      return;
    }
    fields.then(
      (known) => {
        this.fields = known;
        this.pump();
      },
      // Not a failure of this read's own requests: the caller's error, as it is.
      (error: unknown) => this.fail(error, true),
    );
  }

  add(ref: IssueRef): void {
    this.refs.push(ref);
  }

  estimate(count: number | null): void {
    this.approxTotal = count;
  }

  /** Resolves with every mapped issue once `refsDone` and every batch are done; rejects on any failure. */
  async run(refsDone: Promise<unknown>): Promise<T[]> {
    const finished = new Promise<void>((resolve) => (this.settle = resolve));
    refsDone.then(
      () => {
        this.refsComplete = true;
        this.pump();
      },
      (error: unknown) => {
        this.refsFailed = true;
        this.fail(error instanceof JiraPartialDataError && error.cause instanceof JiraError ? error.cause : error);
      },
    );
    this.pump();
    await finished;
    if (this.failure) {
      const { error, asIs } = this.failure;
      // Once the search named issues, any failure leaves a backlog with holes: never usable as whole.
      if (!asIs && error instanceof JiraError && !(error instanceof JiraPartialDataError) && this.refs.length > 0) throw new JiraPartialDataError(this.fetched, error);
      throw error;
    }
    this.onProgress?.(this.out.length, this.out.length);
    return this.out;
  }

  private batchCount(): number {
    return Math.ceil(this.refs.length / BULK_FETCH_MAX);
  }

  private batchReady(batch: number): boolean {
    return this.refsComplete ? batch < this.batchCount() : (batch + 1) * BULK_FETCH_MAX <= this.refs.length;
  }

  /** Starts what the width allows; batches far ahead of the next to map wait, so memory stays bounded. */
  pump(): void {
    const ahead = 2 * this.limits.max;
    while (!this.failure && this.fields && this.inFlight < this.width.width && this.batchReady(this.launched) && this.launched - this.delivered < ahead) {
      this.start(this.launched++, this.fields);
    }
    this.checkDone();
  }

  private start(batch: number, fields: readonly string[]): void {
    this.inFlight++;
    const refs = this.refs.slice(batch * BULK_FETCH_MAX, (batch + 1) * BULK_FETCH_MAX);
    const generation = this.width.generation;
    bulkFetchIssues(this.http, refs, fields)
      .then((issues) => {
        // One narrowing per batch of 429s, not one per read that was in flight when they came.
        const throttles = this.http.throttleCount?.() ?? 0;
        if (throttles > this.throttlesSeen) this.width.throttled(generation);
        else this.width.succeeded(generation);
        this.throttlesSeen = throttles;
        this.fetched += issues.length;
        this.waiting.set(batch, issues);
        this.deliver();
        this.onProgress?.(this.fetched, this.total());
      })
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.inFlight--;
        this.pump();
      });
  }

  private deliver(): void {
    for (let issues = this.waiting.get(this.delivered); issues; issues = this.waiting.get(this.delivered)) {
      this.waiting.delete(this.delivered++);
      for (const issue of issues) this.out.push(this.map(issue));
    }
  }

  private total(): number | null {
    if (this.refsComplete) return this.refs.length;
    return this.approxTotal === null ? null : Math.max(this.approxTotal, this.refs.length, this.fetched);
  }

  private fail(error: unknown, asIs = false): void {
    this.failure ??= { error, asIs };
    this.checkDone();
  }

  private checkDone(): void {
    if (this.inFlight > 0) return;
    const refsSettled = this.refsComplete || this.refsFailed;
    if (this.failure && refsSettled) this.settle();
    else if (this.refsComplete && this.delivered === this.batchCount()) this.settle();
  }
}
