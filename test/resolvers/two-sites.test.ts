/**
 * Locally as on Forge: one set of handlers and one backlog cache serving two sites (the `npm start` harness
 * pointed at one site and then another keeps its file store in the same folder). Each site's settings,
 * allocations and backlog stay its own.
 */
jest.setTimeout(60_000);

import type { DemoSite } from '../demo-site';
import { localSites, type LocalPlatform } from '../../src/platform';
import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { BacklogDto, ProjectSettingsDto, Result } from '../../src/contracts';
import { startTwoSites, type TwoSites } from './helpers';

let two: TwoSites;
let siteA: DemoSite;
let siteB: DemoSite;
let platforms: LocalPlatform[];

beforeAll(async () => {
  two = await startTwoSites('bb-two-sites-');
  [siteA, siteB] = two.sites;
  platforms = two.platforms;
});
afterAll(() => two.close());

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
