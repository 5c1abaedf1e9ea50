import { startDemoSite, type DemoSite } from '../demo-site/index';
import { localRequestJira } from '../../src/jira/adapters/local';
import { countArrivals, loadArrivals } from '../../src/jira/arrivals';
import { lastClosedSprints } from '../../src/jira/velocity';
import type { JiraSprint } from '../../src/jira/types';
import { loadTeamBacklog } from '../../src/jira/backlog';
import { createJiraHttp, type JiraHttp } from '../../src/jira/http';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import type { RequestJira } from '../../src/jira/port';
import { fakeClock } from './fakeJira';
import { ISSUE_TYPES } from '../demo-site/model';

let site: DemoSite;
const NOW = new Date('2026-11-25T00:00:00Z');
/** JQL and fields of every search the client sent. */
let searches: { jql: string; fields: string[] }[] = [];

beforeAll(async () => {
  site = await startDemoSite({ seed: 7, scale: 600, now: NOW });
});
afterAll(() => site.close());
beforeEach(() => {
  searches = [];
});

function client(): JiraHttp {
  const port = localRequestJira({ baseUrl: site.baseUrl, email: site.po.email, apiToken: site.po.apiToken });
  const recording: RequestJira = async (path, init) => {
    if (path.value.startsWith('/rest/api/3/search/jql') && init?.body) {
      const body = JSON.parse(init.body) as { jql: string; fields: string[] };
      searches.push({ jql: body.jql, fields: body.fields });
    }
    return port(path, init);
  };
  return createJiraHttp(recording, { retry: fakeClock() });
}

const boardSprints = (): JiraSprint[] => site.view.sprints(1).map((sp) => ({ ...sp, originBoardId: 1 }) as JiraSprint);

/** The demo site's issue types that are not backlog items (above hierarchy level 0). */
const NOT_ITEMS = new Set(ISSUE_TYPES.filter((t) => t.hierarchyLevel !== 0).map((t) => t.name));

describe('arrivals (Health: everything created during each closed sprint, any status)', () => {
  it('counts per closed sprint every backlog item of the project created while it ran, done ones included, not epics or sub-tasks', async () => {
    const sprints = boardSprints();
    const arrivals = await loadArrivals(client(), { projectKey: 'ORION', sprints, count: 6, timeZone: 'UTC' });
    const closed = lastClosedSprints(sprints, 6);
    expect(arrivals.map((a) => a.sprintId)).toEqual(closed.map((s) => s.id));
    const orion = site.view.issues().filter((i) => i.projectKey === 'ORION' && !NOT_ITEMS.has(i.issueType));
    let finished = 0;
    for (const sprint of closed) {
      const start = Date.parse(sprint.startDate as string);
      const end = Date.parse((sprint.completeDate ?? sprint.endDate) as string);
      const created = orion.filter((i) => Date.parse(i.created) >= start && Date.parse(i.created) < end);
      expect(arrivals.find((a) => a.sprintId === sprint.id)?.arrived).toBe(created.length);
      finished += created.filter((i) => site.view.statusCategory(i.key) === 'done').length;
    }
    expect(finished).toBeGreaterThan(0);
    expect(searches).toEqual([{ jql: expect.stringMatching(/^project in \("ORION"\) AND created >= "\d{4}-\d\d-\d\d \d\d:\d\d"$/), fields: ['created', 'issuetype'] }]);
  });

  it('countArrivals: [start, completion) per sprint; a sprint without dates is skipped', () => {
    const sprint = (id: number, startDate: string | null, completeDate: string | null): JiraSprint =>
      ({ id, name: `S${id}`, state: 'closed', startDate, endDate: null, completeDate, originBoardId: 1 }) as JiraSprint;
    const t = (iso: string) => Date.parse(iso);
    const created = [t('2026-10-01T00:00:00Z'), t('2026-10-05T12:00:00Z'), t('2026-10-15T00:00:00Z'), t('2026-10-20T00:00:00Z')];
    const sprints = [sprint(1, '2026-10-01T00:00:00Z', '2026-10-15T00:00:00Z'), sprint(2, '2026-10-15T00:00:00Z', '2026-10-29T00:00:00Z'), sprint(3, null, null)];
    expect(countArrivals(created, sprints)).toEqual([{ sprintId: 1, arrived: 2 }, { sprintId: 2, arrived: 2 }]);
  });

  it('is loaded with the backlog and kept by a refresh until another sprint closes', async () => {
    const http = client();
    const first = await loadTeamBacklog(http, { projectKey: 'ORION' });
    expect(first.arrivals?.some((a) => a.arrived > 0)).toBe(true);
    searches = [];
    const refreshed = await refreshTeamBacklog(http, first);
    expect(refreshed.arrivals).toEqual(first.arrivals);
    expect(searches.some((s) => s.jql.includes('created >='))).toBe(false);
    // A snapshot stored before arrivals existed gets them on its next refresh.
    const { arrivals: _dropped, ...old } = first;
    const upgraded = await refreshTeamBacklog(http, old);
    expect(upgraded.arrivals).toEqual(first.arrivals);
    // One counted before backlog items only (no format): its sprint history is read again, once.
    const { format: _format, ...counted } = first;
    searches = [];
    const recounted = await refreshTeamBacklog(http, { ...counted, arrivals: counted.arrivals?.map((a) => ({ ...a, arrived: a.arrived + 7 })) });
    expect(recounted.arrivals).toEqual(first.arrivals);
    expect(recounted.format).toBe(first.format);
    expect(searches.filter((s) => s.jql.includes('created >='))).toHaveLength(1);
    searches = [];
    await refreshTeamBacklog(http, recounted);
    expect(searches.some((s) => s.jql.includes('created >='))).toBe(false);
  });
});
