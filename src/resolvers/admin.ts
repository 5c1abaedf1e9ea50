import { makeResolver } from '@forge/resolver';
import type { Host } from '../platform/types';
import type { AdminDefinitions } from '../contracts';
import { resolverFunction, type CallContext } from './context';
import { AppFailure } from '../contracts/errors';
import { isSiteAdmin, readMe, readOnlyReason, requireWritable, whoAmIDto } from '../usecases/access';
import * as s from '../contracts/payloads';

async function requireAdmin(ctx: CallContext): Promise<void> {
  if (!(await isSiteAdmin(ctx.http))) throw new AppFailure('FORBIDDEN', 'Only Jira administrators can change the site-wide defaults.');
}

export function adminHandlers(host: Host) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(host, s.none, async (ctx) => {
      const [me, administer] = await Promise.all([readMe(ctx.http), isSiteAdmin(ctx.http)]);
      const hint = administer ? null : 'Only Jira administrators can change the site-wide defaults.';
      return whoAmIDto(me, null, null, { read: administer, plan: false, configure: administer, hint }, administer, readOnlyReason(ctx));
    }),
    getSiteDefaults: fn(host, s.none, async (ctx) => {
      await requireAdmin(ctx);
      return ctx.platform.store.effectiveSiteDefaults();
    }),
    saveSiteDefaults: fn(host, s.saveSiteDefaultsSchema, async (ctx, p) => {
      requireWritable(ctx, 'settings');
      await requireAdmin(ctx);
      const saved = await ctx.platform.store.siteDefaults().save(p.defaults, p.baseVersion, ctx.accountId, ctx.platform.now());
      return { version: saved.version };
    }),
  } satisfies { [K in keyof AdminDefinitions]: unknown };
}

export function createAdminResolver(host: Host) {
  const handlers = adminHandlers(host);
  return { getDefinitions: () => makeResolver<AdminDefinitions>(handlers) };
}
