/**
 * The parallel reads against the demo site under its latency model, with small numbers so the test stays
 * fast: the same backlog, in the same order, as with no latency at all; a user capped at 2 requests in
 * flight (a 429 storm for a pool that starts at 6) still gets all of it; a bulk fetch failing mid-way
 * ends in a partial-data error; a refresh equals a full reload.
 */

import { startDemoSite, type DemoSite, type LatencyModel } from '../demo-site/index';
import { localRequestJira } from '../../src/jira/adapters/local';
import { createJiraHttp, type JiraHttp } from '../../src/jira/http';
import { loadTeamBacklog, type TeamBacklog } from '../../src/jira/backlog';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import { JiraPartialDataError, JiraServerError } from '../../src/jira/errors';
import { withoutReadTimes } from './comparable';

// Wall time is mostly the model's sleeps, but a busy machine stretches it: no timing is asserted here.
jest.setTimeout(60_000);

const NOW = new Date('2026-11-25T00:00:00Z');
const FAST: LatencyModel = { baseMs: 3, perIssueKeyOnlyMs: 0.001, perIssueFieldMs: 0.005, concurrentPerUser: 4, retryAfterSeconds: 0.01, jitter: 0.9, seed: 3 };
const BULK = '/rest/api/3/issue/bulkfetch';

let site: DemoSite;
let reference: TeamBacklog;

/** Real sleeps (the site's Retry-After is 10 ms), short back-off; `maxAttempts` beyond the default for the storm. */
function client(maxAttempts?: number): JiraHttp {
  return createJiraHttp(localRequestJira({ baseUrl: site.baseUrl, email: site.po.email, apiToken: site.po.apiToken }), {
    retry: { baseDelayMs: 2, maxDelayMs: 10, ...(maxAttempts ? { maxAttempts } : {}) },
  });
}

beforeAll(async () => {
  site = await startDemoSite({ seed: 7, scale: 3000, now: NOW });
  reference = await loadTeamBacklog(client(), { projectKey: 'ORION', now: () => NOW });
});
afterAll(() => site.close());
afterEach(() => {
  site.faults.clear();
  site.setLatency(null);
});

it('loads the same backlog in the same order under the latency model as without it', async () => {
  expect(reference.issues.length).toBeGreaterThan(700);
  site.setLatency(FAST);
  site.clearRequestLog();
  const progress: number[] = [];
  const backlog = await loadTeamBacklog(client(), { projectKey: 'ORION', now: () => NOW, onProgress: (done) => progress.push(done) });
  expect(withoutReadTimes(backlog)).toEqual(withoutReadTimes(reference));
  expect(backlog.issues.map((i) => i.rank)).toEqual(backlog.issues.map((_, i) => i));
  // Fields came by bulk fetch, several batches of 100, progress moving batch by batch.
  expect(site.requestLog.filter((e) => e.path === BULK && e.status === 200).length).toBeGreaterThanOrEqual(Math.ceil(reference.issues.length / 100));
  expect(progress.length).toBeGreaterThanOrEqual(8);
});

it('a 429 storm (2 requests in flight allowed, the pool starts at 6) still reads all of it, in order', async () => {
  // Requests longer than the site takes to render an answer on a busy machine: with 3 ms, each was answered
  // before the next arrived (client and site share one event loop), so none waited and none met a 429.
  // Two slots for the pool and the load's two paged searches beside it: a search can meet a 429 on each
  // of the default 5 attempts, which ends the load; 12 leave room. Retry-After 50 ms, longer than a request
  // as Jira's seconds are: at 10 ms every waiting retry met another 429 while the width-1 pool's read was
  // still in flight, so the refusals counted the test's Retry-After, not whether the pool narrowed.
  site.setLatency({ ...FAST, baseMs: 20, concurrentPerUser: 2, retryAfterSeconds: 0.05 });
  site.clearRequestLog();
  const backlog = await loadTeamBacklog(client(12), { projectKey: 'ORION', now: () => NOW });
  expect(withoutReadTimes(backlog)).toEqual(withoutReadTimes(reference));
  const throttled = site.requestLog.filter((e) => e.status === 429).length;
  expect(throttled).toBeGreaterThan(0);
  // The pool narrowed instead of hammering: far fewer refusals than answers.
  expect(throttled).toBeLessThan(site.requestLog.filter((e) => e.status === 200).length);
});

it('429s from Jira on the bulk fetches themselves (Retry-After) are waited out', async () => {
  site.setLatency(FAST);
  site.faults.rateLimit(12, { pathPrefix: BULK, retryAfterSeconds: 0.01 });
  const backlog = await loadTeamBacklog(client(), { projectKey: 'ORION', now: () => NOW });
  expect(withoutReadTimes(backlog)).toEqual(withoutReadTimes(reference));
});

it('a bulk fetch failing mid-way, beyond the retries, is a partial-data error: nothing short is returned', async () => {
  // No per-user cap here: with one, a request could end in 429s beyond its retries first, and the cause to
  // check is the failing bulk fetch.
  site.setLatency({ ...FAST, concurrentPerUser: 1000 });
  site.faults.failBulkFetch({ after: 3, status: 500, times: 50 });
  const error = await loadTeamBacklog(client(), { projectKey: 'ORION', now: () => NOW }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(JiraPartialDataError);
  expect((error as JiraPartialDataError).cause).toBeInstanceOf(JiraServerError);
  expect((error as JiraPartialDataError).loaded).toBeLessThan(reference.issues.length);
  expect((error as JiraPartialDataError).message).toMatch(/incomplete and was not used/);
});

it('a refresh after edits equals a full reload, under the latency model', async () => {
  site.setLatency(FAST);
  const keys = reference.issues.filter((_, i) => i % 60 === 0).map((i) => i.key);
  const at = (path: string, body: unknown) =>
    fetch(`${site.baseUrl}${path}`, { method: 'PUT', headers: { authorization: site.po.authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  for (const key of keys) expect((await at(`/rest/api/3/issue/${key}`, { fields: { summary: `Edited ${key}` } })).status).toBe(204);
  const later = new Date(NOW.getTime() + 60_000);
  const refreshed = await refreshTeamBacklog(client(), { ...reference, loadedAt: NOW.toISOString() }, { now: () => later });
  const full = await loadTeamBacklog(client(), { projectKey: 'ORION', now: () => later });
  expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
  expect(refreshed.issues.filter((i) => i.summary.startsWith('Edited')).map((i) => i.key).sort()).toEqual([...keys].sort());
});
