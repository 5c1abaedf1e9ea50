import { DomainError, ref, type MessageRef } from './errors';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds since the epoch of an ISO 8601 string or Date; NaN when it is not a date (see `toMillis`). */
export function millisOf(value: string | Date): number {
  return value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
}

/** Milliseconds since the epoch of an ISO 8601 string or Date; DomainError when it is not a date, `what` named by key (`whatRef`). */
export function toMillis(value: string | Date, what: string, whatRef: MessageRef): number {
  const ms = millisOf(value);
  if (!Number.isFinite(ms)) throw new DomainError('invalidDate', `${what} is not a valid date: ${String(value)}`, ref('domain.invalidDate', { what: whatRef, value: String(value) }));
  return ms;
}

/** The label of "now" (given by the caller, never read from Jira), by key. */
export const NOW_LABEL = ref('domain.what.now');
