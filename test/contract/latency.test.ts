/**
 * The demo site's latency model (small numbers so the test stays fast): service time grows with the issues
 * returned and the fields asked, key-only is cheap, a user over the cap gets 429 + Retry-After at once while
 * another user is not affected, jitter repeats with the seed, and the model is off by default.
 */
import { type DemoSite, type LatencyModel, serviceMs, startDemoSite } from '../demo-site';
import { call } from './client';

const MODEL: LatencyModel = { baseMs: 40, perIssueKeyOnlyMs: 0.01, perIssueFieldMs: 0.5, concurrentPerUser: 3, retryAfterSeconds: 0.2, jitter: 0.1, seed: 5 };
const SEARCH = '/rest/api/3/search/jql';

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite({ seed: 3, scale: 600 });
});
afterAll(() => site.close());
beforeEach(() => {
  site.reset();
  site.setLatency(MODEL);
});

async function timed<T>(body: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await body();
  return { result, ms: performance.now() - start };
}

test('off by default: no service time logged', async () => {
  const plain = await startDemoSite({ seed: 3, scale: 100 });
  try {
    await call(plain, plain.po, 'GET', '/rest/api/3/myself');
    expect(plain.requestLog[0]?.serviceMs).toBeUndefined();
    expect(plain.latency).toBeNull();
  } finally {
    await plain.close();
  }
});

test('service time: base plus issues x fields, key-only cheap, within the jitter', async () => {
  const rich = await timed(() => call(site, site.po, 'POST', SEARCH, { jql: 'project = ORION', fields: ['summary', 'status', 'labels', 'updated'], maxResults: 100 }));
  const keys = await timed(() => call(site, site.po, 'POST', SEARCH, { jql: 'project = ORION', fields: ['key'], maxResults: 100 }));
  const [richLog, keysLog] = site.requestLog.slice(-2);
  const richBase = serviceMs(MODEL, { issues: 100, fields: 4 });
  const keysBase = serviceMs(MODEL, { issues: 100, fields: 0 });
  expect(richBase).toBe(40 + 100 * 4 * 0.5);
  expect(richLog?.serviceMs).toBeGreaterThanOrEqual(richBase * 0.9);
  expect(richLog?.serviceMs).toBeLessThanOrEqual(richBase * 1.1);
  expect(keysLog?.serviceMs).toBeLessThanOrEqual(keysBase * 1.1);
  // The answers really took that long (timer granularity aside).
  expect(rich.ms).toBeGreaterThanOrEqual(richBase * 0.9 - 2);
  expect(keys.ms).toBeLessThan(rich.ms);
});

test('a user over the concurrency cap gets 429 with Retry-After at once; another user is served', async () => {
  const body = { jql: 'project = ORION', fields: ['summary', 'status'], maxResults: 100 };
  const calls = Array.from({ length: 5 }, () => call(site, site.po, 'POST', SEARCH, body));
  const other = call(site, site.dev, 'POST', SEARCH, body);
  const replies = await Promise.all(calls);
  const statuses = replies.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 200, 200, 429, 429]);
  const refused = replies.find((r) => r.status === 429);
  expect(refused?.headers.get('retry-after')).toBe('0.2');
  expect((await other).status).toBe(200);
  // Once the first three are answered, the user is served again.
  expect((await call(site, site.po, 'POST', SEARCH, body)).status).toBe(200);
});

test('jitter repeats with the seed', async () => {
  const run = async (): Promise<number[]> => {
    site.setLatency(MODEL);
    site.clearRequestLog();
    for (let i = 0; i < 4; i++) await call(site, site.po, 'GET', '/rest/api/3/myself');
    return site.requestLog.map((e) => e.serviceMs ?? -1);
  };
  const first = await run();
  expect(new Set(first).size).toBe(4);
  expect(await run()).toEqual(first);
});
