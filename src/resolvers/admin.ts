import { makeResolver } from '@forge/resolver';
import type { AdminDefinitions } from '../contracts';
import { AppFailure } from '../contracts/errors';
import * as s from '../contracts/payloads';
import type { Host } from '../platform/types';
import { isSiteAdmin, requireWritable } from '../usecases/access';
import type { CallContext } from '../usecases/context';
import { adminWhoAmI, saveSiteDefaults, siteDefaults } from '../usecases/site-defaults';
import { resolverFunction } from './context';

async function requireAdmin(ctx: CallContext): Promise<void> {
  if (!(await isSiteAdmin(ctx.http))) throw AppFailure.of('FORBIDDEN', 'error.adminsOnly');
}

export function adminHandlers(host: Host) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(host, s.none, adminWhoAmI),
    getSiteDefaults: fn(host, s.none, async (ctx) => {
      await requireAdmin(ctx);
      return siteDefaults(ctx);
    }),
    saveSiteDefaults: fn(host, s.saveSiteDefaultsSchema, async (ctx, p) => {
      requireWritable(ctx, 'settings');
      await requireAdmin(ctx);
      return saveSiteDefaults(ctx, p);
    }),
  } satisfies { [K in keyof AdminDefinitions]: unknown };
}

export function createAdminResolver(host: Host) {
  const handlers = adminHandlers(host);
  return { getDefinitions: () => makeResolver<AdminDefinitions>(handlers) };
}
