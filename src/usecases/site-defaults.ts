import type { SaveSiteDefaultsRequest, SiteDefaults, WhoAmIDto } from '../contracts';
import { message } from '../contracts/messages';
import { isSiteAdmin, readMe, readOnlyReason, whoAmIDto } from './access';
import type { CallContext } from './context';

/** whoAmI of the admin page: Jira administrators may read and change the site-wide defaults. */
export async function adminWhoAmI(ctx: CallContext): Promise<WhoAmIDto> {
  const [me, administer] = await Promise.all([readMe(ctx.http), isSiteAdmin(ctx.http)]);
  const hint = administer ? null : message('error.adminsOnly');
  return whoAmIDto(me, null, null, { read: administer, plan: false, configure: administer, hint }, administer, readOnlyReason(ctx));
}

/** The site-wide defaults (what a project runs on until it saves settings of its own). */
export function siteDefaults(ctx: CallContext): Promise<{ defaults: SiteDefaults; version: number }> {
  return ctx.platform.store.effectiveSiteDefaults();
}

export async function saveSiteDefaults(ctx: CallContext, p: SaveSiteDefaultsRequest): Promise<{ version: number }> {
  const saved = await ctx.platform.store.siteDefaults().save(p.defaults, p.baseVersion, ctx.accountId, ctx.platform.now());
  return { version: saved.version };
}
