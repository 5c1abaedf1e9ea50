/**
 * Guarantee: a confirmation is bound to what its preview read. When the issues, sprints or plan a preview
 * listed changed before the PO confirms (another PO took an item out of the tail, another commit ran, the
 * rank moved in Jira), the confirmation is refused with "changed since your preview: preview again" and
 * nothing is written; and at most one write job runs per project at a time, whatever its kind.
 */

import { createJiraHttp, rankIssues } from '../../src/jira';
import type { BacklogDto, CommitFillPreviewDto, IssueRef, JobDto, JobRef, RefinementDto, RerankPreviewDto, Result, TrimPreviewDto } from '../../src/contracts';
import { ok, siteSnapshot, startApp, type App } from './app';
import { demoPort, Tally } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('confirm-races'));

const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);

async function finish(app: App, started: Result<JobRef>): Promise<JobDto> {
  const { jobId } = ok(started);
  await app.platform.idle();
  return ok(await app.call<JobDto>('panel', app.site.po, 'getJob', { jobId }));
}

function expectStale(result: Result<unknown>): void {
  expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'STALE', message: expect.stringMatching(/changed since your preview: preview again/) }) });
  tally.add('staleRefused');
}

/** Moves `n` tail candidates to the tail and returns their keys. */
async function tailOf(app: App, n: number): Promise<string[]> {
  const po = app.site.po;
  const refinement = ok(await app.call<RefinementDto>('panel', po, 'getRefinement', {}));
  const keys = refinement.tailCandidates.slice(0, n).map((t) => keyOf(t[0]));
  expect(keys).toHaveLength(n);
  ok(await app.call('panel', po, 'moveToTail', { keys }));
  return keys;
}

describe('a confirmation acts only on what its preview read', () => {
  let app: App;
  beforeEach(async () => {
    app = await startApp({ site: { scale: 300 } });
  });
  afterEach(() => app.close());

  it('trim: an item taken out of the tail after the preview refuses the confirmation; nothing is closed', async () => {
    const po = app.site.po;
    const tail = await tailOf(app, 4);
    const preview = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
    expect(preview.issues.map((i) => i.key).sort()).toEqual([...tail].sort());
    // Another session takes one item out of the tail.
    const rescued = tail[1] as string;
    ok(await app.call('panel', po, 'takeOutOfTail', { keys: [rescued] }));
    const before = siteSnapshot(app.site);
    const confirm = await app.call<JobRef>('panel', po, 'trimTail', { token: preview.token });
    expectStale(confirm);
    await app.platform.idle();
    expect(siteSnapshot(app.site)).toBe(before);
    // Preview again: the rescued item is not listed, and confirming closes exactly the rest.
    const again = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
    expect(again.issues.map((i) => i.key).sort()).toEqual(tail.filter((k) => k !== rescued).sort());
    expect(await finish(app, await app.call<JobRef>('panel', po, 'trimTail', { token: again.token }))).toMatchObject({ state: 'done', failed: [] });
    expect(app.site.view.statusCategory(rescued)).not.toBe('done');
    tail.filter((k) => k !== rescued).forEach((k) => expect(app.site.view.statusCategory(k)).toBe('done'));
  }, 60_000);

  it('trim: an item moved into the tail after the preview refuses it too (it would not be closed, unseen)', async () => {
    const po = app.site.po;
    await tailOf(app, 2);
    const preview = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
    const refinement = ok(await app.call<RefinementDto>('panel', po, 'getRefinement', {}));
    ok(await app.call('panel', po, 'moveToTail', { keys: [keyOf(refinement.tailCandidates[0]?.[0] as IssueRef)] }));
    expectStale(await app.call('panel', po, 'trimTail', { token: preview.token }));
  }, 60_000);

  it('commit: of two previews confirmed one after the other, the second is refused; the sprints hold the first plan', async () => {
    const po = app.site.po;
    const optimal = ok(await app.call<CommitFillPreviewDto>('panel', po, 'previewCommitFill', { mode: 'optimal' }));
    const greedy = ok(await app.call<CommitFillPreviewDto>('panel', po, 'previewCommitFill', { mode: 'greedy' }));
    expect(optimal.sprints.some((s) => s.add.length > 0)).toBe(true);
    expect(await finish(app, await app.call<JobRef>('panel', po, 'commitFill', { token: optimal.token }))).toMatchObject({ state: 'done', failed: [] });
    const after = siteSnapshot(app.site);
    expectStale(await app.call('panel', po, 'commitFill', { token: greedy.token }));
    await app.platform.idle();
    expect(siteSnapshot(app.site)).toBe(after);
    for (const sprint of optimal.sprints) {
      const holds = app.site.view.sprintIssueKeys(sprint.sprintId).sort();
      expect(holds).toEqual([...sprint.add, ...sprint.alreadyIn].map(keyOf).sort());
    }
  }, 60_000);

  it('re-rank: a rank change in Jira after the preview refuses the confirmation', async () => {
    const po = app.site.po;
    const preview = ok(await app.call<RerankPreviewDto>('panel', po, 'previewRerank', {}));
    expect(preview.moves.length).toBeGreaterThan(1);
    const inBacklog = new Set(ok(await app.call<BacklogDto>('panel', po, 'getBacklog', {})).rows.map((r) => keyOf(r[0])));
    const order = app.site.view.rankOrder('ORION').filter((k) => inBacklog.has(k));
    // Someone drags an issue in Jira's own backlog.
    const http = createJiraHttp(demoPort(app.site, po));
    expect((await rankIssues(http, [order[5] as string], { before: order[0] as string })).complete).toBe(true);
    const before = siteSnapshot(app.site);
    expectStale(await app.call('panel', po, 'applyRerank', { token: preview.token }));
    await app.platform.idle();
    expect(siteSnapshot(app.site)).toBe(before);
  }, 60_000);

  it('an unchanged backlog confirms as before', async () => {
    const po = app.site.po;
    const preview = ok(await app.call<RerankPreviewDto>('panel', po, 'previewRerank', {}));
    expect(await finish(app, await app.call<JobRef>('panel', po, 'applyRerank', { token: preview.token }))).toMatchObject({ state: 'done' });
  }, 60_000);

  it('at most one write job per project, whatever its kind: a trim and a commit confirmed at once', async () => {
    const po = app.site.po;
    await tailOf(app, 3);
    const trim = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
    const commit = ok(await app.call<CommitFillPreviewDto>('panel', po, 'previewCommitFill', {}));
    const [a, b] = await Promise.all([app.call<JobRef>('panel', po, 'trimTail', { token: trim.token }), app.call<JobRef>('panel', po, 'commitFill', { token: commit.token })]);
    const started = [a, b].filter((r) => r.ok);
    expect(started).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, error: expect.objectContaining({ code: 'JOB_RUNNING', message: expect.stringMatching(/already running for this project/) }) });
    await app.platform.idle();
    tally.add('secondJobRefused');
    // Once it finished, another change may start (after previewing again).
    const next = ok(await app.call<RerankPreviewDto>('panel', po, 'previewRerank', {}));
    expect((await app.call<JobRef>('panel', po, 'applyRerank', { token: next.token })).ok).toBe(true);
    await app.platform.idle();
  }, 60_000);
});
