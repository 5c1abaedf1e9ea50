import { JiraNotFoundError, route } from '../jira';
import { ERASED_ACCOUNT } from '../storage';
import type { CallContext } from './context';

/** How long one instance reuses a display name per site: names change rarely, history views list the same few. */
const NAME_MAX_AGE_MS = 10 * 60_000;

/**
 * The display names of the accounts the app stored (who saved an allocation, who took a baseline), for the UI
 * to show instead of account ids: looked up in Jira as the asking user, remembered per site for 10 minutes.
 * An account erased after Atlassian closed it reads "a former user"; one Jira will not show, "a user you
 * cannot see"; a lookup that fails reads "someone" (a name is never worth failing the view for).
 */
export async function displayNames(ctx: CallContext, accountIds: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const ids = [...new Set([...accountIds].filter((id): id is string => typeof id === 'string' && id !== ''))];
  return new Map(await Promise.all(ids.map(async (id) => [id, await displayName(ctx, id)] as const)));
}

async function displayName(ctx: CallContext, accountId: string): Promise<string> {
  if (accountId === ERASED_ACCOUNT) return 'a former user';
  try {
    return await ctx.platform.backlogCache.recall(`|people|${accountId}`, NAME_MAX_AGE_MS, async () => {
      const body = (await ctx.http.get(route`/rest/api/3/user?accountId=${accountId}`)) as { displayName?: unknown };
      return typeof body.displayName === 'string' && body.displayName !== '' ? body.displayName : 'an unnamed user';
    });
  } catch (error) {
    return error instanceof JiraNotFoundError ? 'a user you cannot see' : 'someone';
  }
}
