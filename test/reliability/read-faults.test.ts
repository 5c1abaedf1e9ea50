/**
 * Guarantee: a paged read never returns a silently short backlog. Jira's 429 (with Retry-After) and 503 are
 * retried within a bound (attempts and total wait); anything beyond that, and 500s, timeouts and lost
 * answers, end in a typed error: `JiraPartialDataError` once some pages were read. Faults are injected at an
 * exact page of the team backlog's read against the demo site (its key search, or one of the bulk fetches of its
 * fields that run side by side); waits run on a fake clock.
 */

import fc from 'fast-check';
import {
  createJiraHttp,
  defaultRetryPolicy,
  JiraError,
  JiraNetworkError,
  JiraPartialDataError,
  JiraRateLimitError,
  JiraServerError,
  loadTeamBacklog,
  localRequestJira,
  type JiraResponse,
  type TeamBacklog,
  searchAllIssues,
  fieldsForBacklog,
} from '../../src/jira';
import { BACKLOG_ORDER, backlogWhere } from '../../src/jira/backlog';
import { startDemoSite, type DemoSite } from '../demo-site';
import { demoClient, fakeClock, isSearch, PASS, SITE_NOW, Tally, type FaultAction, type SentRequest } from './helpers';
import { withoutReadTimes } from '../jira/comparable';

let site: DemoSite;
let baseline: TeamBacklog;
let pages: number;
const tally = new Tally();

const PROJECT = 'ORION';

/**
 * The team backlog's own reads: its key-only search in rank order, then the bulk fetches of its issues' fields
 * (by id, as the search named them; the parents' bulk fetch asks by key). Not the velocity or arrivals searches.
 */
function isBacklogRead(request: SentRequest): boolean {
  const body = request.body as { jql?: unknown; issueIdsOrKeys?: unknown } | undefined;
  if (request.path === '/rest/api/3/issue/bulkfetch') return Array.isArray(body?.issueIdsOrKeys) && /^\d+$/.test(String(body.issueIdsOrKeys[0]));
  const jql = body?.jql;
  return isSearch(request) && typeof jql === 'string' && jql.includes('statusCategory != Done') && jql.includes('ORDER BY Rank');
}

/** Which page of the backlog read a request asks for, the same on a retry: its search token, or its batch's first issue. */
function pageIdentity(request: SentRequest): string {
  const body = request.body as { nextPageToken?: unknown; issueIdsOrKeys?: unknown[] };
  return request.path === '/rest/api/3/issue/bulkfetch' ? `batch:${String(body.issueIdsOrKeys?.[0])}` : `keys:${String(body.nextPageToken ?? '')}`;
}

type ReadFault =
  | { kind: 'rateLimit'; times: number; retryAfterSeconds: number }
  | { kind: 'unavailable'; times: number }
  | { kind: 'serverError'; times: number; status: 500 | 502 | 504 }
  | { kind: 'timeout'; times: number }
  | { kind: 'lostAnswer'; times: number };

function actionFor(fault: ReadFault): FaultAction {
  switch (fault.kind) {
    case 'rateLimit':
      return { kind: 'answer', status: 429, retryAfterSeconds: fault.retryAfterSeconds };
    case 'unavailable':
      return { kind: 'answer', status: 503 };
    case 'serverError':
      return { kind: 'answer', status: fault.status };
    case 'timeout':
      return { kind: 'throwBefore', message: 'The operation was aborted due to timeout' };
    case 'lostAnswer':
      return { kind: 'throwAfter', message: 'socket hang up' };
  }
}

/**
 * Whether the retry policy rides the fault out: 429 within the attempts and the time budget; every other fault
 * (503, 5xx, a timeout, a lost answer) within the attempts, since a search is safe to repeat.
 */
function recoverable(fault: ReadFault): boolean {
  if (fault.kind === 'rateLimit') {
    return fault.times < defaultRetryPolicy.maxAttempts && fault.times * fault.retryAfterSeconds * 1000 <= defaultRetryPolicy.maxTotalMs;
  }
  return fault.times < defaultRetryPolicy.maxAttempts;
}

const readFault: fc.Arbitrary<ReadFault> = fc.oneof(
  fc.record({ kind: fc.constant('rateLimit' as const), times: fc.integer({ min: 1, max: 7 }), retryAfterSeconds: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ kind: fc.constant('unavailable' as const), times: fc.integer({ min: 1, max: 7 }) }),
  fc.record({ kind: fc.constant('serverError' as const), times: fc.integer({ min: 1, max: 3 }), status: fc.constantFrom(500 as const, 502 as const, 504 as const) }),
  fc.record({ kind: fc.constant('timeout' as const), times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('lostAnswer' as const), times: fc.integer({ min: 1, max: 3 }) }),
);

beforeAll(async () => {
  site = await startDemoSite({ seed: 11, now: SITE_NOW });
  const { http, port } = demoClient(site, site.po);
  baseline = await loadTeamBacklog(http, { projectKey: PROJECT });
  pages = port.sent.filter(isBacklogRead).length;
});
afterAll(async () => {
  tally.write('read-faults');
  await site.close();
});

describe('paged reads under Jira faults', () => {
  it('the backlog spans several search pages, so a mid-read failure is possible', () => {
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(baseline.issues.length).toBeGreaterThan(300);
  });

  it('either returns exactly the whole backlog or fails with a typed error; never a short or duplicated list', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: pages }), readFault, async (page, fault) => {
        const tokens = new Map<string, number>();
        let injectedOnPage = 0;
        const attemptsOnPage: number[] = [];
        const rule = (request: SentRequest): FaultAction => {
          if (!isBacklogRead(request)) return PASS;
          const token = pageIdentity(request);
          if (!tokens.has(token)) tokens.set(token, tokens.size + 1);
          if (tokens.get(token) !== page) return PASS;
          attemptsOnPage.push(request.index);
          if (injectedOnPage >= fault.times) return PASS;
          injectedOnPage += 1;
          return actionFor(fault);
        };
        const { http, clock, port } = demoClient(site, site.po, fakeClock(), rule);
        const outcome = await loadTeamBacklog(http, { projectKey: PROJECT }).then(
          (backlog) => ({ backlog }),
          (error: unknown) => ({ error }),
        );
        tally.add('readsRun');
        tally.add('faultsInjected', port.injected);

        // Bounded: never more attempts on one page than the policy allows, never more waiting than its budget.
        expect(attemptsOnPage.length).toBeLessThanOrEqual(defaultRetryPolicy.maxAttempts);
        expect(clock.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(defaultRetryPolicy.maxTotalMs);

        if ('backlog' in outcome) {
          expect(recoverable(fault)).toBe(true);
          expect(withoutReadTimes(outcome.backlog)).toEqual(withoutReadTimes(baseline));
          tally.add('readsRecovered');
          return;
        }
        expect(recoverable(fault)).toBe(false);
        const error = outcome.error;
        expect(error).toBeInstanceOf(JiraError);
        if (page > 1) {
          expect(error).toBeInstanceOf(JiraPartialDataError);
          const partial = error as JiraPartialDataError;
          // What was read before the failure is reported (batches run side by side: maybe none yet), less than the whole.
          expect(partial.loaded).toBeGreaterThanOrEqual(0);
          expect(partial.loaded).toBeLessThan(baseline.issues.length);
          expect(partial.message).toMatch(/incomplete and was not used/);
          tally.add('partialDataErrors');
        } else {
          expect(error).not.toBeInstanceOf(JiraPartialDataError);
        }
        const cause = error instanceof JiraPartialDataError ? (error.cause as JiraError) : error;
        if (fault.kind === 'rateLimit') expect(cause).toBeInstanceOf(JiraRateLimitError);
        if (fault.kind === 'unavailable' || fault.kind === 'serverError') expect(cause).toBeInstanceOf(JiraServerError);
        if (fault.kind === 'timeout' || fault.kind === 'lostAnswer') expect(cause).toBeInstanceOf(JiraNetworkError);
        tally.add('readsRefused');
      }),
      {
        numRuns: 60,
        seed: 4242,
        // The edges, always run: past the wait budget, out of attempts, first page, last page.
        examples: [
          [2, { kind: 'rateLimit', times: 3, retryAfterSeconds: 25 }],
          [3, { kind: 'unavailable', times: 5 }],
          [1, { kind: 'rateLimit', times: 6, retryAfterSeconds: 1 }],
          [2, { kind: 'unavailable', times: 4 }],
          [3, { kind: 'serverError', times: 1, status: 500 }],
          [2, { kind: 'timeout', times: 1 }],
          [4, { kind: 'lostAnswer', times: 1 }],
        ],
      },
    );
  }, 60_000);

  it('waits exactly as Retry-After asks, one wait per throttled answer', async () => {
    let throttled = 0;
    const rule = (request: SentRequest): FaultAction => {
      if (!isBacklogRead(request) || throttled >= 3) return PASS;
      throttled += 1;
      return { kind: 'answer', status: 429, retryAfterSeconds: 7 };
    };
    const { http, clock, port } = demoClient(site, site.po, fakeClock(), rule);
    const backlog = await loadTeamBacklog(http, { projectKey: PROJECT });
    expect(withoutReadTimes(backlog)).toEqual(withoutReadTimes(baseline));
    expect(clock.slept).toEqual([7000, 7000, 7000]);
    tally.add('faultsInjected', port.injected);
  });

  it('a real timeout in the middle of paging (the site stalls after page 1) is a partial-data error', async () => {
    // After page 1 the site stalls (answers in 400 ms) and the fetch gives up after 100 ms, as a Forge fetch or a
    // proxy would. The backlog's own search is read here (what loadTeamBacklog sends), so no parallel read takes
    // the timeout; page 1 has no deadline, so a slow machine cannot time it out.
    let stalled = false;
    const timed = localRequestJira({
      baseUrl: site.baseUrl,
      email: site.po.email,
      apiToken: site.po.apiToken,
      fetchImpl: (url, init) => fetch(url, stalled ? { ...init, signal: AbortSignal.timeout(100) } : init) as Promise<JiraResponse>,
    });
    const http = createJiraHttp(timed, { retry: fakeClock() });
    let pagesSeen = 0;
    try {
      const error = await searchAllIssues(http, {
        where: backlogWhere(PROJECT),
        orderBy: BACKLOG_ORDER,
        fields: fieldsForBacklog(baseline.fieldMap),
        onProgress: () => {
          pagesSeen += 1;
          if (pagesSeen === 1) {
            stalled = true;
            site.faults.slow(400, { pathPrefix: '/rest/api/3/search/jql' });
          }
        },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JiraPartialDataError);
      expect((error as JiraPartialDataError).cause).toBeInstanceOf(JiraNetworkError);
      expect((error as JiraPartialDataError).loaded).toBe(pagesSeen * 100);
      expect((error as JiraPartialDataError).loaded).toBeLessThan(baseline.issues.length);
      tally.add('faultsInjected');
      tally.add('partialDataErrors');
    } finally {
      site.faults.clear();
      // Let the stalled answer finish so nothing is left open.
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  });
});
