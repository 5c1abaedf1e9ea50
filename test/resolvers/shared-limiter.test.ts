/**
 * Every Jira request of one user on one site goes through one cap on requests in flight (src/jira/limiter.ts),
 * whichever resolver call sends it. The demo site's latency model allows 2 in flight per user and answers 429
 * beyond; the platform's limiters are held at 2 too, so any request that bypassed the shared cap, or a second
 * cap for the same user, would meet a 429 (a load alone sends more than 2 at once: its setup reads go out
 * together). Two users each get their own 2; two sites keep theirs apart. Forge's host: test/forge/limits.test.ts.
 */

import { startDemoSite, type DemoSite, type LatencyModel, type RequestLogEntry } from '../demo-site';
import { createLocalPlatform, type LocalPlatform } from '../../src/platform';
import { createPanelResolver } from '../../src/resolvers';
import { caller, data } from './helpers';

// Real sleeps of a few ms per request: no timing is asserted, only what was in flight at once.
jest.setTimeout(60_000);

const NOW = new Date('2026-11-20T00:00:00Z');
const CAP = 2;
const MODEL: LatencyModel = { baseMs: 40, perIssueKeyOnlyMs: 0.001, perIssueFieldMs: 0.01, concurrentPerUser: CAP, retryAfterSeconds: 0.01, jitter: 0.5, seed: 5 };

function platformOn(site: DemoSite): LocalPlatform {
  return createLocalPlatform({
    baseUrl: site.baseUrl,
    users: site.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
    storeDir: 'memory',
    now: () => new Date('2026-11-20T09:00:00Z'),
    retry: { sleep: async () => undefined, maxAttempts: 3 },
    requestLimits: { initial: CAP, max: CAP },
  });
}

/** The most requests the site had in flight at once (from its log's arrival and answer times). */
function mostAtOnce(log: readonly RequestLogEntry[]): number {
  const edges = log.flatMap((e) => [
    { at: e.receivedAt, step: 1 },
    { at: e.answeredAt, step: -1 },
  ]);
  // An answer and an arrival at the same instant: the answer first (the slot was free again).
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (now += edge.step));
  return most;
}

const throttled = (site: DemoSite): number => site.requestLog.filter((e) => e.status === 429).length;

describe('one cap per user and site on requests in flight', () => {
  let site: DemoSite;
  beforeAll(async () => {
    site = await startDemoSite({ scale: 1500, seed: 7, now: NOW });
  });
  afterAll(() => site.close());
  afterEach(() => site.setLatency(null));

  it('concurrent resolver calls of one user share it: never more than the cap in flight, no 429', async () => {
    const call = caller(createPanelResolver(platformOn(site)).getDefinitions());
    site.setLatency(MODEL);
    site.clearRequestLog();
    // What the panel sends at once on its first open (whoAmI with the Balance tab), and a second tab beside it.
    const results = await Promise.all([call(site.po, 'whoAmI', {}), call(site.po, 'getBalance', {}), call(site.po, 'getHealth', {})]);
    results.forEach((r) => data(r));
    expect(site.requestLog.length).toBeGreaterThan(10);
    expect(throttled(site)).toBe(0);
    expect(mostAtOnce(site.requestLog)).toBeLessThanOrEqual(CAP);
  });

  it('two users each get their own cap', async () => {
    const call = caller(createPanelResolver(platformOn(site)).getDefinitions());
    site.setLatency(MODEL);
    site.clearRequestLog();
    const results = await Promise.all([call(site.po, 'getBalance', {}), call(site.dev, 'getBalance', {})]);
    results.forEach((r) => data(r));
    expect(throttled(site)).toBe(0);
    // More than one user's cap in flight at once: the second user did not wait for the first one's slots.
    expect(mostAtOnce(site.requestLog)).toBeGreaterThan(CAP);
  });
});

it('two sites keep their caps apart, for the same account id', async () => {
  const sites = [await startDemoSite({ scale: 1500, seed: 7, now: NOW }), await startDemoSite({ scale: 1500, seed: 11, now: NOW })] as const;
  try {
    const platforms = sites.map(platformOn);
    expect(sites[0].po.accountId).toBe(sites[1].po.accountId);
    expect(platforms[0]?.jiraLimits?.for(sites[0].po.accountId)).not.toBe(platforms[1]?.jiraLimits?.for(sites[1].po.accountId));
    sites.forEach((s) => {
      s.setLatency(MODEL);
      s.clearRequestLog();
    });
    const results = await Promise.all(sites.map((s, i) => caller(createPanelResolver(platforms[i] as LocalPlatform).getDefinitions())(s.po, 'getBalance', {})));
    results.forEach((r) => data(r));
    expect(sites.map(throttled)).toEqual([0, 0]);
    // Both sites at once held more than one cap's worth: each site's requests waited only for that site's slots.
    expect(mostAtOnce([...sites[0].requestLog, ...sites[1].requestLog])).toBeGreaterThan(CAP);
  } finally {
    for (const s of sites) await s.close();
  }
});
