import { JiraNotFoundError, route } from '../jira';
import { ERASED_ACCOUNT } from '../storage';
import type { I18nMessage, MessageKey } from '../contracts';
import { englishText, message } from '../contracts/messages';
import type { CallContext } from './context';

/** How long one instance reuses a display name per viewer: names change rarely, history views list the same few. */
const NAME_MAX_AGE_MS = 10 * 60_000;

/** Why there is no display name to show: an erased account, no name in Jira, hidden from this user, lookup failed. */
export type NamePlaceholder = 'formerUser' | 'unnamedUser' | 'hiddenUser' | 'someone';

/** A person as the UI names them: Jira's display name, or a placeholder the UI words in the reader's language. */
export type PersonName = { name: string } | { placeholder: NamePlaceholder };

/** Placeholders after "by" ("saved by someone"); German needs the dative there. */
const BY_KEYS: Record<NamePlaceholder, MessageKey> = {
  formerUser: 'person.by.formerUser',
  unnamedUser: 'person.by.unnamedUser',
  hiddenUser: 'person.by.hiddenUser',
  someone: 'person.by.someone',
};

/** Placeholders standing alone, as a row label. */
const ROW_KEYS: Record<NamePlaceholder, MessageKey> = {
  formerUser: 'person.row.formerUser',
  unnamedUser: 'person.row.unnamedUser',
  hiddenUser: 'person.row.hiddenUser',
  someone: 'person.row.someone',
};

/** The fallback where a name was not looked up at all (it always is; the type cannot tell). */
export const SOMEONE: PersonName = { placeholder: 'someone' };

/** Who saved something, as a DTO sends it: the name in English and, for a placeholder, the same by key. */
export function savedByFields(person: PersonName): { savedByName: string; savedByNameI18n?: I18nMessage } {
  if ('name' in person) return { savedByName: person.name };
  const key = BY_KEYS[person.placeholder];
  return { savedByName: englishText(key), savedByNameI18n: message(key) };
}

/** A person as a row label: the name, or a placeholder's English text and its key. */
export function rowName(person: PersonName): { name: string; nameI18n?: I18nMessage } {
  if ('name' in person) return { name: person.name };
  const key = ROW_KEYS[person.placeholder];
  return { name: englishText(key), nameI18n: message(key) };
}

/**
 * The display names of the accounts the app stored (who saved an allocation, who took a baseline), for the UI
 * to show instead of account ids: looked up in Jira as the asking user, remembered for 10 minutes for that user
 * only (Jira shows users only to those it lets browse users: a name one user was shown is not another's to see).
 * An account erased after Atlassian closed it, one Jira will not show, and a lookup that fails get a
 * placeholder (a name is never worth failing the view for).
 */
export async function displayNames(ctx: CallContext, accountIds: Iterable<string | null | undefined>): Promise<Map<string, PersonName>> {
  const ids = [...new Set([...accountIds].filter((id): id is string => typeof id === 'string' && id !== ''))];
  return new Map(await Promise.all(ids.map(async (id) => [id, await displayName(ctx, id)] as const)));
}

async function displayName(ctx: CallContext, accountId: string): Promise<PersonName> {
  if (accountId === ERASED_ACCOUNT) return { placeholder: 'formerUser' };
  try {
    const name = await ctx.platform.backlogCache.recall(`|people|${ctx.accountId}|${accountId}`, NAME_MAX_AGE_MS, async () => {
      const body = (await ctx.http.get(route`/rest/api/3/user?accountId=${accountId}`)) as { displayName?: unknown };
      return typeof body.displayName === 'string' ? body.displayName : '';
    });
    return name === '' ? { placeholder: 'unnamedUser' } : { name };
  } catch (error) {
    return { placeholder: error instanceof JiraNotFoundError ? 'hiddenUser' : 'someone' };
  }
}
