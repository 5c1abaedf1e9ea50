/**
 * Locally as on Forge: one set of handlers and one backlog cache serving two sites (the `npm start` harness
 * pointed at one site and then another keeps its file store in the same folder). Each site's settings,
 * allocations and backlog stay its own.
 */
jest.setTimeout(60_000);

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoSite, type DemoSite } from '../demo-site';
import { createLocalPlatform, localSites, MemoryBacklogCache, type LocalPlatform } from '../../src/platform';
import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { BacklogDto, ProjectSettingsDto, Result } from '../../src/contracts';

let siteA: DemoSite;
let siteB: DemoSite;
let storeDir: string;
let platforms: LocalPlatform[];

beforeAll(async () => {
  const now = new Date('2026-11-20T00:00:00Z');
  siteA = await startDemoSite({ scale: 300, seed: 7, now });
  siteB = await startDemoSite({ scale: 300, seed: 11, now });
  storeDir = mkdtempSync(path.join(os.tmpdir(), 'bb-two-sites-'));
  const cache = new MemoryBacklogCache();
  platforms = [siteA, siteB].map((site) =>
    createLocalPlatform({
      baseUrl: site.baseUrl,
      users: site.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
      storeDir,
      backlogCache: cache,
      now: () => new Date('2026-11-20T09:00:00Z'),
      retry: { sleep: async () => undefined, maxAttempts: 3 },
    }),
  );
});
afterAll(async () => {
  await siteA.close();
  await siteB.close();
  rmSync(storeDir, { recursive: true, force: true });
});

it('keeps two local sites apart through one set of handlers, one cache and one store folder', async () => {
  const host = localSites(platforms);
  const panel = createPanelResolver(host).getDefinitions();
  const settings = createSettingsResolver(host).getDefinitions();
  const [a, b] = platforms as [LocalPlatform, LocalPlatform];
  expect(a.site).not.toBe(b.site);
  const po = siteA.po.accountId;
  const call = async <T>(handler: typeof panel, site: string, functionKey: string, payload: unknown = {}): Promise<T> => {
    const context = { localId: 'x', extension: { type: 'jira:projectPage', project: { key: 'ORION' } } };
    const result = (await handler({ call: { functionKey, payload }, context }, { principal: { accountId: po }, installContext: site })) as Result<T>;
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.data;
  };

  const [backlogA, backlogB] = await Promise.all([call<BacklogDto>(panel, a.site, 'getBacklog'), call<BacklogDto>(panel, b.site, 'getBacklog')]);
  const summaries = (site: DemoSite) => new Map(site.view.issues().map((i) => [i.key, i.summary]));
  for (const [dto, site] of [
    [backlogA, siteA],
    [backlogB, siteB],
  ] as const) {
    const own = summaries(site);
    for (const [ref, summary] of dto.rows) expect(own.get(typeof ref === 'number' ? `ORION-${ref}` : ref)?.startsWith(summary.replace(/…$/, ''))).toBe(true);
  }

  const before = await call<ProjectSettingsDto>(settings, a.site, 'getProjectSettings');
  await call(settings, a.site, 'saveProjectSettings', { settings: { ...before.settings, staleDays: 77 }, baseVersion: before.version });
  const [afterA, afterB] = await Promise.all([
    call<ProjectSettingsDto>(settings, a.site, 'getProjectSettings'),
    call<ProjectSettingsDto>(settings, b.site, 'getProjectSettings'),
  ]);
  expect(afterA.settings.staleDays).toBe(77);
  expect(afterB.settings.staleDays).not.toBe(77);
  expect(afterB.version).toBe(0);

  // A call for a site this host does not serve gets a typed error, never another site's data.
  const stranger = (await panel(
    { call: { functionKey: 'getBacklog', payload: {} }, context: { extension: { project: { key: 'ORION' } } } },
    { principal: { accountId: po }, installContext: 'ari:cloud:jira::site/someone-else' },
  )) as Result<unknown>;
  expect(stranger).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
});
