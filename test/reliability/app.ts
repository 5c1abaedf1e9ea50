/**
 * The whole app for the reliability suite: the demo Jira site, the local platform over an inspectable
 * in-memory store, and the four resolvers called exactly as Forge calls them (`@forge/resolver`'s handler,
 * `{ call, context }` plus the runtime's principal).
 */

import { createLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from '../../src/platform';
import { createAdminResolver, createGadgetResolver, createIssuePanelResolver, createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { Result } from '../../src/contracts';
import { MemoryStore } from '../../src/storage';
import { startDemoSite, type DemoSite, type DemoSiteOptions, type DemoSiteUser } from '../demo-site';

export type AppName = 'panel' | 'settings' | 'admin' | 'issuePanel' | 'gadget';

type Handler = ReturnType<ReturnType<typeof createPanelResolver>['getDefinitions']>;

export interface Where {
  project?: string;
  issue?: string;
  /** The licence Forge's runtime passes (`context.license`); absent = no licensing, as in development. */
  license?: { isActive: boolean };
}

export interface App {
  site: DemoSite;
  platform: LocalPlatform;
  kv: MemoryStore;
  call<T = unknown>(app: AppName, user: DemoSiteUser, functionKey: string, payload: unknown, where?: Where): Promise<Result<T>>;
  /** Everything the app keeps in storage, as text. */
  storeSnapshot(): Promise<string>;
  close(): Promise<void>;
}

/** The demo site's "today", and the platform's clock a few hours into it. */
export const APP_SITE_NOW = new Date('2026-11-25T00:00:00Z');
export const APP_NOW = new Date('2026-11-25T09:00:00Z');

export async function startApp(options: { site?: DemoSiteOptions; platform?: Partial<LocalPlatformOptions> } = {}): Promise<App> {
  const site = await startDemoSite({ seed: 11, scale: 900, now: APP_SITE_NOW, ...options.site });
  const kv = new MemoryStore();
  const platform = createLocalPlatform({
    baseUrl: site.baseUrl,
    users: site.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
    kv,
    now: () => APP_NOW,
    // Retry-After is honoured on a clock that does not really wait.
    retry: { sleep: async () => undefined },
    ...options.platform,
  });
  const handlers: Record<AppName, Handler> = {
    panel: createPanelResolver(platform).getDefinitions(),
    settings: createSettingsResolver(platform).getDefinitions(),
    admin: createAdminResolver(platform).getDefinitions(),
    issuePanel: createIssuePanelResolver(platform).getDefinitions(),
    gadget: createGadgetResolver(platform).getDefinitions(),
  };
  return {
    site,
    platform,
    kv,
    async call<T>(app: AppName, user: DemoSiteUser, functionKey: string, payload: unknown, where: Where = { project: 'ORION' }): Promise<Result<T>> {
      const extension: Record<string, unknown> = { type: app === 'admin' ? 'jira:adminPage' : app === 'gadget' ? 'jira:dashboardGadget' : 'jira:projectPage' };
      if (where.project) extension.project = { key: where.project, id: '10001', type: 'software' };
      if (where.issue) extension.issue = { key: where.issue, id: '1', type: 'Story' };
      const result = await handlers[app](
        { call: { functionKey, payload }, context: { localId: 'reliability', moduleKey: `backlog-balance-${app}`, extension } },
        { principal: { accountId: user.accountId }, ...(where.license ? { license: where.license } : {}) },
      );
      return result as Result<T>;
    },
    async storeSnapshot() {
      return JSON.stringify(await kv.listByPrefix(''));
    },
    close: () => site.close(),
  };
}

/** Everything on the demo site that a write could change, as text. */
export function siteSnapshot(site: DemoSite): string {
  return JSON.stringify({ issues: site.view.issues(), links: site.view.links(), sprints: site.view.sprints(), rank: site.view.rankOrder() });
}

export function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** The handlers' function names per app, for tests that must cover every one. */
export const FUNCTIONS: Record<AppName, string[]> = {
  panel: [
    'whoAmI',
    'getBalance',
    'getBacklog',
    'getRefinement',
    'getSummaries',
    'getFill',
    'getHealth',
    'getForecast',
    'saveAllocation',
    'rebaselineCommittedOrder',
    'getAllocationHistory',
    'scoreWsjf',
    'previewRerank',
    'applyRerank',
    'previewCommitFill',
    'commitFill',
    'getJob',
    'loadBacklog',
    'split',
    'moveToTail',
    'takeOutOfTail',
    'previewTrim',
    'trimTail',
    'getArtTrain',
    'getArtTeam',
    'loadArtTeams',
    'getArtJobs',
    'saveArtSettings',
    'scoreFeatures',
    'previewFeatureRerank',
    'applyFeatureRerank',
  ],
  settings: ['whoAmI', 'getProjectSettings', 'saveProjectSettings', 'previewWorkTypes'],
  admin: ['whoAmI', 'getSiteDefaults', 'saveSiteDefaults'],
  issuePanel: ['whoAmI', 'getIssueInsight', 'getJob'],
  gadget: ['getGadgetProjects', 'getGadget', 'getGadgetJob'],
};
