/**
 * Guarantee: one issue deleted (or moved, or hidden from the user) after the preview does not fail its whole
 * 50-issue batch. Jira refuses the batch without naming the issue; the write finds which issues are gone
 * (one bulk fetch), sends the batch again without them, and names each in the outcome with why.
 */

import { createJiraHttp, moveIssuesToBacklog, moveIssuesToSprint, rankIssues, type JiraHttp } from '../../src/jira';
import type { JobDto, JobRef, CommitFillPreviewDto, IssueRef } from '../../src/contracts';
import type { JobMessage } from '../../src/platform/types';
import { runJob } from '../../src/jobs/run-job';
import { startDemoSite, type DemoSite } from '../demo-site';
import { ok, startApp } from './app';
import { demoPort, Tally } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('bad-issue'));

const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);

async function deleteIssue(site: DemoSite, key: string): Promise<void> {
  const response = await fetch(`${site.baseUrl}/rest/api/3/issue/${key}`, { method: 'DELETE', headers: { Authorization: site.po.authorization } });
  expect(response.status).toBe(204);
}

describe('a batch with one deleted issue', () => {
  let site: DemoSite;
  let http: JiraHttp;
  let open: string[];
  beforeAll(async () => {
    site = await startDemoSite({ seed: 5, scale: 600, now: new Date('2026-11-25T00:00:00Z') });
    http = createJiraHttp(demoPort(site, site.po));
  });
  afterAll(() => site.close());
  beforeEach(() => {
    site.reset();
    const openSprints = new Set(site.view.sprints().filter((s) => s.state !== 'closed').map((s) => s.id));
    open = site.view
      .rankOrder('ORION')
      .filter((k) => site.view.statusCategory(k) !== 'done' && !site.view.issue(k)?.sprintIds.some((id) => openSprints.has(id)))
      .slice(0, 60);
    expect(open.length).toBe(60);
  });

  it('sprint move: the other 49 move, the deleted one is named', async () => {
    const sprint = site.view.sprints().find((s) => s.state === 'future' && s.name.includes('ORION')) ?? site.view.sprints().find((s) => s.state === 'future');
    const keys = open.slice(0, 50);
    const gone = keys[17] as string;
    await deleteIssue(site, gone);
    const outcome = await moveIssuesToSprint(http, sprint?.id as number, keys);
    expect(outcome.changed.sort()).toEqual(keys.filter((k) => k !== gone).sort());
    expect(outcome.notChanged).toEqual([
      { key: gone, reason: expect.stringMatching(new RegExp(`${gone} .*(deleted|no longer)`)), text: { key: 'job.failure.gone', params: { key: gone } }, notAttempted: false },
    ]);
    keys.filter((k) => k !== gone).forEach((k) => expect(site.view.issue(k)?.sprintIds).toContain(sprint?.id));
    tally.add('batchesRescued');
  });

  it('backlog move and re-rank: the same', async () => {
    const keys = open.slice(0, 50);
    const gone = keys[3] as string;
    await deleteIssue(site, gone);
    const back = await moveIssuesToBacklog(http, keys);
    expect(back.changed).toHaveLength(49);
    expect(back.notChanged.map((n) => n.key)).toEqual([gone]);
    const ranked = await rankIssues(http, keys, { after: open[55] as string });
    expect(ranked.changed).toHaveLength(49);
    expect(ranked.notChanged.map((n) => n.key)).toEqual([gone]);
    const order = site.view.rankOrder('ORION');
    const at = order.indexOf(open[55] as string);
    expect(order.slice(at + 1, at + 50)).toEqual(keys.filter((k) => k !== gone));
    tally.add('batchesRescued', 2);
  });
});

describe('through a commit job: an issue deleted between the confirmation and the job', () => {
  it('the job moves the rest and names it', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const queued: JobMessage[] = [];
      app.platform.queue = { enqueue: async (message) => void queued.push(message) };
      const po = app.site.po;
      const preview = ok(await app.call<CommitFillPreviewDto>('panel', po, 'previewCommitFill', {}));
      const sprint = preview.sprints.find((s) => s.add.length > 2);
      expect(sprint).toBeDefined();
      const keys = (sprint?.add ?? []).map(keyOf);
      ok(await app.call<JobRef>('panel', po, 'commitFill', { token: preview.token }));
      const gone = keys[1] as string;
      await deleteIssue(app.site, gone);
      const message = queued.shift() as JobMessage;
      await runJob(app.platform, message);
      const job = ok(await app.call<JobDto>('panel', po, 'getJob', { jobId: message.jobId }));
      // By key too: whoever reads the job later reads why in their language.
      expect(job.failed).toEqual([{ key: gone, reason: expect.stringMatching(/deleted|no longer/), i18n: { key: 'job.failure.gone', params: { key: gone } } }]);
      expect(job.changed).toEqual(expect.arrayContaining(keys.filter((k) => k !== gone)));
      keys.filter((k) => k !== gone).forEach((k) => expect(app.site.view.issue(k)?.sprintIds).toContain(sprint?.sprintId));
      tally.add('jobsRescued');
    } finally {
      await app.close();
    }
  }, 60_000);
});

