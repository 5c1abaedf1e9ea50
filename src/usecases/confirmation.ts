import type { FillRequest, I18nMessage, I18nParam } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { message } from '../contracts/messages';
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
  if (!record) throw AppFailure.of('CONFIRMATION_EXPIRED', 'error.confirmationExpired', undefined, 'token');
  if (typeof record.payload !== 'object' || record.payload === null || !('input' in record.payload)) throw changedSincePreview(message('error.changed.backlog'));
  return record.payload;
}

/** STALE for a confirm whose preview no longer holds: `what` changed (a message), `detail` says how. */
export function changedSincePreview(what: I18nMessage, detail?: I18nMessage): AppFailure {
  return detail
    ? AppFailure.of('STALE', 'error.changedSincePreview.detail', { what, detail }, 'token')
    : AppFailure.of('STALE', 'error.changedSincePreview', { what }, 'token');
}

export function sameInput(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A few keys for a message ("A-1, A-2, A-3 and 4 more"). */
export function listFew(keys: readonly string[]): I18nParam {
  return keys.length <= 3 ? keys.join(', ') : message('error.listFew', { keys: keys.slice(0, 3).join(', '), more: keys.length - 3 });
}
