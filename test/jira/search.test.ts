import { createJiraHttp } from '../../src/jira/http';
import { JiraPartialDataError, JiraServerError } from '../../src/jira/errors';
import type { RequestJira } from '../../src/jira/port';
import { searchAllIssues, searchAllMapped } from '../../src/jira/search';
import { fakeClock, fakeJira, reply } from './fakeJira';

/** Pages of `pageSize` over TEAM-1..TEAM-n, tokens "p<offset>". */
function pagedSearch(total: number, pageSize: number, failAtOffset: number | null = null) {
  return fakeJira((call) => {
    if (call.path === '/rest/api/3/search/approximate-count') return reply(200, { count: total + 3 });
    const body = call.body as { nextPageToken?: string; maxResults: number };
    const offset = body.nextPageToken ? Number(body.nextPageToken.slice(1)) : 0;
    if (offset === failAtOffset) return reply(500, { errorMessages: ['Internal server error'] });
    const size = Math.min(pageSize, body.maxResults);
    const issues = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => ({ id: String(offset + i + 1), key: `TEAM-${offset + i + 1}`, fields: {} }));
    const next = offset + size;
    return reply(200, next < total ? { issues, nextPageToken: `p${next}`, isLast: false } : { issues, isLast: true });
  });
}

describe('searchAllIssues', () => {
  it('follows nextPageToken over several pages and keeps order, reporting progress', async () => {
    const jira = pagedSearch(250, 100);
    const progress: [number, number | null][] = [];
    const issues = await searchAllIssues(createJiraHttp(jira.requestJira), {
      where: 'project in ("TEAM")',
      orderBy: 'ORDER BY Rank ASC',
      fields: ['summary'],
      onProgress: (loaded, total) => progress.push([loaded, total]),
      countForProgress: true,
    });
    expect(issues.map((i) => i.key)).toEqual(Array.from({ length: 250 }, (_, i) => `TEAM-${i + 1}`));
    expect(progress).toEqual([
      [100, 253],
      [200, 253],
      [250, 253],
    ]);
    const searches = jira.calls.filter((c) => c.path === '/rest/api/3/search/jql');
    expect(searches.map((c) => (c.body as { nextPageToken?: string }).nextPageToken)).toEqual([undefined, 'p100', 'p200']);
    expect(searches[0]?.body).toMatchObject({ jql: 'project in ("TEAM") ORDER BY Rank ASC', fields: ['summary'], maxResults: 5000 });
    expect(jira.calls.find((c) => c.path === '/rest/api/3/search/approximate-count')?.body).toEqual({ jql: 'project in ("TEAM")' });
  });

  it('maps each page while the next one is being asked for, keeping the order', async () => {
    const jira = pagedSearch(250, 100);
    const events: string[] = [];
    const watched: RequestJira = (path, init) => {
      const body = JSON.parse(init?.body ?? '{}') as { nextPageToken?: string };
      events.push(`ask ${body.nextPageToken ?? 'first'}`);
      return jira.requestJira(path, init);
    };
    const keys = await searchAllMapped(createJiraHttp(watched), { where: 'x', fields: [] }, (issue) => {
      if (issue.key.endsWith('01') || issue.key === 'TEAM-1') events.push(`map ${issue.key}`);
      return issue.key;
    });
    expect(keys).toEqual(Array.from({ length: 250 }, (_, i) => `TEAM-${i + 1}`));
    expect(events).toEqual(['ask first', 'ask p100', 'map TEAM-1', 'ask p200', 'map TEAM-101', 'map TEAM-201']);
  });

  it('fails loudly with partial-data when a later page breaks, never returning a short list', async () => {
    const jira = pagedSearch(250, 100, 200);
    const error = await searchAllIssues(createJiraHttp(jira.requestJira, { retry: fakeClock() }), { where: 'x', fields: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraPartialDataError);
    expect((error as JiraPartialDataError).loaded).toBe(200);
    expect((error as Error).message).toMatch(/incomplete/);
    expect((error as JiraPartialDataError).cause).toBeInstanceOf(JiraServerError);
  });

  it('a failing first page is the plain error', async () => {
    const jira = pagedSearch(250, 100, 0);
    await expect(searchAllIssues(createJiraHttp(jira.requestJira, { retry: fakeClock() }), { where: 'x', fields: [] })).rejects.toBeInstanceOf(JiraServerError);
  });

  it('survives a 429 in the middle of paging with nothing lost or duplicated', async () => {
    const inner = pagedSearch(300, 100);
    let throttled = false;
    const jira = fakeJira((call) => {
      const token = (call.body as { nextPageToken?: string }).nextPageToken;
      if (token === 'p200' && !throttled) {
        throttled = true;
        return reply(429, { errorMessages: ['Too many requests'] }, { 'Retry-After': '2' });
      }
      return { status: 0 };
    });
    const clock = fakeClock();
    const http = createJiraHttp(async (path, init) => {
      const first = await jira.requestJira(path, init);
      return first.status === 0 ? inner.requestJira(path, init) : first;
    }, { retry: clock });
    const issues = await searchAllIssues(http, { where: 'x', fields: [] });
    expect(issues.map((i) => i.key)).toEqual(Array.from({ length: 300 }, (_, i) => `TEAM-${i + 1}`));
    expect(clock.slept).toEqual([2000]);
  });

  it('asks Jira to reconcile the issues we just wrote, on every page, at most 50', async () => {
    const jira = pagedSearch(250, 100);
    const ids = [...Array.from({ length: 60 }, (_, i) => i + 1), 1, 2, -3];
    await searchAllIssues(createJiraHttp(jira.requestJira), { where: 'x', fields: [], reconcileIssueIds: ids });
    const bodies = jira.calls.map((c) => c.body as { reconcileIssues?: number[] });
    expect(bodies).toHaveLength(3);
    for (const body of bodies) expect(body.reconcileIssues).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('refuses an issue without a key rather than dropping it', async () => {
    const jira = fakeJira(() => reply(200, { issues: [{ id: '1', key: 'TEAM-1' }, { id: '2' }], isLast: true }));
    await expect(searchAllIssues(createJiraHttp(jira.requestJira), { where: 'x', fields: ['id'] })).rejects.toThrow(/without a key/);
  });

  it('refuses a page token that repeats instead of looping forever', async () => {
    const jira = fakeJira(() => reply(200, { issues: [{ key: 'TEAM-1' }], nextPageToken: 'same', isLast: false }));
    await expect(searchAllIssues(createJiraHttp(jira.requestJira), { where: 'x', fields: [] })).rejects.toBeInstanceOf(JiraPartialDataError);
  });
});
