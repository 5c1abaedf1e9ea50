import { DomainError, ref } from './errors';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds since the epoch of an ISO 8601 string or Date; DomainError when it is not a date. */
export function toMillis(value: string | Date, what: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new DomainError('invalidDate', `${what} is not a valid date: ${String(value)}`, ref('domain.invalidDate', { what, value: String(value) }));
  return ms;
}
