/**
 * The long writes on Forge: the resolver checks and queues, the consumer runs later with no user in its
 * invocation (Forge does not carry the pushing user there). It must act as the account that confirmed, by
 * impersonation (`asUser(accountId)`), ask Jira again whether that account may still change plans before the
 * first write, and wait out a Retry-After no resolver could.
 */
jest.setTimeout(60_000);

import { startDemoSite, type DemoSite } from '../demo-site';
import type { CommitFillPreviewDto, JobDto, JobRef, RerankPreviewDto, Result } from '../../src/contracts';
import type { JobMessage } from '../../src/platform/types';
import { fakeForge } from './fake-forge';
import { invokeResolver, ok, type Entry } from './installations';

jest.mock('@forge/api', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeApiMock());
jest.mock('@forge/kvs', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeKvsMock());
jest.mock('@forge/events', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeEventsMock());

let entry: Entry;
const NOW = new Date('2026-11-20T00:00:00Z');
const started: DemoSite[] = [];

beforeAll(async () => {
  entry = await import('../../src/index');
});
afterAll(async () => {
  for (const site of started) await site.close();
});

async function install(cloudId: string, seed: number): Promise<{ site: DemoSite; installContext: string }> {
  const site = await startDemoSite({ scale: 300, seed, now: NOW });
  started.push(site);
  return { site, installContext: fakeForge.install(cloudId, site) };
}

function invoke<T>(installContext: string, accountId: string, functionKey: string, payload: unknown = {}): Promise<Result<T>> {
  return invokeResolver<T>(entry.panelHandler, installContext, accountId, functionKey, payload);
}

/** Delivers the event Forge queued for this job, to the consumer, with no user in the invocation. */
async function deliver(installContext: string, jobId: string): Promise<void> {
  const event = fakeForge.pushed.find((p) => p.installContext === installContext && p.body.jobId === jobId);
  if (!event) throw new Error(`No event queued for job ${jobId}`);
  await fakeForge.run({ installContext }, () =>
    entry.longWritesHandler({ body: event.body, queueName: 'backlog-balance-long-writes', jobId: 'forge-job', eventId: `e-${jobId}` }, { installContext }),
  );
}

/** Requests that change Jira (everything but reads and the read-only search POSTs). */
function writesOf(requests: typeof fakeForge.requests): typeof fakeForge.requests {
  return requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/rest/api/3/search/'));
}

it('runs a job confirmed by one user as that user, by impersonation, with no user in the consumer', async () => {
  const { site, installContext } = await install('long-writes-1', 7);
  const po = site.po.accountId;
  const preview = ok(await invoke<CommitFillPreviewDto>(installContext, po, 'previewCommitFill'));
  const moving = preview.sprints.flatMap((s) => s.add);
  expect(moving.length).toBeGreaterThan(0);
  const { jobId } = ok(await invoke<JobRef>(installContext, po, 'commitFill', { token: preview.token }));

  const before = fakeForge.requests.length;
  await deliver(installContext, jobId);
  const consumer = fakeForge.requests.slice(before);

  const job = ok(await invoke<JobDto>(installContext, po, 'getJob', { jobId }));
  expect(job).toMatchObject({ state: 'done', failed: [] });
  expect(writesOf(consumer).length).toBeGreaterThan(0);
  // Every request of the consumer ran as the confirming user, named explicitly (there is no invoking user).
  expect(new Set(consumer.map((r) => `${r.as} impersonated=${r.impersonated}`))).toEqual(new Set([`${po} impersonated=true`]));
  for (const sprint of preview.sprints) {
    for (const ref of sprint.add) expect(site.view.sprintIssueKeys(sprint.sprintId)).toContain(typeof ref === 'number' ? `ORION-${ref}` : ref);
  }
});

it('writes nothing when the confirming user lost the permission before the job ran, and says so', async () => {
  const { site, installContext } = await install('long-writes-2', 7);
  const dev = site.dev.accountId;
  const seeded = [...(site.dev.permissions.ORION ?? [])];
  // An admin lets the developer plan for a while: he previews and confirms a re-rank...
  site.setProjectPermissions(dev, 'ORION', [...new Set([...seeded, 'BROWSE_PROJECTS', 'ADMINISTER_PROJECTS'] as const)]);
  const preview = ok(await invoke<RerankPreviewDto>(installContext, dev, 'previewRerank'));
  expect(preview.moves.length).toBeGreaterThan(0);
  const { jobId } = ok(await invoke<JobRef>(installContext, dev, 'applyRerank', { token: preview.token }));
  // ...and takes it back before the queued job runs.
  site.setProjectPermissions(dev, 'ORION', seeded);
  const rankBefore = site.view.rankOrder('ORION');

  const before = fakeForge.requests.length;
  await deliver(installContext, jobId);
  const consumer = fakeForge.requests.slice(before);

  expect(writesOf(consumer)).toEqual([]);
  expect(site.view.rankOrder('ORION')).toEqual(rankBefore);
  expect(consumer.every((r) => r.as === dev && r.impersonated)).toBe(true);
  const job = ok(await invoke<JobDto>(installContext, site.po.accountId, 'getJob', { jobId }));
  expect(job.state).toBe('failed');
  expect(job.changed).toEqual([]);
  expect(job.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Nothing was changed.*may no longer change plans in ORION/) });
});

it('waits out a Retry-After longer than a resolver could (the consumer has its own budget) and finishes the write', async () => {
  const { site, installContext } = await install('long-writes-3', 7);
  const po = site.po.accountId;
  const preview = ok(await invoke<RerankPreviewDto>(installContext, po, 'previewRerank'));
  const { jobId } = ok(await invoke<JobRef>(installContext, po, 'applyRerank', { token: preview.token }));
  const event = fakeForge.pushed.find((p) => p.body.jobId === jobId) as unknown as { body: JobMessage };

  // The same host as src/index.ts builds, with the waits recorded instead of slept.
  const { createForgeHost } = await import('../../src/platform/forge');
  const { runJob } = await import('../../src/jobs/run-job');
  const waits: number[] = [];
  const host = createForgeHost({ sleepOverride: { sleep: async (ms) => void waits.push(ms) } });
  site.faults.rateLimit(1, { pathPrefix: '/rest/agile/1.0/issue/rank', retryAfterSeconds: 60 });
  await fakeForge.run({ installContext }, () => runJob(host.forSite(installContext), event.body));

  expect(waits).toContain(60_000);
  const job = ok(await invoke<JobDto>(installContext, po, 'getJob', { jobId }));
  expect(job).toMatchObject({ state: 'done', failed: [] });
  expect(job.changed.length).toBe(preview.moves.length);
  // The resolver's budget stays as short as Forge's 25 s allow.
  expect(host.forSite(installContext).retry?.maxTotalMs).toBeLessThanOrEqual(15_000);
});
