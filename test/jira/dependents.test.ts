/*
 * The issues our stories block in other teams' projects (issue 13, case 6): their sprint gives a needed-by, their
 * WSJF is inherited. Read in bulk (100 a request, side by side), never one request per link; a dependent the user
 * may not see stays unknown; an undated future sprint starts by its board's cadence.
 */
import { createJiraHttp } from '../../src/jira/http';
import { loadTeamBacklog } from '../../src/jira/backlog';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import { BV, MiniJira, POINTS, SPRINT } from './miniJira';

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

  it('a refresh reads them again (the sprint moves without touching our issues), in bulk beside its first reads', async () => {
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
});
