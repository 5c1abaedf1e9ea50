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

it('a warm instance forgets the sites whose users have all been idle longer than any invocation', async () => {
  jest.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z'), doNotFake: ['setImmediate', 'nextTick'] });
  try {
    const { createForgeHost } = await import('../../src/platform/forge');
    const { LIMITER_IDLE_MS } = await import('../../src/jira/limiter');
    const host = createForgeHost();
    const quietSite = 'ari:cloud:jira::site/quiet';
    const busySite = 'ari:cloud:jira::site/busy';
    const quiet = host.forSite(quietSite).jiraLimits?.for('user-1');
    const busy = host.forSite(busySite).jiraLimits?.for('user-1');
    jest.setSystemTime(Date.now() + LIMITER_IDLE_MS / 2);
    // Still within the idle time: the busy site's user is served again, the quiet site is kept.
    expect(host.forSite(busySite).jiraLimits?.for('user-1')).toBe(busy);
    expect(host.forSite(quietSite).jiraLimits?.for('user-1')).toBe(quiet);
    jest.setSystemTime(Date.now() + LIMITER_IDLE_MS / 2 + 1);
    expect(host.forSite(busySite).jiraLimits?.for('user-1')).toBe(busy);
    jest.setSystemTime(Date.now() + LIMITER_IDLE_MS / 2);
    // The quiet site's user was last served more than the idle time ago: its limiter (and site entry) is gone.
    expect(host.forSite(busySite).jiraLimits?.for('user-1')).toBe(busy);
    expect(host.forSite(quietSite).jiraLimits?.for('user-1')).not.toBe(quiet);
  } finally {
    jest.useRealTimers();
  }
});
