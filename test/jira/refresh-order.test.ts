import { createJiraHttp } from '../../src/jira/http';
import { loadTeamBacklog, type TeamBacklog } from '../../src/jira/backlog';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import { ORDER_MAX_AGE_MS } from '../../src/jira/refresh-order';
import { MiniJira } from './miniJira';
import { withoutReadTimes } from './comparable';

function seeded(): MiniJira {
  const mini = new MiniJira();
  mini.visibleProjects = new Set(['TEAM', 'ART']);
  mini.sprints = [{ id: 4, name: 'S4', state: 'active', startDate: new Date(mini.now - 3 * 86_400_000).toISOString() }];
  mini.add({ key: 'ART-1', type: 'Feature', fixVersions: ['PI 26.4'] });
  for (let n = 1; n <= 12; n++) mini.add({ key: `TEAM-${n}`, points: n });
  mini.add({ key: 'TEAM-13', type: 'Epic' });
  mini.get('TEAM-2').parent = 'ART-1';
  return mini;
}

const http = (mini: MiniJira) => createJiraHttp(mini.jira.requestJira);
const clockOf = (mini: MiniJira) => () => new Date(mini.now);

/** Refreshes, checks the result equals a full load, and says whether the whole order was read. */
async function refreshAndCompare(mini: MiniJira, previous: TeamBacklog): Promise<{ refreshed: TeamBacklog; readOrder: boolean }> {
  const before = mini.calls.length;
  const refreshed = await refreshTeamBacklog(http(mini), previous, { now: clockOf(mini) });
  const readOrder = mini.calls.slice(before).some((c) => {
    const body = c.body as { jql?: string; fields?: string[] } | undefined;
    return body?.jql?.includes('ORDER BY Rank') === true && JSON.stringify(body.fields) === '["key"]';
  });
  const full = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
  expect(withoutReadTimes(refreshed)).toEqual(withoutReadTimes(full));
  return { refreshed, readOrder };
}

describe('refreshTeamBacklog: keeping the rank order', () => {
  it('keeps the last order when edits moved nothing, without reading the whole order', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    mini.touch('TEAM-4', { summary: 'Reworded', points: 8 });
    mini.touch('TEAM-5', { summary: 'Reworded too' });
    mini.touch('TEAM-9', { category: 'done', resolved: mini.now });
    const { refreshed, readOrder } = await refreshAndCompare(mini, first);
    expect(readOrder).toBe(false);
    expect(refreshed.issues.map((i) => i.key)).not.toContain('TEAM-9');
    expect(refreshed.orderReadAt).toBe(first.loadedAt);
  });

  it('reads the order when an edited issue was re-ranked past a neighbour', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    const moved = mini.issues.splice(mini.issues.findIndex((i) => i.key === 'TEAM-7'), 1)[0];
    if (moved) mini.issues.splice(mini.issues.findIndex((i) => i.key === 'TEAM-3'), 0, moved);
    mini.touch('TEAM-7', {}); // a re-rank is recorded in the issue's history, which moves `updated`
    const { refreshed, readOrder } = await refreshAndCompare(mini, first);
    expect(readOrder).toBe(true);
    expect(refreshed.issues.map((i) => i.key).slice(0, 4)).toEqual(['TEAM-1', 'TEAM-2', 'TEAM-7', 'TEAM-3']);
  });

  it('reads the order when an issue left the backlog without being updated, or a new one arrived', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    mini.issues.splice(mini.issues.findIndex((i) => i.key === 'TEAM-8'), 1); // deleted: nothing is updated
    const afterDelete = await refreshAndCompare(mini, first);
    expect(afterDelete.readOrder).toBe(true);
    expect(afterDelete.refreshed.issues.map((i) => i.key)).not.toContain('TEAM-8');

    mini.now += 10 * 60_000;
    mini.add({ key: 'TEAM-14', points: 2, updated: mini.now });
    const afterCreate = await refreshAndCompare(mini, afterDelete.refreshed);
    expect(afterCreate.readOrder).toBe(true);
    expect(afterCreate.refreshed.issues.at(-1)?.key).toBe('TEAM-14');
  });

  it('reads the order in full again once the last full read is older than the limit, and after the app wrote', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 5 * 60_000;
    const kept = await refreshAndCompare(mini, first);
    expect(kept.readOrder).toBe(false);
    mini.now += ORDER_MAX_AGE_MS;
    const stale = await refreshAndCompare(mini, kept.refreshed);
    expect(stale.readOrder).toBe(true);
    expect(stale.refreshed.orderReadAt).toBeUndefined(); // read in full at its own loadedAt

    mini.now += 60_000;
    const before = mini.calls.length;
    await refreshTeamBacklog(http(mini), stale.refreshed, { now: clockOf(mini), reconcileIssueIds: [stale.refreshed.issueIds['TEAM-1'] as number] });
    expect(mini.calls.slice(before).some((c) => JSON.stringify(c.body ?? '').includes('"fields":["key"]'))).toBe(true);
  });

  it('keeps the very lists of the last read when nothing changed (what reads derived from them stays valid), and makes new ones on any change', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    const quiet = await refreshAndCompare(mini, first);
    expect(quiet.readOrder).toBe(false);
    expect(quiet.refreshed.issues).toBe(first.issues);
    expect(quiet.refreshed.issueIds).toBe(first.issueIds);
    expect(quiet.refreshed.nonBacklogKeys).toBe(first.nonBacklogKeys);

    mini.now += 10 * 60_000;
    mini.touch('TEAM-6', { points: 13 });
    const edited = await refreshAndCompare(mini, quiet.refreshed);
    expect(edited.refreshed.issues).not.toBe(first.issues);
    expect(edited.refreshed.issues.find((i) => i.key === 'TEAM-6')?.points).toBe(13);
    // Unchanged issues stay the same objects; the ids stay as they were (no issue came or went).
    expect(edited.refreshed.issues.find((i) => i.key === 'TEAM-5')).toBe(first.issues.find((i) => i.key === 'TEAM-5'));
    expect(edited.refreshed.issueIds).toEqual(first.issueIds);

    mini.now += 10 * 60_000;
    mini.touch('ART-1', { summary: 'Feature renamed' });
    const parentEdited = await refreshAndCompare(mini, edited.refreshed);
    expect(parentEdited.refreshed.issues).not.toBe(edited.refreshed.issues);
    expect(parentEdited.refreshed.issues.find((i) => i.key === 'TEAM-2')?.parent?.summary).toBe('Feature renamed');

    mini.now += 10 * 60_000;
    mini.touch('TEAM-3', { category: 'done', resolved: mini.now });
    const closed = await refreshAndCompare(mini, parentEdited.refreshed);
    expect(closed.refreshed.issueIds).not.toHaveProperty('TEAM-3');
  });

  it('keeps the lists when the only issues read again are those of the overlap, unchanged since the last read (issue 16)', async () => {
    const mini = seeded();
    const first = await loadTeamBacklog(http(mini), { projectKey: 'TEAM', now: clockOf(mini) });
    mini.now += 10 * 60_000;
    mini.touch('TEAM-6', { points: 13 });
    const edited = await refreshAndCompare(mini, first);
    // A minute later TEAM-6 is still within the refresh's overlap (read again), but nothing changed.
    mini.now += 60_000;
    const before = mini.calls.length;
    const again = await refreshAndCompare(mini, edited.refreshed);
    const readAgain = mini.calls.slice(before).flatMap((c) => (c.body as { issueIdsOrKeys?: string[] } | undefined)?.issueIdsOrKeys ?? []);
    expect(readAgain).toContain(String(edited.refreshed.issueIds['TEAM-6']));
    expect(again.refreshed.issues).toBe(edited.refreshed.issues);
    expect(again.refreshed.issueIds).toBe(edited.refreshed.issueIds);
  });
});
