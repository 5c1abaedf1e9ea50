/** Fault switches and the request log: what the client's retry and batching tests rely on. */
import { type DemoSite, startDemoSite } from '../demo-site';
import { call, searchAll } from './client';

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite({ seed: 3, scale: 600 });
});
afterAll(() => site.close());
beforeEach(() => site.reset());

const SEARCH = '/rest/api/3/search/jql';

test('rate limit: N requests answer 429 with Retry-After, then service resumes', async () => {
  site.faults.rateLimit(2, { retryAfterSeconds: 3 });
  const first = await call(site, site.po, 'GET', '/rest/api/3/myself');
  const second = await call(site, site.po, 'GET', '/rest/api/3/myself');
  const third = await call(site, site.po, 'GET', '/rest/api/3/myself');
  expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
  expect(first.headers.get('retry-after')).toBe('3');
});

test('rate limit scoped to a path leaves other endpoints alone', async () => {
  site.faults.rateLimit(1, { pathPrefix: SEARCH, retryAfterSeconds: 0 });
  expect((await call(site, site.po, 'GET', '/rest/api/3/field')).status).toBe(200);
  expect((await call(site, site.po, 'POST', SEARCH, { jql: 'project = ORION', fields: ['summary'] })).status).toBe(429);
  expect((await call(site, site.po, 'POST', SEARCH, { jql: 'project = ORION', fields: ['summary'] })).status).toBe(200);
});

test('5xx for N requests, with the chosen status', async () => {
  site.faults.serverError(2, { status: 502 });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await call(site, site.po, 'GET', '/rest/api/3/myself')).status);
  expect(statuses).toEqual([502, 502, 200]);
});

test('fail the k-th page of a search once; resuming with the same token returns the rest exactly once', async () => {
  const jql = 'project = VEGA ORDER BY Rank ASC';
  const clean = (await searchAll(site, site.po, jql, ['summary'], 50)).flatMap((p) => p.issues.map((i) => i.key));
  site.faults.failSearchPage(3);
  const keys: string[] = [];
  let token: string | undefined;
  const statuses: number[] = [];
  for (;;) {
    const reply = await call(site, site.po, 'POST', SEARCH, { jql, fields: ['summary'], maxResults: 50, nextPageToken: token });
    statuses.push(reply.status);
    if (reply.status !== 200) continue; // retry the same page, as the client would
    const page = reply.body as { issues: { key: string }[]; nextPageToken?: string; isLast: boolean };
    keys.push(...page.issues.map((i) => i.key));
    if (page.isLast) break;
    token = page.nextPageToken;
  }
  expect(statuses.slice(0, 4)).toEqual([200, 200, 500, 200]);
  expect(keys).toEqual(clean);
});

test('slow responses hold a matching answer back while others go through', async () => {
  site.faults.slow(500, { pathPrefix: '/rest/api/3/myself' });
  site.clearRequestLog();
  const slow = call(site, site.po, 'GET', '/rest/api/3/myself');
  expect((await call(site, site.po, 'GET', '/rest/api/3/field')).status).toBe(200);
  expect(site.requestLog.map((e) => e.path)).toEqual(['/rest/api/3/field']);
  expect((await slow).status).toBe(200);
  expect(site.requestLog.map((e) => e.path)).toEqual(['/rest/api/3/field', '/rest/api/3/myself']);
});

test('the request log records method, path, status and bytes, and can be cleared', async () => {
  site.clearRequestLog();
  await call(site, site.po, 'POST', SEARCH, { jql: 'project = ORION', fields: ['summary'], maxResults: 10 });
  await call(site, site.dev, 'GET', '/rest/api/3/issue/LYRA-1');
  expect(site.requestLog.map((e) => [e.method, e.path, e.status])).toEqual([
    ['POST', SEARCH, 200],
    ['GET', '/rest/api/3/issue/LYRA-1', 404],
  ]);
  expect(site.requestLog[0].bytes).toBeGreaterThan(site.requestLog[1].bytes);
  site.clearRequestLog();
  expect(site.requestLog).toHaveLength(0);
});

test('reset restores the seeded store and turns faults off', async () => {
  const key = site.view.rankOrder('ORION')[0];
  const before = site.view.issue(key);
  await call(site, site.po, 'PUT', `/rest/api/3/issue/${key}`, { fields: { summary: 'changed' } });
  site.faults.serverError(5);
  site.reset();
  expect(site.view.issue(key)).toEqual(before);
  expect((await call(site, site.po, 'GET', '/rest/api/3/myself')).status).toBe(200);
});
