/**
 * The Jira client end to end against the embedded demo site (real HTTP, Jira's shapes, limits and faults).
 * Retries use a fake clock, so no test waits for a real back-off.
 */

import { startDemoSite, type DemoSite, type DemoSiteUser } from '../demo-site/index';
import { localRequestJira } from '../../src/jira/adapters/local';
import { createJiraHttp, type JiraHttp } from '../../src/jira/http';
import { issueIdsFor, loadTeamBacklog } from '../../src/jira/backlog';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import { JiraError, JiraPartialDataError, JiraValidationError } from '../../src/jira/errors';
import { searchAllIssues } from '../../src/jira/search';
import { getMyPermissions, getProject } from '../../src/jira/permissions';
import { JiraNotFoundError } from '../../src/jira/errors';
import { rankAsTop, rankIssues, resumeRank } from '../../src/jira/writes/rank';
import { moveIssuesToSprint } from '../../src/jira/writes/sprint';
import { splitIssue } from '../../src/jira/writes/split';
import { labelAsTail, trimTail, TAIL_LABEL } from '../../src/jira/writes/tail';
import { setIssueNumbers } from '../../src/jira/writes/fields';
import { fakeClock } from './fakeJira';
import { withoutReadTimes } from './comparable';

// Real HTTP against a 1,500-issue site: a busy machine stretches a load past Jest's 5 s default.
jest.setTimeout(30_000);

let site: DemoSite;
const NOW = new Date('2026-11-25T00:00:00Z');

beforeAll(async () => {
  site = await startDemoSite({ seed: 7, now: NOW });
});
afterAll(async () => {
  await site.close();
});
afterEach(() => site.reset());

function clientFor(user: DemoSiteUser, clock = fakeClock()): JiraHttp {
  return createJiraHttp(localRequestJira({ baseUrl: site.baseUrl, email: user.email, apiToken: user.apiToken }), { retry: clock });
}

const openBacklogKeys = (projectKey: string): string[] =>
  site.view.rankOrder(projectKey).filter((k) => site.view.statusCategory(k) !== 'done' && site.view.issue(k)?.issueType !== 'Feature');

describe('client against the demo site', () => {
  it('loads a team backlog over several pages in rank order, with points, sprints and closed-sprint points', async () => {
    const progress: [number, number | null][] = [];
    const backlog = await loadTeamBacklog(clientFor(site.po), { projectKey: 'ORION', onProgress: (a, b) => progress.push([a, b]) });
    const expected = site.view.rankOrder('ORION').filter((k) => site.view.statusCategory(k) !== 'done');
    expect(backlog.issues.map((i) => i.key)).toEqual(expected);
    expect(backlog.issues.every((issue, index) => issue.rank === index)).toBe(true);
    // Keys in one search page, fields in bulk fetches of 100 (and the parents' own).
    const bulkFetches = site.requestLog.filter((e) => e.path === '/rest/api/3/issue/bulkfetch');
    expect(bulkFetches.length).toBeGreaterThan(Math.ceil(expected.length / 100));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)?.[0]).toBe(expected.length);
    expect(backlog.fieldMap.storyPoints).toBe(site.view.pointsFieldId());
    for (const facts of backlog.issues) {
      const raw = site.view.issue(facts.key);
      expect(facts.points).toBe(typeof raw?.points === 'number' ? raw.points : null);
    }
    expect(backlog.issues.some((i) => i.points === null)).toBe(true);
    expect(backlog.issues.some((i) => i.parent?.projectKey === 'ART' && i.parent.commitments.length > 0)).toBe(true);
    expect(backlog.issues.some((i) => i.links.some((l) => l.projectKey !== 'ORION'))).toBe(true);
    const closed = site.view.sprints().filter((s) => s.state === 'closed' && backlog.sprints.some((b) => b.id === s.id));
    expect(backlog.closedSprintPoints.length).toBe(Math.min(6, closed.length));
    expect(backlog.closedSprintPoints.every((p) => p.completedPoints > 0)).toBe(true);
    // Oracle from the site's own store: Done (not Won't Do) issues count for the last sprint their Sprint field lists.
    for (const points of backlog.closedSprintPoints) {
      const finishedHere = site.view
        .issues()
        .filter((i) => i.projectKey === 'ORION' && i.statusId === '10001' && i.sprintIds.at(-1) === points.sprintId);
      expect(points.completedPoints).toBe(finishedHere.reduce((sum, i) => sum + (i.points ?? 0), 0));
      expect(points.completedIssues).toBe(finishedHere.length);
    }
  });

  it('finds story points under either field name', async () => {
    const other = await startDemoSite({ seed: 7, now: NOW, scale: 300, storyPointsField: 'Story Points' });
    try {
      const http = createJiraHttp(localRequestJira({ baseUrl: other.baseUrl, email: other.po.email, apiToken: other.po.apiToken }));
      const backlog = await loadTeamBacklog(http, { projectKey: 'VEGA' });
      expect(backlog.fieldMap.storyPoints).toBe(other.view.pointsFieldId());
      expect(backlog.fieldMap.storyPoints).not.toBe('customfield_10016');
      expect(backlog.issues.filter((i) => i.points !== null).length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('retries under 429 and 503 with nothing lost or duplicated', async () => {
    const clean = await loadTeamBacklog(clientFor(site.po), { projectKey: 'VEGA' });
    site.faults.rateLimit(3, { pathPrefix: '/rest/api/3/search/jql', retryAfterSeconds: 2 });
    site.faults.failSearchPage(2, { status: 503 });
    const clock = fakeClock();
    const throttled = await loadTeamBacklog(clientFor(site.po, clock), { projectKey: 'VEGA' });
    expect(withoutReadTimes(throttled)).toEqual(withoutReadTimes(clean));
    expect(clock.slept.filter((ms) => ms === 2000)).toHaveLength(3);
    expect(clock.slept.length).toBe(4);
  });

  it('a mid-page failure is a partial-data error, never a short backlog', async () => {
    site.faults.failSearchPage(2, { status: 500, times: 10 });
    const error = await loadTeamBacklog(clientFor(site.po), { projectKey: 'ORION' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraPartialDataError);
    expect((error as JiraPartialDataError).loaded).toBeGreaterThan(0);
  });

  it('a user who cannot see a project gets none of its issues', async () => {
    expect(site.dev.permissions.LYRA).toBeUndefined();
    for (const projectKey of ['ORION', 'VEGA']) {
      const backlog = await loadTeamBacklog(clientFor(site.dev), { projectKey });
      expect(JSON.stringify(backlog.issues)).not.toMatch(/"LYRA-\d+"/);
    }
    const asPo = await loadTeamBacklog(clientFor(site.po), { projectKey: 'ORION' });
    expect(asPo.issues.some((i) => i.links.some((l) => l.projectKey === 'LYRA'))).toBe(true);
    await expect(loadTeamBacklog(clientFor(site.dev), { projectKey: 'LYRA' })).rejects.toBeInstanceOf(JiraError);
    // Jira answers a search naming a project the user may not browse as if it did not exist.
    await expect(searchAllIssues(clientFor(site.dev), { where: 'project in ("LYRA")', fields: ['summary'] })).rejects.toBeInstanceOf(JiraValidationError);
  });

  it('reads what the user may do in a project, and hides projects they may not browse', async () => {
    expect(await getMyPermissions(clientFor(site.po), 'ORION')).toEqual({ browse: true, administer: true, edit: true, schedule: true });
    expect(await getMyPermissions(clientFor(site.dev), 'ORION')).toEqual({ browse: true, administer: false, edit: true, schedule: true });
    expect(await getProject(clientFor(site.po), 'LYRA')).toMatchObject({ key: 'LYRA', name: 'Team Lyra' });
    await expect(getProject(clientFor(site.dev), 'LYRA')).rejects.toBeInstanceOf(JiraNotFoundError);
  });

  it('re-ranks 120 issues in batches of at most 50 into exactly the intended order', async () => {
    const http = clientFor(site.po);
    const before = site.view.rankOrder('ORION');
    const desired = before.slice(5, 125).reverse();
    const outcome = await rankAsTop(http, desired, before[0] as string, { rankFieldId: 10019 });
    expect(outcome.complete).toBe(true);
    expect(site.view.rankOrder('ORION').slice(0, 120)).toEqual(desired);
    const rankCalls = site.requestLog.filter((e) => e.path === '/rest/agile/1.0/issue/rank');
    expect(rankCalls).toHaveLength(3);
  });

  it('reports a partial rank (207) exactly and resumes to the intended order', async () => {
    const http = clientFor(site.po);
    const before = site.view.rankOrder('ORION');
    const desired = before.slice(5, 125).reverse();
    site.faults.failRankPartially({ lastN: 3 });
    const anchor = { before: before[0] as string };
    const first = await rankIssues(http, desired, anchor);
    expect(first.complete).toBe(false);
    expect(first.notChanged.filter((n) => !n.notAttempted).map((n) => n.key)).toEqual(desired.slice(47, 50));
    expect(first.notChanged.filter((n) => n.notAttempted).map((n) => n.key)).toEqual(desired.slice(50));
    expect(first.changed).toEqual(desired.slice(0, 47));
    expect(site.view.rankOrder('ORION').slice(0, 47)).toEqual(desired.slice(0, 47));
    const plan = resumeRank(desired, anchor, first);
    expect(plan).toEqual({ keys: desired.slice(47), anchor: { after: desired[46] } });
    const resumed = await rankIssues(http, plan?.keys ?? [], plan?.anchor ?? anchor);
    expect(resumed.complete).toBe(true);
    expect(site.view.rankOrder('ORION').slice(0, 120)).toEqual(desired);
  });

  it('moves issues into a sprint in batches of at most 50', async () => {
    const http = clientFor(site.po);
    const board = site.view.boards().find((b) => b.projectKey === 'ORION');
    const future = site.view.sprints(board?.id).find((s) => s.state === 'future');
    expect(future).toBeDefined();
    const keys = openBacklogKeys('ORION').filter((k) => !site.view.sprintIssueKeys(future?.id as number).includes(k)).slice(0, 70);
    const outcome = await moveIssuesToSprint(http, future?.id as number, keys);
    expect(outcome).toEqual({ changed: keys, notChanged: [], complete: true });
    expect(site.view.sprintIssueKeys(future?.id as number)).toEqual(expect.arrayContaining(keys));
    expect(site.requestLog.filter((e) => e.path === `/rest/agile/1.0/sprint/${future?.id}/issue`)).toHaveLength(2);
  });

  it('splits an item into linked stories whose points sum up, and a retry creates nothing twice', async () => {
    const http = clientFor(site.po);
    const backlog = await loadTeamBacklog(http, { projectKey: 'ORION' });
    const original = backlog.issues.find((i) => (i.points ?? 0) >= 5 && i.parent !== null) ?? backlog.issues.find((i) => (i.points ?? 0) >= 5);
    expect(original).toBeDefined();
    const points = original?.points as number;
    const parts = [
      { summary: 'First slice', points: points - 2 },
      { summary: 'Second slice', points: 2 },
    ];
    const request = { originalKey: original?.key as string, splitId: 'e2e-1', parts };
    const first = await splitIssue(http, backlog.fieldMap, request);
    expect(first.complete).toBe(true);
    for (const part of first.parts) {
      const created = site.view.issue(part.key as string);
      expect(created?.projectKey).toBe('ORION');
      expect(created?.points).toBe(part.points);
      expect(created?.parentKey ?? null).toBe(original?.parent?.key ?? null);
    }
    const linked = site.view.links().filter((l) => [l.sourceKey, l.destinationKey].includes(original?.key as string));
    // Each new story is linked from the original ("ORIGINAL <outward> PART").
    expect(first.parts.every((p) => linked.some((l) => l.sourceKey === original?.key && l.destinationKey === p.key))).toBe(true);
    // The original is closed as dropped (Won't Do) with a label, never deleted.
    expect(first.original).toMatchObject({ labelled: true, closedAs: "Won't Do", closedNow: true });
    expect(site.view.issue(original?.key as string)).toMatchObject({ statusId: '10002', labels: expect.arrayContaining(['bb-split-source']) });
    const count = site.view.issues().length;
    const again = await splitIssue(http, backlog.fieldMap, request);
    expect(again.complete).toBe(true);
    expect(again.original).toMatchObject({ closedAs: "Won't Do", closedNow: false });
    expect(again.parts.map((p) => p.key)).toEqual(first.parts.map((p) => p.key));
    expect(site.view.issues().length).toBe(count);
  });

  it('labels the tail and trims it to Won\'t Do without deleting anything', async () => {
    const http = clientFor(site.po);
    const keys = openBacklogKeys('VEGA').slice(-3);
    const count = site.view.issues().length;
    expect((await labelAsTail(http, keys)).complete).toBe(true);
    expect(keys.every((k) => site.view.issue(k)?.labels.includes(TAIL_LABEL))).toBe(true);
    expect((await trimTail(http, keys)).complete).toBe(true);
    expect(keys.map((k) => site.view.statusCategory(k))).toEqual(['done', 'done', 'done']);
    expect(site.view.issues().length).toBe(count);
  });

  it('refresh after writes equals a full load, reading only what changed', async () => {
    const http = clientFor(site.po);
    const first = await loadTeamBacklog(http, { projectKey: 'ORION' });
    const keys = first.issues.map((i) => i.key);
    await setIssueNumbers(http, first.fieldMap, [{ key: keys[3] as string, values: { storyPoints: 13, businessValue: 8 } }]);
    await trimTail(http, [keys[4] as string]);
    await rankAsTop(http, [keys[10] as string], keys[0] as string);
    site.clearRequestLog();
    const refreshed = await refreshTeamBacklog(http, first, { reconcileIssueIds: issueIdsFor(first, [keys[3], keys[4], keys[10]] as string[]) });
    const refreshRequests = site.requestLog.length;
    const full = await loadTeamBacklog(http, { projectKey: 'ORION' });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
    expect(refreshed.issues[0]?.key).toBe(keys[10]);
    expect(refreshed.issueIds[keys[10] as string]).toBe(Number(site.view.issue(keys[10] as string)?.id));
    expect(refreshed.issues.find((i) => i.key === keys[3])?.points).toBe(13);
    expect(refreshed.issues.some((i) => i.key === keys[4])).toBe(false);
    expect(refreshRequests).toBeLessThan(site.requestLog.length - refreshRequests);
  });
});
