/** Search behaviour: rank order, nextPageToken paging, page caps, JQL subset, permission filtering, 410. */
import { type DemoSite, SEARCH_PAGE_CAP, SEARCH_PAGE_CAP_KEYS_ONLY, startDemoSite } from '../demo-site';
import { call, searchAll } from './client';

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite({ seed: 11 });
});
afterAll(() => site.close());
beforeEach(() => site.reset());

const openInTeams = (projects: string[]): string[] =>
  site.view
    .rankOrder()
    .filter((key) => projects.includes(key.split('-')[0]) && site.view.statusCategory(key) !== 'done');

describe('paging', () => {
  test('several pages return every visible issue exactly once, in rank order', async () => {
    const pages = await searchAll(site, site.po, 'project in (ORION, VEGA) AND statusCategory != Done ORDER BY Rank ASC', ['summary'], 100);
    const keys = pages.flatMap((p) => p.issues.map((i) => i.key));
    expect(pages.length).toBeGreaterThan(3);
    expect(keys).toEqual(openInTeams(['ORION', 'VEGA']));
    expect(pages.slice(0, -1).every((p) => p.issues.length === 100 && !p.isLast && typeof p.nextPageToken === 'string')).toBe(true);
    expect(pages[pages.length - 1].nextPageToken).toBeUndefined();
    expect(pages.every((p) => !('total' in p))).toBe(true);
  });

  test('page size is capped at 100 with fields and 5000 for id/key only; default is 50', async () => {
    const withFields = await call(site, site.po, 'POST', '/rest/api/3/search/jql', { jql: 'project = ORION', fields: ['summary'], maxResults: 1000 });
    expect((withFields.body as { issues: unknown[] }).issues).toHaveLength(SEARCH_PAGE_CAP);
    const keysOnly = await call(site, site.po, 'POST', '/rest/api/3/search/jql', { jql: 'project in (ORION, VEGA, LYRA, ART)', fields: ['key'], maxResults: 10000 });
    const body = keysOnly.body as { issues: { key: string; fields?: unknown }[]; isLast: boolean };
    expect(body.issues).toHaveLength(Math.min(SEARCH_PAGE_CAP_KEYS_ONLY, site.view.issues().length));
    expect(body.issues[0].fields).toBeUndefined();
    const byDefault = await call(site, site.po, 'POST', '/rest/api/3/search/jql', { jql: 'project = ORION', fields: ['summary'] });
    expect((byDefault.body as { issues: unknown[] }).issues).toHaveLength(50);
  });

  test('only the requested fields come back', async () => {
    const reply = await call(site, site.po, 'POST', '/rest/api/3/search/jql', { jql: 'project = VEGA', fields: ['summary', 'status'], maxResults: 5 });
    const issues = (reply.body as { issues: { fields: Record<string, unknown> }[] }).issues;
    expect(issues.every((i) => Object.keys(i.fields).sort().join() === 'status,summary')).toBe(true);
  });

  test('a token from another query is refused', async () => {
    const first = await call(site, site.po, 'POST', '/rest/api/3/search/jql', { jql: 'project = ORION', fields: ['summary'], maxResults: 10 });
    const token = (first.body as { nextPageToken: string }).nextPageToken;
    const other = await call(site, site.po, 'POST', '/rest/api/3/search/jql', { jql: 'project = VEGA', fields: ['summary'], nextPageToken: token });
    expect(other.status).toBe(400);
  });

  test('approximate count matches what paging returns', async () => {
    const jql = 'project in (ORION, LYRA) AND statusCategory != Done';
    const count = await call(site, site.po, 'POST', '/rest/api/3/search/approximate-count', { jql });
    expect((count.body as { count: number }).count).toBe(openInTeams(['ORION', 'LYRA']).length);
  });
});

describe('JQL subset', () => {
  test('updated >=, sprint in closedSprints(), key in, issuetype = Feature', async () => {
    const issues = site.view.issues();
    const since = '2026-01-01 00:00';
    const updated = await searchAll(site, site.po, `project = ORION AND updated >= "${since}" ORDER BY Rank ASC`, ['updated'], 100);
    const expected = issues.filter((i) => i.projectKey === 'ORION' && Date.parse(i.updated) >= Date.UTC(2026, 0, 1)).length;
    expect(updated.flatMap((p) => p.issues)).toHaveLength(expected);

    const closed = new Set(site.view.sprints().filter((s) => s.state === 'closed').map((s) => s.id));
    const inClosed = await searchAll(site, site.po, 'project in ("VEGA") AND sprint in closedSprints() ORDER BY Rank ASC', ['summary'], 100);
    expect(inClosed.flatMap((p) => p.issues).length).toBe(issues.filter((i) => i.projectKey === 'VEGA' && i.sprintIds.some((id) => closed.has(id))).length);

    const keys = ['ORION-3', 'VEGA-7', 'ART-2'];
    const byKey = await searchAll(site, site.po, `key in ("${keys.join('", "')}") ORDER BY Rank ASC`, ['summary'], 100);
    expect(byKey.flatMap((p) => p.issues.map((i) => i.key)).sort()).toEqual([...keys].sort());

    const features = await searchAll(site, site.po, 'project = ART AND issuetype = Feature ORDER BY Rank ASC', ['fixVersions'], 100);
    expect(features.flatMap((p) => p.issues)).toHaveLength(issues.filter((i) => i.issueType === 'Feature').length);
  });

  test.each([
    'assignee = currentUser()',
    'project = ORION ORDER BY created DESC',
    'project = ORION AND',
    'project = ORION AND updated >= "yesterday"',
    'sprint in mySprints()',
  ])('rejects %s with a 400 ErrorCollection', async (jql) => {
    const reply = await call(site, site.po, 'POST', '/rest/api/3/search/jql', { jql, fields: ['summary'] });
    expect(reply.status).toBe(400);
    const body = reply.body as { errorMessages: string[]; errors: object };
    expect(body.errorMessages.length).toBeGreaterThan(0);
    expect(body.errors).toEqual({});
  });
});

describe('permission filtering (dev cannot browse LYRA)', () => {
  test('search never returns LYRA issues, and naming LYRA is an error as on Jira', async () => {
    const pages = await searchAll(site, site.dev, 'statusCategory != Done ORDER BY Rank ASC', ['summary', 'issuelinks', 'parent'], 100);
    const issues = pages.flatMap((p) => p.issues);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.key.startsWith('LYRA-'))).toBe(false);
    const linkedKeys = issues.flatMap((i) =>
      (i.fields?.issuelinks as { inwardIssue?: { key: string }; outwardIssue?: { key: string } }[]).map((l) => (l.inwardIssue ?? l.outwardIssue)?.key ?? ''),
    );
    expect(linkedKeys.some((k) => k.startsWith('LYRA-'))).toBe(false);
    const poLinks = site.view.links().filter((l) => l.sourceKey.startsWith('LYRA-') !== l.destinationKey.startsWith('LYRA-'));
    expect(poLinks.length).toBeGreaterThan(0); // there were LYRA links to hide

    const named = await call(site, site.dev, 'POST', '/rest/api/3/search/jql', { jql: 'project in (ORION, LYRA)', fields: ['summary'] });
    expect(named.status).toBe(400);
    expect((named.body as { errorMessages: string[] }).errorMessages[0]).toContain("'LYRA'");
  });

  test('GET issue answers 404, the count excludes LYRA, permissions say no', async () => {
    const lyraKey = site.view.rankOrder('LYRA')[0];
    expect((await call(site, site.dev, 'GET', `/rest/api/3/issue/${lyraKey}`)).status).toBe(404);
    expect((await call(site, site.po, 'GET', `/rest/api/3/issue/${lyraKey}`)).status).toBe(200);
    const count = await call(site, site.dev, 'POST', '/rest/api/3/search/approximate-count', { jql: 'statusCategory != Done' });
    const visible = site.view.issues().filter((i) => i.projectKey !== 'LYRA' && site.view.statusCategory(i.key) !== 'done').length;
    expect((count.body as { count: number }).count).toBe(visible);
    expect((await call(site, site.dev, 'GET', '/rest/api/3/mypermissions?projectKey=LYRA&permissions=BROWSE_PROJECTS')).status).toBe(404);
    const orion = await call(site, site.dev, 'GET', '/rest/api/3/mypermissions?projectKey=ORION&permissions=BROWSE_PROJECTS,ADMINISTER_PROJECTS,EDIT_ISSUES,SCHEDULE_ISSUES');
    const perms = (orion.body as { permissions: Record<string, { havePermission: boolean }> }).permissions;
    expect(Object.fromEntries(Object.entries(perms).map(([k, v]) => [k, v.havePermission]))).toEqual({
      BROWSE_PROJECTS: true, ADMINISTER_PROJECTS: false, EDIT_ISSUES: true, SCHEDULE_ISSUES: true,
    });
    const boards = await call(site, site.dev, 'GET', '/rest/agile/1.0/board?type=scrum');
    expect((boards.body as { values: { location: { projectKey: string } }[] }).values.map((b) => b.location.projectKey)).toEqual(['ORION', 'VEGA']);
  });
});

test('the retired search answers 410 to GET and POST', async () => {
  for (const method of ['GET', 'POST']) {
    const reply = await call(site, site.po, method, '/rest/api/3/search', method === 'POST' ? { jql: 'project = ORION' } : undefined);
    expect(reply.status).toBe(410);
    expect((reply.body as { errorMessages: string[] }).errorMessages[0]).toContain('/rest/api/3/search/jql');
  }
});

test('unauthenticated and wrong-token requests answer 401', async () => {
  expect((await call(site, null, 'GET', '/rest/api/3/myself')).status).toBe(401);
  const wrong = { ...site.po, authorization: `Basic ${Buffer.from('po@demo.test:nope').toString('base64')}` };
  expect((await call(site, wrong, 'GET', '/rest/api/3/myself')).status).toBe(401);
});
