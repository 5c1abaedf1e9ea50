import { createJiraHttp } from '../../src/jira/http';
import { loadTeamBacklog, type TeamBacklog } from '../../src/jira/backlog';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import { RELATED_MAX_AGE_MS } from '../../src/jira/refresh-related';
import { MiniJira } from './miniJira';
import { withoutReadTimes } from './comparable';

/** A team backlog with stories under two program features and one blocked by another team's story. */
function seeded(): MiniJira {
  const mini = new MiniJira();
  mini.visibleProjects = new Set(['TEAM', 'ART', 'OTHER']);
  mini.sprints = [{ id: 4, name: 'S4', state: 'active', startDate: new Date(mini.now - 3 * 86_400_000).toISOString() }];
  mini.add({ key: 'ART-1', type: 'Feature', fixVersions: ['PI 26.4'], labels: ['committed'] });
  mini.add({ key: 'ART-2', type: 'Feature' });
  mini.add({ key: 'ART-3', type: 'Feature', fixVersions: ['PI 27.1'] });
  mini.add({ key: 'OTHER-1', category: 'indeterminate', blocks: ['TEAM-3'] });
  for (let n = 1; n <= 8; n++) mini.add({ key: `TEAM-${n}`, points: n });
  mini.get('TEAM-2').parent = 'ART-1';
  mini.get('TEAM-6').parent = 'ART-2';
  return mini;
}

const http = (mini: MiniJira) => createJiraHttp(mini.jira.requestJira);
const clockOf = (mini: MiniJira) => () => new Date(mini.now);

/** The JQL of every search by key the refresh sent (parents and link targets). */
async function refreshKeySearches(mini: MiniJira, first: TeamBacklog): Promise<{ refreshed: TeamBacklog; keySearches: string[] }> {
  const before = mini.calls.length;
  const refreshed = await refreshTeamBacklog(http(mini), first, { now: clockOf(mini) });
  const keySearches = mini.calls
    .slice(before)
    .map((c) => (c.body as { jql?: string } | undefined)?.jql)
    .filter((q): q is string => q !== undefined && q.startsWith('key in'));
  return { refreshed, keySearches };
}

/** The JQL and fields of every search sent since call number `before`. */
function searchesSince(mini: MiniJira, before: number): { jql: string; fields: string[] }[] {
  return mini.calls
    .slice(before)
    .map((c) => c.body as { jql?: string; fields?: string[] } | undefined)
    .flatMap((b) => (b?.jql !== undefined && b.fields !== undefined ? [{ jql: b.jql, fields: b.fields }] : []));
}

describe('refreshTeamBacklog: parents and linked issues', () => {
  it('asks for known parents and link targets only if they were updated since the last load', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    mini.touch('TEAM-4', { summary: 'Reworded' });
    const before = mini.calls.length;
    const { refreshed, keySearches } = await refreshKeySearches(mini, first);
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
    // The rank values of TEAM-4's neighbours (it has not moved), by bulk fetch; the parents and the blocker
    // were not updated, which one key-only search of their projects tells.
    expect(keySearches).toEqual([]);
    const fetched = mini.calls.slice(before).flatMap((c) => (c.path === '/rest/api/3/issue/bulkfetch' ? [c.body as { issueIdsOrKeys: string[]; fields: string[] }] : []));
    expect(fetched).toContainEqual({ issueIdsOrKeys: ['TEAM-3', 'TEAM-5'], fields: ['customfield_10019'] });
    expect(searchesSince(mini, before)).toContainEqual({ jql: 'project in ("ART", "OTHER") AND updated >= "2026-11-25 11:55"', fields: ['key'] });
    expect(refreshed.relatedReadAt).toBe(first.loadedAt);
  });

  it('checks them by key once the last such check is older than the limit, dropping one deleted since', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 5 * 60_000;
    mini.issues = mini.issues.filter((i) => i.key !== 'OTHER-1');
    const soon = await refreshKeySearches(mini, first);
    expect(soon.keySearches).toEqual([]);
    mini.now += RELATED_MAX_AGE_MS;
    const due = await refreshKeySearches(mini, soon.refreshed);
    expect(due.keySearches).toEqual(['key in ("ART-1", "ART-2", "OTHER-1") AND updated >= "2026-11-25 12:00"', 'key in ("ART-1", "ART-2") AND updated >= "2026-11-25 12:00"']);
    expect(due.refreshed.relatedReadAt).toBeUndefined(); // checked by key at its own loadedAt
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(due.refreshed)).toEqual(withoutReadTimes(full));
    expect(due.refreshed.issues.find((i) => i.key === 'TEAM-3')?.links).toEqual([]);
  });

  it('still takes a parent and a blocker that changed while our issues did not', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    mini.touch('ART-2', { fixVersions: ['PI 26.4'], summary: 'Renamed feature' });
    mini.touch('OTHER-1', { category: 'done' });
    const { refreshed } = await refreshKeySearches(mini, first);
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
    expect(refreshed.issues.find((i) => i.key === 'TEAM-6')?.parent).toMatchObject({ summary: 'Renamed feature', commitments: ['PI 26.4'] });
    expect(refreshed.issues.find((i) => i.key === 'TEAM-3')?.links[0]?.statusCategory).toBe('done');
  });

  it('keeps the very same objects for issues nothing touched, and new ones where a blocker or parent moved', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 5 * 60_000;
    mini.touch('OTHER-1', { category: 'done' });
    const { refreshed } = await refreshKeySearches(mini, first);
    const before = new Map(first.issues.map((i) => [i.key, i]));
    const copied = refreshed.issues.filter((i) => before.get(i.key) !== i).map((i) => i.key);
    expect(copied).toEqual(['TEAM-3']);
    expect(before.get('TEAM-3')?.links[0]?.statusCategory).toBe('indeterminate');
  });

  it('reads a parent never read before in full, however long ago it was updated', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(first.features.map((f) => f.key)).not.toContain('ART-3');
    mini.now += 10 * 60_000;
    // The story moves under ART-3, which itself has not changed for a day.
    mini.get('TEAM-5').parent = 'ART-3';
    mini.touch('TEAM-5', {});
    const { refreshed, keySearches } = await refreshKeySearches(mini, first);
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
    expect(refreshed.issues.find((i) => i.key === 'TEAM-5')?.parent?.commitments).toEqual(['PI 27.1']);
    expect(keySearches).toContain('key in ("ART-3")');
  });

  it('drops a link to an issue that became hidden without being updated', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(first.issues.find((i) => i.key === 'TEAM-3')?.links).toHaveLength(1);
    mini.now += 10 * 60_000;
    mini.visibleProjects.delete('OTHER');
    const { refreshed } = await refreshKeySearches(mini, first);
    const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
    expect(refreshed.issues.find((i) => i.key === 'TEAM-3')?.links).toEqual([]);
    expect(refreshed.warnings).toEqual([]);
  });
});
