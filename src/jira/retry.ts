/**
 * Retry of throttled and temporarily unavailable answers (429, 503): wait as Jira asks (`Retry-After`,
 * seconds or an HTTP date) or back off exponentially with full jitter; bounded in attempts and total time.
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

export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

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

/**
 * Wraps a port so 429/503 are retried. When the attempts or the time budget run out, the last
 * response is returned unchanged and the caller turns it into a typed error.
 */
export function withRetry(requestJira: RequestJira, overrides: Partial<RetryPolicy> = {}): RequestJira {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...overrides };
  return async (path, init) => {
    const startedAt = policy.now();
    let response: JiraResponse = await requestJira(path, init);
    for (let attempt = 1; attempt < policy.maxAttempts && RETRIED_STATUSES.has(response.status); attempt++) {
      const asked = parseRetryAfter(response.headers.get('Retry-After'), policy.now());
      const delay = asked ?? backoffDelay(attempt, policy);
      if (policy.now() + delay - startedAt > policy.maxTotalMs) break;
      await policy.sleep(delay);
      response = await requestJira(path, init);
    }
    return response;
  };
}
