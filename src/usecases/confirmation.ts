import type { FillRequest } from '../contracts';
import { AppFailure } from '../contracts/errors';
import type { CallContext } from './context';

/**
 * What a preview's token confirms: the job's input, and the fill request a commit preview was computed from.
 * A confirmation is bound to what its preview read: the confirm recomputes the input on the backlog as it is
 * now and refuses when it differs (older tokens without this shape are refused too).
 */
export interface Confirmation<I> {
  input: I;
  request?: FillRequest;
}

export async function takeToken<I>(ctx: CallContext, projectKey: string, token: string, kind: string): Promise<Confirmation<I>> {
  const record = await ctx.platform.store.takeToken<Confirmation<I>>(projectKey, token, kind, ctx.accountId);
  if (!record) throw new AppFailure('CONFIRMATION_EXPIRED', 'This confirmation has expired or was already used: preview again, then confirm.', 'token');
  if (typeof record.payload !== 'object' || record.payload === null || !('input' in record.payload)) throw changedSincePreview('The backlog');
  return record.payload;
}

export function changedSincePreview(what: string, detail = ''): AppFailure {
  return new AppFailure('STALE', `${what} changed since your preview: preview again, then confirm.${detail}`, 'token');
}

export function sameInput(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A few keys for a message ("A-1, A-2, A-3 and 4 more"). */
export function listFew(keys: readonly string[]): string {
  return keys.length <= 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more`;
}
