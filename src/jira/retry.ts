/**
 * Retry of throttled and temporarily unavailable answers (429, 503; and for requests safe to repeat, 5xx and
 * lost or hung connections): wait as Jira asks (`Retry-After`, seconds or an HTTP date) or back off
 * exponentially with full jitter; bounded in attempts and total time.
 * Sleep, clock and randomness are injected so tests never wait.
 */

import type { JiraResponse, RequestJira } from './port';

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Give up instead of waiting when the next wait would end later than this after the first attempt. */
  maxTotalMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** In [0, 1). */
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  maxTotalMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  random: () => Math.random(),
};

/** Milliseconds Jira asks us to wait, from `Retry-After` as delta-seconds or an HTTP date; null if absent/unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** Full-jitter exponential back-off for the given retry number (1 = first retry). */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * ceiling);
}

/** Answers worth another attempt for any request: Jira has not acted on them. */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 503]);
/** Answers worth another attempt only when repeating the request cannot do anything twice. */
export const RETRIED_WHEN_REPEATABLE: ReadonlySet<number> = new Set([500, 502, 504]);

// POSTs that only read (the enhanced search, its count and the bulk fetch of issues), and the app field value
// update, which sets values: sending it again lands the same.
const READ_ONLY_POSTS = new Set(['/rest/api/3/search/jql', '/rest/api/3/search/approximate-count', '/rest/api/3/issue/bulkfetch', '/rest/api/3/app/field/value']);

/** GET, PUT (Jira's PUTs here set state: repeating one lands the same), the read-only search POSTs and the app field value update. */
export function isRepeatable(path: string, method: string): boolean {
  if (method === 'GET' || method === 'PUT') return true;
  return method === 'POST' && READ_ONLY_POSTS.has(path.split('?')[0] ?? path);
}

/**
 * Wraps a port so 429/503 are retried, and, for requests that are safe to repeat, also 500/502/504, lost
 * connections and attempts that passed their deadline. When the attempts or the time budget run out, the last
 * response is returned unchanged (the caller turns it into a typed error) or the last failure is rethrown.
 * `attemptTimeoutMs` is the deadline of one attempt: a request that hung is only tried again when a whole
 * further attempt still fits the budget.
 */
export function withRetry(requestJira: RequestJira, overrides: Partial<RetryPolicy> = {}, attemptTimeoutMs = 0): RequestJira {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...overrides };
  return async (path, init) => {
    const repeatable = isRepeatable(path.value, init?.method ?? 'GET');
    const startedAt = policy.now();
    for (let attempt = 1; ; attempt++) {
      let response: JiraResponse | null = null;
      let failure: unknown = null;
      try {
        response = await requestJira(path, init);
      } catch (error) {
        failure = error;
      }
      const retryable = response
        ? RETRIED_STATUSES.has(response.status) || (repeatable && RETRIED_WHEN_REPEATABLE.has(response.status))
        : repeatable;
      const asked = response ? parseRetryAfter(response.headers.get('Retry-After'), policy.now()) : null;
      const delay = asked ?? backoffDelay(attempt, policy);
      const nextAttempt = response ? 0 : attemptTimeoutMs;
      const giveUp = !retryable || attempt >= policy.maxAttempts || policy.now() + delay + nextAttempt - startedAt > policy.maxTotalMs;
      if (giveUp) {
        if (response) return response;
        throw failure;
      }
      await policy.sleep(delay);
    }
  };
}
