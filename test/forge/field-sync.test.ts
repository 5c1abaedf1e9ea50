/**
 * The WSJF and Readiness fields through src/index.ts on a stand-in Forge runtime serving two installations with
 * the same project keys and account ids: a score in the panel queues a debounced sync in its own installation,
 * the queue consumer writes the values as the app on that site only, the issue-updated trigger and the nightly
 * trigger queue syncs only where the app keeps fields.
 */
jest.setTimeout(60_000);

import type { DemoSite } from '../demo-site';
import type { BacklogDto, Result } from '../../src/contracts';
import { fakeForge, type PushedEvent } from './fake-forge';
import { invokeResolver, ok, startTwoInstallations, type Entry, type TwoInstallations } from './installations';

jest.mock('@forge/api', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeApiMock());
jest.mock('@forge/kvs', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeKvsMock());
jest.mock('@forge/events', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeEventsMock());

let two: TwoInstallations;
let entry: Entry;
let siteA: DemoSite;
let siteB: DemoSite;
let installA: string;
let installB: string;
const QUEUE = 'backlog-balance-field-sync';

beforeAll(async () => {
  two = await startTwoInstallations(['fields-a', 'fields-b']);
  ({ entry, siteA, siteB, installA, installB } = two);
});
afterAll(() => two.close());

function invoke<T>(installContext: string, accountId: string, functionKey: string, payload: unknown = {}): Promise<Result<T>> {
  return invokeResolver<T>(entry.panelHandler, installContext, accountId, functionKey, payload);
}

const syncsQueued = (installContext: string): PushedEvent[] => fakeForge.pushed.filter((p) => p.queue === QUEUE && p.installContext === installContext);

/** Delivers a queued field sync as Forge does: in the installation that pushed it, with no user. */
async function deliver(event: PushedEvent): Promise<void> {
  await fakeForge.run({ installContext: event.installContext }, () =>
    entry.fieldSyncHandler({ body: event.body, queueName: QUEUE, jobId: 'j', eventId: 'e' }, { installContext: event.installContext }),
  );
}

const withValues = (site: DemoSite) => site.view.issues().filter((i) => i.appValues !== undefined);

it('a score on one site is written to that site only, as the app, after a debounced sync', async () => {
  const po = siteA.po.accountId;
  const backlog = ok(await invoke<BacklogDto>(installA, po, 'getBacklog'));
  const last = backlog.rows[backlog.rows.length - 1]![0];
  const key = typeof last === 'number' ? `ORION-${last}` : last;
  ok(await invoke(installA, po, 'scoreWsjf', { items: [{ key, businessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1 }] }));
  ok(await invoke(installA, po, 'scoreWsjf', { items: [{ key, businessValue: 20, timeCriticality: 20, riskReduction: 13, jobSize: 1 }] }));

  // Two scores in a row: one sync queued, delayed, one at a time per project.
  const queued = syncsQueued(installA);
  expect(queued).toEqual([{ installContext: installA, queue: QUEUE, body: { projectKey: 'ORION', installContext: installA }, delayInSeconds: 10, concurrency: { key: 'field-sync-ORION', limit: 1 } }]);
  expect(syncsQueued(installB)).toEqual([]);

  const before = fakeForge.requests.length;
  await deliver(queued[0]!);
  expect(siteA.view.issue(key)?.appValues?.wsjf).toBe(53);
  expect(withValues(siteA).length).toBeGreaterThan(20);
  expect(withValues(siteB)).toEqual([]);

  const sent = fakeForge.requests.slice(before);
  const asApp = sent.filter((r) => r.as === 'app');
  expect(asApp.length).toBeGreaterThan(0);
  expect(asApp.every((r) => r.installContext === installA && r.method === 'POST' && r.path === '/rest/api/3/app/field/value')).toBe(true);
  // Everything else the sync sent was a read as the planner who scored, on site A.
  expect(sent.filter((r) => r.as !== 'app').every((r) => r.installContext === installA && r.as === po && r.impersonated)).toBe(true);
});

it('the issue-updated trigger and the nightly trigger queue syncs only for projects the app keeps fields for, per site', async () => {
  const pushedBefore = fakeForge.pushed.length;
  const event = (key: string, cloudId: string) => ({ issue: { key, fields: { project: { key: key.split('-')[0] } } }, context: { cloudId } });
  await fakeForge.run({ installContext: installB }, () => entry.issueUpdatedHandler(event('ORION-3', 'fields-b'), { installContext: installB }));
  await fakeForge.run({ installContext: installA }, () => entry.issueUpdatedHandler(event('VEGA-3', 'fields-a'), { installContext: installA }));
  expect(fakeForge.pushed.length).toBe(pushedBefore);

  await fakeForge.run({ installContext: installA }, () => entry.issueUpdatedHandler(event('ORION-3', 'fields-a'), { installContext: installA }));
  await fakeForge.run({ installContext: installA }, () => entry.issueUpdatedHandler(event('ORION-4', 'fields-a'), { installContext: installA }));
  const fromEvents = fakeForge.pushed.slice(pushedBefore);
  expect(fromEvents).toEqual([expect.objectContaining({ installContext: installA, queue: QUEUE, body: { projectKey: 'ORION', installContext: installA }, delayInSeconds: 30 })]);
  await deliver(fromEvents[0]!);

  const nightlyBefore = fakeForge.pushed.length;
  await fakeForge.run({ installContext: installB }, () => entry.fieldSyncNightlyHandler({ context: { cloudId: 'fields-b' } }, { installContext: installB }));
  expect(fakeForge.pushed.length).toBe(nightlyBefore);
  await fakeForge.run({ installContext: installA }, () => entry.fieldSyncNightlyHandler({ context: { cloudId: 'fields-a' } }, { installContext: installA }));
  expect(fakeForge.pushed.slice(nightlyBefore)).toEqual([expect.objectContaining({ installContext: installA, body: { projectKey: 'ORION', installContext: installA }, delayInSeconds: 0 })]);
  expect(withValues(siteB)).toEqual([]);
});
