import type { IssueRef } from '../../src/contracts';

/** The full issue key of a compact `IssueRef` (a number is `${prefix}-${n}`). */
export function issueKey(ref: IssueRef, keyPrefix: string): string {
  return typeof ref === 'number' ? `${keyPrefix}-${ref}` : ref;
}

/** A client-side idempotency id for writes that may be retried. */
export function newId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
