import { startDemoSite, type DemoSite, type DemoSiteOptions, type DemoSiteUser } from '../demo-site';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalPlatform, MemoryBacklogCache, type LocalPlatform, type LocalPlatformOptions } from '../../src/platform';
import type { Result } from '../../src/contracts';
import type { createPanelResolver } from '../../src/resolvers';

/** A demo site plus a local platform whose users are the demo's users, as the harness wires them. */
export interface World {
  site: DemoSite;
  platform: LocalPlatform;
}

export async function startWorld(
  options: Partial<LocalPlatformOptions> & { scale?: number; quirks?: DemoSiteOptions['quirks']; teams?: number; withApp?: boolean } = {},
): Promise<World> {
  const site = await startDemoSite({ scale: options.scale ?? 300, seed: 7, now: new Date('2026-11-20T00:00:00Z'), quirks: options.quirks, teams: options.teams });
  const platform = createLocalPlatform({
    baseUrl: site.baseUrl,
    users: site.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
    storeDir: 'memory',
    now: () => new Date('2026-11-20T09:00:00Z'),
    // Jira's Retry-After is honoured, but tests must not wait for real seconds.
    retry: { sleep: async () => undefined, maxAttempts: 3 },
    // With the app's own identity (as Forge's asApp()), field syncs run, at once rather than after their delay.
    ...(options.withApp ? { app: site.app, fieldSyncDelayMs: () => 0 } : {}),
    ...Object.fromEntries(Object.entries(options).filter(([k]) => k !== 'teams' && k !== 'scale' && k !== 'quirks' && k !== 'withApp')),
  });
  return { site, platform };
}

/** What every resolver factory's `getDefinitions()` gives: `@forge/resolver`'s handler. */
type Handler = ReturnType<ReturnType<typeof createPanelResolver>['getDefinitions']>;

/**
 * Calls a resolver exactly as Forge does: `{ call: { functionKey, payload }, context }` plus the runtime's
 * principal, for a demo user in a project (and optionally an issue).
 */
export function caller(handler: Handler) {
  return async <T>(user: DemoSiteUser, functionKey: string, payload: unknown, where: { project?: string; issue?: string } = { project: 'ORION' }): Promise<Result<T>> => {
    const extension: Record<string, unknown> = { type: 'jira:projectPage' };
    if (where.project) extension.project = { key: where.project, id: '10001', type: 'software' };
    if (where.issue) extension.issue = { key: where.issue, id: '1', type: 'Story' };
    const result = await handler(
      { call: { functionKey, payload }, context: { accountId: user.accountId, localId: 'test', moduleKey: 'backlog-balance-panel', extension } },
      { principal: { accountId: user.accountId } },
    );
    return result as Result<T>;
  };
}

export function data<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/**
 * Forgets every loaded backlog (memory and stored snapshots). Needed after `site.reset()`: a re-seeded site
 * goes back in time, which an incremental refresh (rightly) cannot notice.
 */
export async function forgetLoadedBacklogs(platform: LocalPlatform): Promise<void> {
  platform.backlogCache.forget('');
  for (const { key } of await platform.store.kv.listByPrefix('proj:')) if (key.includes(':snap:')) await platform.store.kv.delete(key);
}

/** Two demo sites with the same project keys and account ids (seeds 7 and 11), served by two platforms sharing one cache and one store folder. */
export interface TwoSites {
  sites: [DemoSite, DemoSite];
  platforms: [LocalPlatform, LocalPlatform];
  close(): Promise<void>;
}

/** Locally as on Forge: one backlog cache and one store folder for two installations (each partitioned by its site). */
export async function startTwoSites(folderPrefix: string): Promise<TwoSites> {
  const now = new Date('2026-11-20T00:00:00Z');
  const sites: [DemoSite, DemoSite] = [await startDemoSite({ scale: 300, seed: 7, now }), await startDemoSite({ scale: 300, seed: 11, now })];
  const storeDir = mkdtempSync(path.join(os.tmpdir(), folderPrefix));
  const cache = new MemoryBacklogCache();
  const platformOf = (site: DemoSite): LocalPlatform =>
    createLocalPlatform({
      baseUrl: site.baseUrl,
      users: site.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
      storeDir,
      backlogCache: cache,
      now: () => new Date('2026-11-20T09:00:00Z'),
      retry: { sleep: async () => undefined, maxAttempts: 3 },
    });
  return {
    sites,
    platforms: [platformOf(sites[0]), platformOf(sites[1])],
    async close() {
      for (const site of sites) await site.close();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** Edits an issue through Jira's REST API as the site's PO (what a user does in Jira beside the app). */
export async function editInJira(site: DemoSite, key: string, fields: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${site.baseUrl}/rest/api/3/issue/${key}`, {
    method: 'PUT',
    headers: { authorization: site.po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ fields }),
  });
  expect(response.status).toBe(204);
}

/** A cold instance of the world's app: the same site, store and clock, nothing in memory. */
export function coldPlatform(world: World): LocalPlatform {
  return createLocalPlatform({
    baseUrl: world.site.baseUrl,
    users: world.site.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
    kv: world.platform.store.kv,
    now: world.platform.now,
    retry: { sleep: async () => undefined, maxAttempts: 3 },
  });
}
