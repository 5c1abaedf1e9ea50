import { createPanelResolver } from '../../src/resolvers';
import type { BacklogDto, CommitFillPreviewDto, IssueRef, JobDto, JobRef } from '../../src/contracts';
import { caller, data, forgetLoadedBacklogs, startWorld, type World } from './helpers';

let world: World;
let call: ReturnType<typeof caller>;
const waits: number[] = [];
const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);

beforeAll(async () => {
  // Large enough that ORION's backlog spans several search pages.
  world = await startWorld({ scale: 900, retry: { sleep: async (ms) => void waits.push(ms), maxAttempts: 3 } });
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());
beforeEach(async () => {
  world.site.reset();
  await forgetLoadedBacklogs(world.platform);
  waits.length = 0;
});

describe('Jira faults reach the UI as typed, actionable errors', () => {
  it("honours a 429's Retry-After and then answers normally", async () => {
    world.site.faults.rateLimit(1, { pathPrefix: '/rest/api/3/search/jql', retryAfterSeconds: 7 });
    const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
    expect(backlog.rows.length).toBeGreaterThan(100);
    expect(waits).toContain(7000);
  });

  it('reports RATE_LIMITED when Jira keeps limiting, and JIRA_UNAVAILABLE when it keeps failing', async () => {
    world.site.faults.rateLimit(50, { pathPrefix: '/rest/api/3/search/jql' });
    expect(await call(world.site.po, 'getBacklog', {})).toEqual({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED', message: expect.stringMatching(/try again/) }) });
    world.site.faults.clear();
    world.site.faults.serverError(50, { pathPrefix: '/rest/api/3/search/jql', status: 503 });
    expect(await call(world.site.po, 'getBacklog', {})).toEqual({ ok: false, error: expect.objectContaining({ code: 'JIRA_UNAVAILABLE' }) });
  });

  it('never shows a silently short backlog when a page in the middle fails', async () => {
    // The backlog's fields come in bulk fetches of 100 side by side: the third one fails, beyond the retries.
    world.site.faults.failBulkFetch({ after: 2, status: 500, times: 10 });
    const result = await call<BacklogDto>(world.site.po, 'getBacklog', {});
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'PARTIAL_DATA', message: expect.stringMatching(/incomplete/) }) });
  });

  it('a commit interrupted by an outage reports exactly what moved; preview + confirm again finishes the rest without repeats', async () => {
    const preview = data(await call<CommitFillPreviewDto>(world.site.po, 'previewCommitFill', {}));
    const planned = preview.sprints.flatMap((s) => [...s.add, ...s.takeOut].map(keyOf));
    expect(planned.length).toBeGreaterThan(1);
    world.site.faults.serverError(50, { pathPrefix: '/rest/agile/1.0/sprint/', status: 503 });
    const started = data(await call<JobRef>(world.site.po, 'commitFill', { token: preview.token }));
    await world.platform.idle();
    const failed = data(await call<JobDto>(world.site.po, 'getJob', { jobId: started.jobId }));
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toMatch(/Preview again/);
    expect(failed.changed.length + failed.failed.length).toBe(planned.length);
    expect(failed.changed).toEqual([]);

    world.site.faults.clear();
    const retry = data(await call<CommitFillPreviewDto>(world.site.po, 'previewCommitFill', {}));
    const job = data(await call<JobRef>(world.site.po, 'commitFill', { token: retry.token }));
    await world.platform.idle();
    const done = data(await call<JobDto>(world.site.po, 'getJob', { jobId: job.jobId }));
    expect(done.state).toBe('done');
    for (const s of retry.sprints) for (const ref of s.add) expect(world.site.view.sprintIssueKeys(s.sprintId)).toContain(keyOf(ref));
    for (const s of retry.sprints) for (const ref of s.takeOut) expect(world.site.view.sprintIssueKeys(s.sprintId)).not.toContain(keyOf(ref));
    const moves = world.site.requestLog.filter((r) => r.method === 'POST' && r.path.startsWith('/rest/agile/1.0/sprint/') && r.status === 204);
    expect(moves.length).toBe(retry.sprints.filter((s) => s.add.length > 0).reduce((n, s) => n + Math.ceil(s.add.length / 50), 0));
  });
});
