/**
 * An unlicensed site gets a read-only app, in the background too: the field sync consumer, the issue-updated
 * trigger and the nightly trigger write and queue nothing for an installation whose licence is not active, and a
 * long write queued while the site was licensed but consumed after the licence lapsed changes nothing in Jira
 * and ends with a job error the panel shows. Personal data reporting is a privacy duty and runs regardless.
 *
 * One warm src/index.ts serves two installations with the same project keys and account ids through the stand-in
 * Forge runtime, which hands every function the installation's licence as Forge does (`context.license`). Site A
 * gets no licence at all (Forge omits it where licensing does not apply: treated as licensed); site B's
 * licence is switched on and off.
 */
jest.setTimeout(60_000);

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startDemoSite, type DemoSite } from '../demo-site';
import type { BacklogDto, CommitFillPreviewDto, JobDto, JobRef, Result } from '../../src/contracts';
import { makeTranslator } from '../../static/shared/format';
import { fakeForge, type PushedEvent } from './fake-forge';

jest.mock('@forge/api', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeApiMock());
jest.mock('@forge/kvs', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeKvsMock());
jest.mock('@forge/events', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeEventsMock());

type Entry = typeof import('../../src/index');
let entry: Entry;
let siteA: DemoSite;
let siteB: DemoSite;
let installA: string;
let installB: string;
const NOW = new Date('2026-11-20T00:00:00Z');
const FIELD_SYNC = 'backlog-balance-field-sync';
const LONG_WRITES = 'backlog-balance-long-writes';
const ACTIVE = { isActive: true };
const LAPSED = { isActive: false };

beforeAll(async () => {
  siteA = await startDemoSite({ scale: 300, seed: 7, now: NOW });
  siteB = await startDemoSite({ scale: 300, seed: 7, now: NOW });
  installA = fakeForge.install('licence-a', siteA);
  installB = fakeForge.install('licence-b', siteB);
  fakeForge.setLicence(installB, ACTIVE);
  entry = await import('../../src/index');
});
afterAll(async () => {
  await siteA.close();
  await siteB.close();
});

const cloudIdOf = (installContext: string) => installContext.slice(installContext.lastIndexOf('/') + 1);

function invoke<T>(installContext: string, accountId: string, functionKey: string, payload: unknown = {}): Promise<Result<T>> {
  const context = { cloudId: cloudIdOf(installContext), localId: 'x', moduleKey: 'backlog-balance-panel', extension: { type: 'jira:projectPage', project: { key: 'ORION', id: '10001', type: 'software' } } };
  return fakeForge.run({ installContext, accountId }, async () =>
    (await entry.panelHandler({ call: { functionKey, payload }, context }, fakeForge.contextFor(installContext, accountId))) as Result<T>,
  );
}

function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const pushedSince = (index: number, installContext: string, queue: string): PushedEvent[] =>
  fakeForge.pushed.slice(index).filter((p) => p.installContext === installContext && p.queue === queue);

/** Delivers a queued event to its consumer as Forge does: in the installation that pushed it, no user, the licence as it is now. */
async function deliver(event: PushedEvent): Promise<void> {
  const { installContext } = event;
  const body = { body: event.body, queueName: event.queue ?? '', jobId: 'forge-job', eventId: `e-${fakeForge.pushed.indexOf(event)}` };
  const context = fakeForge.contextFor(installContext);
  await fakeForge.run({ installContext }, () => (event.queue === LONG_WRITES ? entry.longWritesHandler(body, context) : entry.fieldSyncHandler(body, context)));
}

function issueUpdated(installContext: string, key: string): Promise<void> {
  const event = { issue: { key, fields: { project: { key: key.split('-')[0] } } }, context: { cloudId: cloudIdOf(installContext) } };
  return fakeForge.run({ installContext }, () => entry.issueUpdatedHandler(event, fakeForge.contextFor(installContext)));
}

function nightly(installContext: string): Promise<void> {
  return fakeForge.run({ installContext }, () => entry.fieldSyncNightlyHandler({ context: { cloudId: cloudIdOf(installContext) } }, fakeForge.contextFor(installContext)));
}

/** Scores the last backlog item on a site (a panel write, which queues the debounced field sync). */
async function scoreLastItem(installContext: string, accountId: string, riskReduction: number): Promise<string> {
  const backlog = ok(await invoke<BacklogDto>(installContext, accountId, 'getBacklog'));
  const last = backlog.rows[backlog.rows.length - 1]![0];
  const key = typeof last === 'number' ? `ORION-${last}` : last;
  ok(await invoke(installContext, accountId, 'scoreWsjf', { items: [{ key, businessValue: 20, timeCriticality: 20, riskReduction, jobSize: 1 }] }));
  return key;
}

/** What the app logged (Forge keeps a function's console output in its logs): why background work was skipped. */
const logged: string[] = [];
beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
});
afterEach(() => jest.restoreAllMocks());

const withValues = (site: DemoSite) => site.view.issues().filter((i) => i.appValues !== undefined);
const requestsSince = (index: number, installContext: string) => fakeForge.requests.slice(index).filter((r) => r.installContext === installContext);
/** Requests that change Jira (everything but reads and the read-only search POSTs). */
const writesOf = (requests: typeof fakeForge.requests) => requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/rest/api/3/search/'));

describe('triggers, schedules and queue consumers on an unlicensed site', () => {
  it('field syncs: only the licensed site gets app field writes; the lapsed one writes and queues nothing until it is licensed again', async () => {
    // Both sites licensed: a PO scores an item on each, and each queues its debounced sync.
    const pushedAt = fakeForge.pushed.length;
    const keyA = await scoreLastItem(installA, siteA.po.accountId, 20);
    const keyB = await scoreLastItem(installB, siteB.po.accountId, 20);
    const [syncA] = pushedSince(pushedAt, installA, FIELD_SYNC);
    const [syncB] = pushedSince(pushedAt, installB, FIELD_SYNC);
    expect(syncA && syncB).toBeTruthy();

    // Site B's subscription lapses before Forge delivers the syncs.
    fakeForge.setLicence(installB, LAPSED);
    const requestsAt = fakeForge.requests.length;
    const loggedAt = logged.length;
    await deliver(syncA!);
    await deliver(syncB!);
    expect(siteA.view.issue(keyA)?.appValues?.wsjf).toBe(60);
    expect(withValues(siteA).length).toBeGreaterThan(20);
    expect(withValues(siteB)).toEqual([]);
    // Not even a read on B: nothing is computed for a site that may not use the app.
    expect(requestsSince(requestsAt, installB)).toEqual([]);
    expect(requestsSince(requestsAt, installA).some((r) => r.as === 'app')).toBe(true);

    // Edits in Jira and the nightly catch-up queue syncs for A, none for B.
    const eventsAt = fakeForge.pushed.length;
    await issueUpdated(installB, 'ORION-3');
    await nightly(installB);
    expect(pushedSince(eventsAt, installB, FIELD_SYNC)).toEqual([]);
    await nightly(installA);
    expect(pushedSince(eventsAt, installA, FIELD_SYNC)).toEqual([expect.objectContaining({ body: { projectKey: 'ORION', installContext: installA } })]);
    expect(withValues(siteB)).toEqual([]);
    // Each skip says why in the log, for site B only.
    const skips = logged.slice(loggedAt);
    expect(skips).toHaveLength(3);
    for (const line of skips) expect(line).toMatch(new RegExp(`skipped for ${installB}: the app has no active licence`));

    // Licensed again: the nightly run catches up what was missed.
    fakeForge.setLicence(installB, ACTIVE);
    const resumedAt = fakeForge.pushed.length;
    await nightly(installB);
    expect(logged.length).toBe(loggedAt + 3);
    const resumed = pushedSince(resumedAt, installB, FIELD_SYNC);
    expect(resumed).toEqual([expect.objectContaining({ body: { projectKey: 'ORION', installContext: installB } })]);
    await deliver(resumed[0]!);
    expect(siteB.view.issue(keyB)?.appValues?.wsjf).toBe(60);
    expect(withValues(siteB).length).toBeGreaterThan(20);
  });

  it('a lapsed busy site logs its skipped syncs once an hour per kind of work, not once per Jira edit; licensed again, a new lapse logs again', async () => {
    fakeForge.setLicence(installB, LAPSED);
    const loggedAt = logged.length;
    for (const key of ['ORION-3', 'ORION-4', 'ORION-5', 'ORION-6', 'ORION-7']) await issueUpdated(installB, key);
    await nightly(installB);
    await nightly(installB);
    expect(logged.slice(loggedAt)).toHaveLength(2);
    // Site A is not silenced by B's marks.
    fakeForge.setLicence(installA, LAPSED);
    await issueUpdated(installA, 'ORION-3');
    expect(logged.slice(loggedAt)).toHaveLength(3);
    // Seen licensed, the site's marks are forgotten: the next lapse is told at once.
    fakeForge.setLicence(installA, ACTIVE);
    fakeForge.setLicence(installB, ACTIVE);
    await issueUpdated(installB, 'ORION-3');
    fakeForge.setLicence(installB, LAPSED);
    await issueUpdated(installB, 'ORION-4');
    expect(logged.slice(loggedAt)).toHaveLength(4);
    expect(logged[logged.length - 1]).toMatch(new RegExp(`skipped for ${installB}`));
    fakeForge.setLicence(installB, ACTIVE);
  });

  it('a job queued while licensed but consumed after the licence lapsed writes nothing and ends with a job error by key', async () => {
    fakeForge.setLicence(installB, ACTIVE);
    const po = siteB.po.accountId;
    const preview = ok(await invoke<CommitFillPreviewDto>(installB, po, 'previewCommitFill'));
    expect(preview.sprints.flatMap((s) => s.add).length).toBeGreaterThan(0);
    const sprintsBefore = preview.sprints.map((s) => siteB.view.sprintIssueKeys(s.sprintId));
    const pushedAt = fakeForge.pushed.length;
    const { jobId } = ok(await invoke<JobRef>(installB, po, 'commitFill', { token: preview.token }));
    const [queued] = pushedSince(pushedAt, installB, LONG_WRITES);
    expect(queued?.body.jobId).toBe(jobId);

    fakeForge.setLicence(installB, LAPSED);
    const requestsAt = fakeForge.requests.length;
    const deliveredAt = fakeForge.pushed.length;
    await deliver(queued!);

    expect(writesOf(requestsSince(requestsAt, installB))).toEqual([]);
    expect(preview.sprints.map((s) => siteB.view.sprintIssueKeys(s.sprintId))).toEqual(sprintsBefore);
    // No field sync follows a job that changed nothing.
    expect(pushedSince(deliveredAt, installB, FIELD_SYNC)).toEqual([]);

    // The PO reads the job's status in the panel (reads work on an unlicensed site).
    const job = ok(await invoke<JobDto>(installB, po, 'getJob', { jobId }));
    expect(job).toMatchObject({ state: 'failed', changed: [], error: { code: 'UNLICENSED', i18n: { key: 'job.error.unlicensed' } } });
    expect(job.message).toBe(job.error?.message);
    expect(job.error?.message).toMatch(/licen[cs]e/i);
    const catalog = (locale: string) => JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
    const german = makeTranslator('de-DE', (key) => catalog('de-DE')[key] ?? null);
    expect(german.t(job.error!.i18n!.key as Parameters<typeof german.t>[0], job.error!.i18n!.params)).toMatch(/Lizenz/);

    // Licensed again, the PO previews and confirms again: the job runs, the project is not left blocked.
    fakeForge.setLicence(installB, ACTIVE);
    const again = ok(await invoke<CommitFillPreviewDto>(installB, po, 'previewCommitFill'));
    const retryAt = fakeForge.pushed.length;
    const retry = ok(await invoke<JobRef>(installB, po, 'commitFill', { token: again.token }));
    await deliver(pushedSince(retryAt, installB, LONG_WRITES)[0]!);
    expect(ok(await invoke<JobDto>(installB, po, 'getJob', { jobId: retry.jobId }))).toMatchObject({ state: 'done', failed: [] });
  });

  it('a background load queued while licensed and consumed after the licence lapsed stores no snapshot and says why', async () => {
    fakeForge.setLicence(installB, ACTIVE);
    const dev = siteB.dev.accountId;
    const pushedAt = fakeForge.pushed.length;
    const { jobId } = ok(await invoke<JobRef>(installB, dev, 'loadBacklog'));
    const [queued] = pushedSince(pushedAt, installB, LONG_WRITES);
    expect(queued?.body.jobId).toBe(jobId);
    // The job's record and its lease are the consumer's bookkeeping: everything else must stay as it was.
    const otherKeys = () => [...fakeForge.kvsOf(installB).values.keys()].filter((key) => !key.includes(jobId)).sort();
    const keysBefore = otherKeys();

    fakeForge.setLicence(installB, LAPSED);
    const requestsAt = fakeForge.requests.length;
    await deliver(queued!);
    // Not a single backlog page read, and no snapshot stored.
    expect(requestsSince(requestsAt, installB)).toEqual([]);
    expect(otherKeys()).toEqual(keysBefore);
    const job = ok(await invoke<JobDto>(installB, dev, 'getJob', { jobId }));
    expect(job).toMatchObject({ state: 'failed', error: { code: 'UNLICENSED', i18n: { key: 'job.error.unlicensedLoad' } } });
  });

  it('personal data reporting runs on an unlicensed site too (a privacy duty, not a feature)', async () => {
    fakeForge.setLicence(installB, LAPSED);
    const reportedAt = fakeForge.privacy.reported.length;
    await fakeForge.run({ installContext: installB }, () => entry.personalDataHandler({ context: { cloudId: cloudIdOf(installB) } }, fakeForge.contextFor(installB)));
    const reported = fakeForge.privacy.reported.slice(reportedAt).filter((r) => r.installContext === installB).flatMap((r) => r.accounts.map((a) => a.accountId));
    expect(reported).toContain(siteB.po.accountId);
  });
});
