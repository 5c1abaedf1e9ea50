/**
 * The issue panel must answer inside Forge's 25 s whatever the backlog's size: it never loads the whole backlog
 * inside the resolver. With a loaded backlog (this instance's or the stored snapshot) it refreshes it
 * incrementally; with none it says so and starts the background load, as the project page does.
 */
import { createIssuePanelResolver, createPanelResolver } from '../../src/resolvers';
import type { BacklogLoadingDto, IssueInsightDto, JobDto } from '../../src/contracts';
import { caller, data, editInJira, startWorld, type World } from './helpers';

jest.setTimeout(60_000);

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => world.site.close());

function searchesIn(log: readonly { path: string; bytes: number }[]): { count: number; bytes: number } {
  const searches = log.filter((r) => r.path.startsWith('/rest/api/3/search/jql'));
  return { count: searches.length, bytes: searches.reduce((sum, r) => sum + r.bytes, 0) };
}

function openIssues(world: World): string[] {
  return world.site.view
    .issues()
    .filter((i) => i.projectKey === 'ORION' && world.site.view.statusCategory(i.key) !== 'done' && i.issueType === 'Story')
    .map((i) => i.key);
}

it('with no loaded backlog, says so and starts the background load instead of loading inside the call', async () => {
  const issue = caller(createIssuePanelResolver(world.platform).getDefinitions());
  const [first, second] = openIssues(world) as [string, string];
  const po = world.site.po;

  world.site.clearRequestLog();
  const answer = data(await issue<IssueInsightDto | BacklogLoadingDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: first }));
  // Not one search of the backlog inside the resolver call.
  expect(searchesIn(world.site.requestLog).count).toBe(0);
  expect(answer).toEqual({
    loading: {
      jobId: expect.any(String),
      message: expect.stringContaining("reading ORION's backlog from Jira for the first time"),
      i18n: { key: 'issuePanel.firstLoad', params: { project: 'ORION' } },
    },
  });
  const { jobId } = (answer as BacklogLoadingDto).loading;

  // Another issue opened meanwhile joins the same load rather than starting a second one.
  const other = data(await issue<IssueInsightDto | BacklogLoadingDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: second }));
  expect(other).toEqual({ loading: expect.objectContaining({ jobId }) });

  await world.platform.idle();
  const job = data(await issue<JobDto>(po, 'getJob', { jobId }, { project: 'ORION', issue: first }));
  expect(job).toMatchObject({ kind: 'load', state: 'done' });
  expect(job.done).toBeGreaterThan(20);

  const insight = data(await issue<IssueInsightDto | BacklogLoadingDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: first }));
  expect(insight).toMatchObject({ key: first, position: expect.any(Number) });
});

it('serves a later open from the stored snapshot, also on an instance that never loaded it', async () => {
  const issue = caller(createIssuePanelResolver(world.platform).getDefinitions());
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const [key] = openIssues(world) as [string];
  const po = world.site.po;

  // The project page's first open: the background load.
  world.site.clearRequestLog();
  const { jobId } = data(await panel<{ jobId: string }>(po, 'loadBacklog', {}));
  await world.platform.idle();
  expect(data(await panel<JobDto>(po, 'getJob', { jobId })).state).toBe('done');
  const fullLoad = searchesIn(world.site.requestLog);

  // Another instance: nothing in memory, only the stored snapshot.
  world.platform.backlogCache.forget('');
  world.site.clearRequestLog();
  const insight = data(await issue<IssueInsightDto | BacklogLoadingDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: key }));
  expect(insight).toMatchObject({ key, position: expect.any(Number) });
  const refresh = searchesIn(world.site.requestLog);
  expect(refresh.bytes * 5).toBeLessThan(fullLoad.bytes);
});

it('a different user gets their own load: a snapshot is never shared across users', async () => {
  const issue = caller(createIssuePanelResolver(world.platform).getDefinitions());
  const [key] = openIssues(world) as [string];
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  data(await panel(world.site.po, 'loadBacklog', {}));
  await world.platform.idle();
  const dev = data(await issue<IssueInsightDto | BacklogLoadingDto>(world.site.dev, 'getIssueInsight', {}, { project: 'ORION', issue: key }));
  expect(dev).toHaveProperty('loading');
});

describe('an instance without the backlog in memory, a recent snapshot stored', () => {

  it('shows an edit made in Jira to the issue at once, reading that issue alone; a snapshot older than half an hour is refreshed first', async () => {
    let now = new Date('2026-11-20T09:00:00Z');
    await world.site.close();
    world = await startWorld({ now: () => now });
    const issue = caller(createIssuePanelResolver(world.platform).getDefinitions());
    const panel = caller(createPanelResolver(world.platform).getDefinitions());
    const [key, other] = openIssues(world) as [string, string];
    const po = world.site.po;
    data(await panel(po, 'loadBacklog', {}));
    await world.platform.idle();
    const before = data(await issue<IssueInsightDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: key }));

    const points = world.site.view.pointsFieldId();
    await editInJira(world.site, key, { summary: 'Edited in Jira just now', [points]: before.points === 13 ? 8 : 13 });
    await editInJira(world.site, other, { summary: 'Also edited in Jira' });
    world.platform.backlogCache.forget('');
    now = new Date(now.getTime() + 10 * 60_000);
    world.site.clearRequestLog();
    const after = data(await issue<IssueInsightDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: key }));
    expect(after).toMatchObject({ key, summary: 'Edited in Jira just now', points: before.points === 13 ? 8 : 13, position: expect.any(Number) });
    // The issue alone was read: no search of what changed since the snapshot.
    expect(searchesIn(world.site.requestLog).count).toBe(0);
    expect(world.site.requestLog.filter((r) => r.path.startsWith('/rest/api/3/issue/bulkfetch'))).toHaveLength(1);
    // The rest is the snapshot's, and the panel says when it was read.
    expect(after.backlogReadAt).toBe(before.backlogReadAt);

    // Half an hour on, the snapshot is refreshed before answering: the other issue's edit is read too.
    world.platform.backlogCache.forget('');
    now = new Date(now.getTime() + 30 * 60_000);
    world.site.clearRequestLog();
    const later = data(await issue<IssueInsightDto>(po, 'getIssueInsight', {}, { project: 'ORION', issue: other }));
    expect(later).toMatchObject({ key: other, summary: 'Also edited in Jira' });
    expect(searchesIn(world.site.requestLog).count).toBeGreaterThan(0);
    expect(later.backlogReadAt).toBe(now.toISOString());
  });
});
