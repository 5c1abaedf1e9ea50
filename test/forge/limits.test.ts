/**
 * On Forge one function instance serves many calls and installations: the calls it runs for one user of one
 * site share one cap on Jira requests in flight (src/jira/limiter.ts), another user or site has its own.
 */

jest.mock('@forge/api', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeApiMock());
jest.mock('@forge/kvs', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeKvsMock());
jest.mock('@forge/events', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeEventsMock());

const SITE_A = 'ari:cloud:jira::site/aaaa';
const SITE_B = 'ari:cloud:jira::site/bbbb';

it('one limiter per site and user across calls (and hosts) of one instance; other users and sites apart', async () => {
  const { createForgeHost } = await import('../../src/platform/forge');
  const host = createForgeHost();
  const limiterOf = (site: string, accountId: string) => host.forSite(site).jiraLimits?.for(accountId);
  const first = limiterOf(SITE_A, 'user-1');
  expect(first).toBeDefined();
  // A later call of the same user on the same site, even through a host made for another resolver module.
  expect(limiterOf(SITE_A, 'user-1')).toBe(first);
  expect(createForgeHost().forSite(SITE_A).jiraLimits?.for('user-1')).toBe(first);
  expect(limiterOf(SITE_A, 'user-2')).not.toBe(first);
  expect(limiterOf(SITE_B, 'user-1')).not.toBe(first);
});
