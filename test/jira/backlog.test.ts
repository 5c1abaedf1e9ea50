import { createJiraHttp } from '../../src/jira/http';
import { loadTeamBacklog } from '../../src/jira/backlog';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import { JiraValidationError } from '../../src/jira/errors';
import { MiniJira } from './miniJira';
import { withoutReadTimes } from './comparable';

const day = 86_400_000;

function seeded(): MiniJira {
  const mini = new MiniJira();
  mini.visibleProjects = new Set(['TEAM', 'ART', 'OTHER']);
  const t0 = mini.now - 60 * day;
  mini.sprints = [
    { id: 1, name: 'S1', state: 'closed', startDate: new Date(t0).toISOString(), completeDate: new Date(t0 + 14 * day).toISOString() },
    { id: 2, name: 'S2', state: 'closed', startDate: new Date(t0 + 14 * day).toISOString(), completeDate: new Date(t0 + 28 * day).toISOString() },
    { id: 3, name: 'S3', state: 'closed', startDate: new Date(t0 + 28 * day).toISOString(), completeDate: new Date(t0 + 42 * day).toISOString() },
    { id: 4, name: 'S4', state: 'active', startDate: new Date(t0 + 42 * day).toISOString() },
    { id: 5, name: 'S5', state: 'future' },
  ];
  mini.add({ key: 'ART-1', type: 'Feature', fixVersions: ['PI 26.4'], labels: ['committed'] });
  mini.add({ key: 'ART-2', type: 'Feature' });
  mini.add({ key: 'OTHER-1', category: 'indeterminate', blocks: ['TEAM-3'] });
  for (let n = 1; n <= 10; n++) mini.add({ key: `TEAM-${n}`, points: n, bv: n % 3 === 0 ? 5 : undefined });
  mini.get('TEAM-2').parent = 'ART-1';
  mini.get('TEAM-6').parent = 'ART-2';
  mini.get('TEAM-7').sprintIds = [4];
  mini.get('TEAM-8').sprintIds = [3];
  // Done work in closed sprints: D-1 carried over from S1 and finished in S2; D-3 finished in the active sprint.
  mini.add({ key: 'TEAM-20', category: 'done', points: 3, sprintIds: [1], resolved: t0 + 10 * day, updated: t0 + 10 * day });
  mini.add({ key: 'TEAM-21', category: 'done', points: 5, sprintIds: [1, 2], resolved: t0 + 20 * day, updated: t0 + 20 * day });
  mini.add({ key: 'TEAM-22', category: 'done', points: 8, sprintIds: [3], resolved: t0 + 40 * day, updated: t0 + 40 * day });
  mini.add({ key: 'TEAM-23', category: 'done', points: 2, sprintIds: [3, 4], resolved: t0 + 43 * day, updated: t0 + 43 * day });
  mini.add({ key: 'TEAM-24', category: 'new', points: 13, sprintIds: [2] });
  return mini;
}

const http = (mini: MiniJira) => createJiraHttp(mini.jira.requestJira);
const clockOf = (mini: MiniJira) => () => new Date(mini.now);

describe('loadTeamBacklog', () => {
  it('returns the open issues in rank order with facts, features, sprints and closed-sprint points', async () => {
    const mini = seeded();
    const progress: [number, number | null][] = [];
    const backlog = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', onProgress: (a, b) => progress.push([a, b]), now: clockOf(mini) });
    expect(backlog.issues.map((i) => [i.key, i.rank])).toEqual([...Array.from({ length: 10 }, (_, i) => [`TEAM-${i + 1}`, i]), ['TEAM-24', 10]]);
    expect(backlog.boardId).toBe(1);
    expect(backlog.boardConfiguration).toEqual({ estimationFieldId: 'customfield_10016', rankFieldId: 10019 });
    expect(backlog.fieldMap.storyPoints).toBe('customfield_10016');
    expect(backlog.sprints.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
    expect(backlog.closedSprintPoints.map((p) => [p.sprintId, p.completedPoints, p.completedIssues])).toEqual([
      [1, 3, 1],
      [2, 5, 1],
      [3, 8, 1],
    ]);
    const team2 = backlog.issues[1];
    expect(team2?.parent).toEqual({ key: 'ART-1', projectKey: 'ART', summary: 'ART-1', statusCategory: 'new', commitments: ['PI 26.4', 'committed'] });
    expect(backlog.issues[2]?.links).toEqual([{ direction: 'blockedBy', key: 'OTHER-1', projectKey: 'OTHER', statusCategory: 'indeterminate' }]);
    expect(backlog.issues[6]?.sprint).toEqual({ id: 4, name: 'S4', state: 'active' });
    expect(backlog.issues[7]?.sprint).toBeNull();
    expect(backlog.features.map((f) => f.key).sort()).toEqual(['ART-1', 'ART-2']);
    expect(progress.at(-1)).toEqual([11, 11]);
    expect(backlog.timeZone).toBe('UTC');
  });

  it('uses few requests: setup reads once each, then key pages and bulk fetches', async () => {
    const mini = seeded();
    await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    const paths = mini.calls.map((c) => c.path.split('?')[0]);
    const count = (p: string) => paths.filter((x) => x === p).length;
    expect(count('/rest/api/3/field')).toBe(1);
    expect(count('/rest/agile/1.0/board')).toBe(1);
    expect(count('/rest/agile/1.0/board/1/configuration')).toBe(1);
    expect(count('/rest/agile/1.0/board/1/sprint')).toBe(3); // 5 sprints, 2 per page
    expect(count('/rest/api/3/myself')).toBe(1);
    // The site's link types, for which of them count as blocking.
    expect(count('/rest/api/3/issueLinkType')).toBe(1);
    // Backlog: 11 keys at 10 per key-only page = 2, then one bulk fetch of their fields; closed sprints: 5 issues
    // at 3 per page = 2; arrivals (every issue created since the first closed sprint began, any status): 5;
    // features: one bulk fetch.
    expect(count('/rest/api/3/search/jql')).toBe(9);
    expect(count('/rest/api/3/issue/bulkfetch')).toBe(2);
    // No approximate count without a progress callback.
    expect(mini.calls).toHaveLength(9 + 2 + 1 + 1 + 1 + 3 + 1 + 1);
  });

  it('leaves epics and sub-tasks out of the backlog, as a Scrum board does', async () => {
    const mini = seeded();
    mini.issues.splice(mini.issues.findIndex((i) => i.key === 'TEAM-3'), 0, { ...mini.get('TEAM-1'), key: 'TEAM-40', type: 'Epic', points: 40 });
    mini.add({ key: 'TEAM-41', type: 'Sub-task', points: 1, parent: 'TEAM-2' });
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(first.issues.map((i) => i.key)).not.toContain('TEAM-40');
    expect(first.issues.map((i) => i.key)).not.toContain('TEAM-41');
    expect(first.issues.map((i) => i.rank)).toEqual(first.issues.map((_, index) => index));
    expect(first.nonBacklogKeys).toEqual(['TEAM-40', 'TEAM-41']);

    mini.now += 10 * 60_000;
    mini.touch('TEAM-5', { summary: 'changed' });
    const callsBefore = mini.calls.length;
    const refreshed = await refreshTeamBacklog(http(mini), first, { now: clockOf(mini) });
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
    // The known epic and sub-task are not read again.
    expect(mini.calls.slice(callsBefore).some((c) => JSON.stringify(c.body ?? '').includes('TEAM-40'))).toBe(false);
  });

  it('a user who cannot see a project gets none of its issues', async () => {
    const mini = seeded();
    mini.visibleProjects = new Set(['TEAM', 'ART']);
    const backlog = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(JSON.stringify(backlog)).not.toContain('OTHER-');
    await expect(loadTeamBacklog(http(mini), { projectKey: 'OTHER', boardId: 1 })).rejects.toBeInstanceOf(JiraValidationError);
  });
});

describe('refreshTeamBacklog', () => {
  it('reads only changed issues and ends equal to a fresh full load', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 30 * 60_000;
    mini.touch('TEAM-4', { summary: 'Reworded', points: 8 });
    mini.touch('TEAM-5', { category: 'done', resolved: mini.now });
    mini.add({ key: 'TEAM-11', points: 2, updated: mini.now });
    mini.issues.unshift(...mini.issues.splice(mini.issues.findIndex((i) => i.key === 'TEAM-9'), 1)); // re-ranked to the top
    mini.touch('OTHER-1', { category: 'done' }); // the blocker resolves; TEAM-3 itself is not updated
    mini.touch('ART-2', { fixVersions: ['PI 26.4'] }); // the feature gets committed; its stories are not updated
    mini.now += 60_000;

    const callsBefore = mini.calls.length;
    const refreshed = await refreshTeamBacklog(http(mini), first, { now: clockOf(mini) });
    const refreshCalls = mini.calls.slice(callsBefore);

    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
    expect(refreshed.issues.map((i) => i.key)).toEqual(['TEAM-9', 'TEAM-1', 'TEAM-2', 'TEAM-3', 'TEAM-4', 'TEAM-6', 'TEAM-7', 'TEAM-8', 'TEAM-10', 'TEAM-24', 'TEAM-11']);
    expect(refreshed.issues.find((i) => i.key === 'TEAM-3')?.links[0]?.statusCategory).toBe('done');
    expect(refreshed.issues.find((i) => i.key === 'TEAM-6')?.parent?.commitments).toEqual(['PI 26.4']);

    const searches = refreshCalls.filter((c) => c.path === '/rest/api/3/search/jql').map((c) => c.body as { jql: string; fields: string[] });
    const changedSearch = searches.find((s) => s.jql.includes('updated >='));
    expect(changedSearch?.jql).toBe('project in ("TEAM") AND updated >= "2026-11-25 11:55"');
    // The changed issues' keys (one page), then the order (11 keys at 10 per page); fields come by bulk fetch.
    expect(searches.filter((s) => s.fields.length === 1 && s.fields[0] === 'key')).toHaveLength(3);
    // No field discovery, no board configuration, no velocity search when no sprint closed.
    expect(refreshCalls.some((c) => c.path === '/rest/api/3/field' || c.path.endsWith('/configuration'))).toBe(false);
    expect(searches.some((s) => s.jql.includes('closedSprints'))).toBe(false);
  });

  it('reads an issue the order search shows but the changed-issues search did not', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    // It lands (e.g. from a bulk move whose update time predates our window) just before the order search runs.
    const racing = createJiraHttp(async (path, init) => {
      const orderOrCount = init?.body?.includes('"fields":["key"]') || String(path).includes('approximate-count');
      if (orderOrCount && !mini.issues.some((i) => i.key === 'TEAM-12')) {
        mini.add({ key: 'TEAM-12', summary: 'Late arrival', points: 3, updated: mini.now - 2 * day });
      }
      return mini.jira.requestJira(path, init);
    });
    const refreshed = await refreshTeamBacklog(racing, first, { now: clockOf(mini) });
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
    expect(refreshed.issues.at(-1)).toMatchObject({ key: 'TEAM-12', summary: 'Late arrival', points: 3, rank: 11 });
    const byKey = mini.calls.filter((c) => JSON.stringify((c.body as { issueIdsOrKeys?: string[] } | undefined)?.issueIdsOrKeys) === '["TEAM-12"]');
    expect(byKey.map((c) => c.path)).toEqual(['/rest/api/3/issue/bulkfetch']);
  });

  it('drops links to issues the user can no longer see, reading the rest of the related issues', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(first.issues[2]?.links).toHaveLength(1);
    mini.now += 10 * 60_000;
    mini.visibleProjects.delete('OTHER');
    mini.touch('ART-1', { labels: ['committed', 'PI 27.1'] });
    const refreshed = await refreshTeamBacklog(http(mini), first, { now: clockOf(mini) });
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
    expect(refreshed.issues[2]?.links).toEqual([]);
    expect(refreshed.issues[1]?.parent?.commitments).toEqual(['PI 26.4', 'committed', 'PI 27.1']);
    expect(refreshed.warnings).toEqual([]);
  });

  it('recomputes closed-sprint points only when a sprint has closed since', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    const s4 = mini.sprints[3];
    if (s4) Object.assign(s4, { state: 'closed', completeDate: new Date(mini.now).toISOString() });
    mini.touch('TEAM-7', { category: 'done', resolved: mini.now - 60_000 });
    const refreshed = await refreshTeamBacklog(http(mini), first, { now: clockOf(mini) });
    expect(refreshed.closedSprintPoints.map((p) => [p.sprintId, p.completedPoints])).toEqual([
      [1, 3],
      [2, 5],
      [3, 8],
      [4, 9],
    ]);
    expect(refreshed.issues.some((i) => i.key === 'TEAM-7')).toBe(false);
  });
});
