/*
 * The issues our stories block in other teams' projects (issue 13, case 6): their sprint gives a needed-by, their
 * WSJF is inherited. Read in bulk (100 a request, side by side), never one request per link; a dependent the user
 * may not see stays unknown; an undated future sprint starts by its board's cadence. A refresh reads only the
 * dependents updated since, and all of them at the periodic check by key (issue 16).
 */
import { createJiraHttp } from '../../src/jira/http';
import { loadTeamBacklog } from '../../src/jira/backlog';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import { RELATED_MAX_AGE_MS } from '../../src/jira/refresh-related';
import type { TeamBacklog } from '../../src/jira/backlog';
import { withoutReadTimes } from './comparable';
import { BV, MiniJira, POINTS, SPRINT } from './miniJira';
import { warningText } from './warning-text';

function seeded(dependents: number): MiniJira {
  const mini = new MiniJira();
  mini.pageSize = 100;
  mini.idPageSize = 1000;
  mini.visibleProjects = new Set(['TEAM', 'OTHER']);
  // The active sprint and the next one have dates; the one after has none yet (as Jira often leaves them).
  mini.sprints = [
    { id: 5, name: 'OTHER Sprint 5', state: 'active', startDate: '2026-11-16T09:00:00.000Z', endDate: '2026-11-29T17:00:00.000Z' },
    { id: 6, name: 'OTHER Sprint 6', state: 'future', startDate: '2026-11-30T09:00:00.000Z', endDate: '2026-12-13T17:00:00.000Z' },
    { id: 7, name: 'OTHER Sprint 7', state: 'future' },
  ];
  const blocked: string[] = [];
  for (let n = 1; n <= dependents; n++) {
    mini.add({ key: `OTHER-${n}`, sprintIds: n % 2 === 0 ? [6] : [7], bv: n, points: 3 });
    blocked.push(`OTHER-${n}`);
  }
  mini.add({ key: 'TEAM-1', points: 3, blocks: blocked });
  mini.add({ key: 'TEAM-2', points: 2 });
  return mini;
}

const http = (mini: MiniJira) => createJiraHttp(mini.jira.requestJira);
const clockOf = (mini: MiniJira) => () => new Date(mini.now);
const dependentFetches = (mini: MiniJira, from = 0) =>
  mini.calls.slice(from).filter((c) => c.path === '/rest/api/3/issue/bulkfetch' && (c.body as { fields: string[] }).fields.includes(SPRINT) && !(c.body as { fields: string[] }).fields.includes('summary'));

describe("the dependents' sprints and priority", () => {
  it('reads 150 dependents in two bulk fetches, with each one\'s sprint (dated, or by its board\'s cadence)', async () => {
    const mini = seeded(150);
    const backlog = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    const fetches = dependentFetches(mini);
    expect(fetches.map((c) => (c.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys.length).sort()).toEqual([100, 50]);
    expect((fetches[0]!.body as { fields: string[] }).fields.sort()).toEqual([BV, POINTS, SPRINT].sort());
    expect(mini.calls.some((c) => /^\/rest\/api\/3\/issue\/OTHER-/.test(c.path))).toBe(false);
    const links = new Map(backlog.issues.find((i) => i.key === 'TEAM-1')!.links.map((l) => [l.key, l]));
    // Dated in Jira: its own start day.
    expect(links.get('OTHER-2')?.sprint).toEqual({ name: 'OTHER Sprint 6', start: '2026-11-30' });
    // Undated: the day after the last dated sprint ends (the board's cadence).
    expect(links.get('OTHER-1')?.sprint).toEqual({ name: 'OTHER Sprint 7', start: '2026-12-14' });
    // Only a business value is scored: no cost of delay, no priority to inherit.
    expect(links.get('OTHER-1')?.priority).toBeNull();
  });

  it('a dependent the user may not see is not asked for (Jira shows no link to it) and nothing about it is read', async () => {
    const mini = seeded(2);
    mini.add({ key: 'HIDDEN-1', sprintIds: [7] });
    mini.get('TEAM-2').blocks = ['HIDDEN-1'];
    const backlog = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(backlog.issues.find((i) => i.key === 'TEAM-2')!.links).toEqual([]);
    expect(JSON.stringify(dependentFetches(mini).map((c) => c.body))).not.toContain('HIDDEN');
  });

  it('a refresh reads a dependent whose sprint moved, though none of our issues changed', async () => {
    const mini = seeded(3);
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    mini.touch('OTHER-1', { sprintIds: [6] });
    const before = mini.calls.length;
    const refreshed = await refreshTeamBacklog(http(mini), first, { now: clockOf(mini) });
    expect(dependentFetches(mini, before)).toHaveLength(1);
    expect(refreshed.issues.find((i) => i.key === 'TEAM-1')!.links.find((l) => l.key === 'OTHER-1')?.sprint).toEqual({ name: 'OTHER Sprint 6', start: '2026-11-30' });
    // TEAM-2 blocks nothing: the very same object.
    expect(refreshed.issues.find((i) => i.key === 'TEAM-2')).toBe(first.issues.find((i) => i.key === 'TEAM-2'));
  });

  it('a refresh re-reads only the dependents updated since the last read, and an edited one shows as a full load shows it', async () => {
    const mini = seeded(150);
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    mini.touch('OTHER-7', { sprintIds: [6], bv: 40 });
    const before = mini.calls.length;
    const refreshed = await refreshTeamBacklog(http(mini), first, { now: clockOf(mini) });
    expect(dependentFetches(mini, before).map((c) => (c.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys)).toEqual([['OTHER-7']]);
    expect(linkTo(refreshed, 'OTHER-7')?.sprint).toEqual({ name: 'OTHER Sprint 6', start: '2026-11-30' });
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
  });

  it('an unchanged dependent is not read again, while our own issues change', async () => {
    const mini = seeded(150);
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    mini.touch('TEAM-2', { summary: 'Reworded' });
    const before = mini.calls.length;
    const refreshed = await refreshTeamBacklog(http(mini), first, { now: clockOf(mini) });
    expect(dependentFetches(mini, before)).toEqual([]);
    expect(refreshed.issues.find((i) => i.key === 'TEAM-2')?.summary).toBe('Reworded');
    // What the last read knew of each dependent stays on the links, as a full load would read it.
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
  });

  it('a dependent a changed story newly blocks is read in full', async () => {
    const mini = seeded(3);
    mini.add({ key: 'OTHER-9', sprintIds: [6], bv: 5, points: 2 });
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    mini.touch('TEAM-2', { blocks: ['OTHER-9'] });
    const before = mini.calls.length;
    const refreshed = await refreshTeamBacklog(http(mini), first, { now: clockOf(mini) });
    expect(dependentFetches(mini, before).map((c) => (c.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys)).toEqual([['OTHER-9']]);
    expect(refreshed.issues.find((i) => i.key === 'TEAM-2')!.links.find((l) => l.key === 'OTHER-9')?.sprint).toEqual({ name: 'OTHER Sprint 6', start: '2026-11-30' });
  });

  it('the periodic full re-read catches what moves no dependent\'s `updated`: a deleted dependent and a sprint given dates', async () => {
    const mini = seeded(3);
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(first.warnings).toEqual([]);
    expect(linkTo(first, 'OTHER-1')?.sprint).toEqual({ name: 'OTHER Sprint 7', start: '2026-12-14' });
    // The other team dates its sprint 7 and deletes OTHER-3; Jira drops the link, TEAM-1's `updated` stays.
    mini.now += 5 * 60_000;
    (mini.sprints[2] as { startDate?: string }).startDate = '2026-12-21T09:00:00.000Z';
    mini.issues = mini.issues.filter((i) => i.key !== 'OTHER-3');
    mini.get('TEAM-1').blocks = ['OTHER-1', 'OTHER-2'];
    const soon = await refreshCounted(mini, first);
    expect(soon.fetches).toBe(0);
    mini.now += RELATED_MAX_AGE_MS;
    const due = await refreshCounted(mini, soon.refreshed);
    expect(due.fetches).toBe(1);
    expect(linkTo(due.refreshed, 'OTHER-1')?.sprint).toEqual({ name: 'OTHER Sprint 7', start: '2026-12-21' });
    expect(linkTo(due.refreshed, 'OTHER-3')).toBeUndefined();
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(due.refreshed)).toEqual(withoutReadTimes(full));
  });

  it("keeps an unchanged dependent's warning (its sprint has no dates), and drops it once the sprint is dated", async () => {
    const mini = seeded(1);
    // Sprint 7 is undated, on a board the user may not read: its start cannot be told.
    mini.sprints = [...mini.sprints.slice(0, 2), { id: 7, name: 'OTHER Sprint 7', state: 'future', boardId: 9 }];
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    const warning = first.warnings.find((w) => warningText(w).includes('OTHER-1'));
    expect(warning).toBeDefined();
    mini.now += 5 * 60_000;
    mini.touch('TEAM-2', { summary: 'Reworded' });
    const soon = await refreshCounted(mini, first);
    expect(soon.fetches).toBe(0);
    expect(soon.refreshed.warnings).toContainEqual(warning);
    (mini.sprints[2] as { startDate?: string }).startDate = '2026-12-21T09:00:00.000Z';
    mini.touch('OTHER-1', { bv: 8 });
    const dated = await refreshCounted(mini, soon.refreshed);
    expect(dated.fetches).toBe(1);
    expect(dated.refreshed.warnings).toEqual([]);
  });
});

function linkTo(backlog: TeamBacklog, key: string) {
  return backlog.issues.find((i) => i.key === 'TEAM-1')!.links.find((l) => l.key === key);
}

async function refreshCounted(mini: MiniJira, previous: TeamBacklog): Promise<{ refreshed: TeamBacklog; fetches: number }> {
  const before = mini.calls.length;
  const refreshed = await refreshTeamBacklog(http(mini), previous, { now: clockOf(mini) });
  return { refreshed, fetches: dependentFetches(mini, before).length };
}
