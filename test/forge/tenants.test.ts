/**
 * One warm Forge function instance serves many installations (sites). Two demo sites with the same project
 * keys and the same account ids, but different issues, settings, allocations and permissions, are served by
 * one load of src/index.ts; calls interleave. Each user must see only their own site's data.
 */
jest.setTimeout(60_000);

import type { DemoSite } from '../demo-site';
import type { ArtTrainDto, AllocationDto, AllocationHistoryDto, BacklogDto, BalanceDto, ProjectSettingsDto, Result, WhoAmIDto } from '../../src/contracts';
import { fakeForge } from './fake-forge';
import { invokeResolver as invoke, ok, startTwoInstallations, type Entry, type TwoInstallations } from './installations';

jest.mock('@forge/api', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeApiMock());
jest.mock('@forge/kvs', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeKvsMock());
jest.mock('@forge/events', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeEventsMock());

let two: TwoInstallations;
let entry: Entry;
let siteA: DemoSite;
let siteB: DemoSite;
let installA: string;
let installB: string;

beforeAll(async () => {
  // Same seeded users and project keys, different issues (another seed).
  two = await startTwoInstallations(['site-a', 'site-b'], [7, 11]);
  ({ entry, siteA, siteB, installA, installB } = two);
});
afterAll(() => two.close());

/** The open ORION issues of a demo site by key, with their summaries, as Jira holds them. */
function summariesOf(site: DemoSite): Map<string, string> {
  return new Map(site.view.issues().filter((i) => i.projectKey === 'ORION').map((i) => [i.key, i.summary]));
}

function rowsAsKeys(dto: BacklogDto): [string, string][] {
  return dto.rows.map(([ref, summary]) => [typeof ref === 'number' ? `${dto.keyPrefix}-${ref}` : ref, summary]);
}

it('keeps two sites apart in one warm instance: issues, settings, allocations and permissions, interleaved', async () => {
  const po = siteA.po.accountId;
  expect(siteB.po.accountId).toBe(po); // the same account id on both sites
  const dev = siteA.dev.accountId;

  // Site B's admin takes ORION away from the developer; on site A the developer still sees it.
  siteB.setProjectPermissions(dev, 'ORION', []);

  // Interleaved: A loads, B loads, both at once, again.
  const backlogA = ok(await invoke<BacklogDto>(entry.panelHandler, installA, po, 'getBacklog'));
  const backlogB = ok(await invoke<BacklogDto>(entry.panelHandler, installB, po, 'getBacklog'));
  const [againA, againB, devA, devB] = await Promise.all([
    invoke<BacklogDto>(entry.panelHandler, installA, po, 'getBacklog'),
    invoke<BacklogDto>(entry.panelHandler, installB, po, 'getBacklog'),
    invoke<BacklogDto>(entry.panelHandler, installA, dev, 'getBacklog'),
    invoke<BacklogDto>(entry.panelHandler, installB, dev, 'getBacklog'),
  ]);

  const issuesA = summariesOf(siteA);
  const issuesB = summariesOf(siteB);
  for (const [dto, own] of [
    [backlogA, issuesA],
    [backlogB, issuesB],
    [ok(againA), issuesA],
    [ok(againB), issuesB],
    [ok(devA), issuesA],
  ] as const) {
    const rows = rowsAsKeys(dto);
    expect(rows.length).toBeGreaterThan(20);
    for (const [key, summary] of rows) expect([key, own.get(key)?.slice(0, summary.length)]).toEqual([key, summary]);
  }
  // The two sites really differ, so the check above can tell them apart.
  expect(rowsAsKeys(backlogA).map(([k, s]) => `${k} ${s}`)).not.toEqual(rowsAsKeys(backlogB).map(([k, s]) => `${k} ${s}`));
  // Site B's developer may not browse ORION there, whatever site A remembers about him.
  expect(devB).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  const whoB = ok(await invoke<WhoAmIDto>(entry.panelHandler, installB, dev, 'whoAmI'));
  expect(whoB.can.read).toBe(false);

  // Settings: site A's PO changes the stale threshold; site B keeps its own.
  const settingsA = ok(await invoke<ProjectSettingsDto>(entry.settingsHandler, installA, po, 'getProjectSettings'));
  const settingsB = ok(await invoke<ProjectSettingsDto>(entry.settingsHandler, installB, po, 'getProjectSettings'));
  ok(await invoke(entry.settingsHandler, installA, po, 'saveProjectSettings', { settings: { ...settingsA.settings, staleDays: 90 }, baseVersion: settingsA.version }));
  ok(await invoke(entry.settingsHandler, installB, po, 'saveProjectSettings', { settings: { ...settingsB.settings, staleDays: 240 }, baseVersion: settingsB.version }));
  const [nowA, nowB] = await Promise.all([
    invoke<ProjectSettingsDto>(entry.settingsHandler, installA, po, 'getProjectSettings'),
    invoke<ProjectSettingsDto>(entry.settingsHandler, installB, po, 'getProjectSettings'),
  ]);
  expect(ok(nowA).settings.staleDays).toBe(90);
  expect(ok(nowB).settings.staleDays).toBe(240);
  // Each site's boards are its own (the ids Jira gave them there).
  expect(ok(nowA).boards).toEqual(siteA.view.boards().filter((b) => b.projectKey === 'ORION').map((b) => ({ id: b.id, name: b.name })));

  // Allocations: the same PI id on both sites, different shares, saved interleaved.
  const balanceA = ok(await invoke<BalanceDto>(entry.panelHandler, installA, po, 'getBalance'));
  const balanceB = ok(await invoke<BalanceDto>(entry.panelHandler, installB, po, 'getBalance'));
  const piId = balanceA.pi.id;
  expect(balanceB.pi.id).toBe(piId);
  const shares = (first: number): Record<string, number> => {
    const ids = balanceA.workTypes.map((w) => w.id);
    return Object.fromEntries(ids.map((id, i) => [id, i === 0 ? first : i === 1 ? 100 - first : 0]));
  };
  const [savedA, savedB] = await Promise.all([
    invoke<AllocationDto>(entry.panelHandler, installA, po, 'saveAllocation', { piId, percents: shares(70), baseVersion: 0 }),
    invoke<AllocationDto>(entry.panelHandler, installB, po, 'saveAllocation', { piId, percents: shares(40), baseVersion: 0 }),
  ]);
  // Both are first saves on their own site: neither is refused as stale by the other's.
  expect(ok(savedA).version).toBe(1);
  expect(ok(savedB).version).toBe(1);
  const historyA = ok(await invoke<AllocationHistoryDto>(entry.panelHandler, installA, po, 'getAllocationHistory', { piId }));
  const historyB = ok(await invoke<AllocationHistoryDto>(entry.panelHandler, installB, po, 'getAllocationHistory', { piId }));
  expect(historyA.entries.map((e) => e.percents)).toEqual([expect.objectContaining(shares(70))]);
  expect(historyB.entries.map((e) => e.percents)).toEqual([expect.objectContaining(shares(40))]);
  const balanceAfterA = ok(await invoke<BalanceDto>(entry.panelHandler, installA, po, 'getBalance', { piId }));
  expect(balanceAfterA.allocation.percents).toEqual(expect.objectContaining(shares(70)));

  // Every Jira request went to the site of the installation that asked.
  const requestsA = fakeForge.requests.filter((r) => r.installContext === installA).length;
  const requestsB = fakeForge.requests.filter((r) => r.installContext === installB).length;
  expect(requestsA).toBeGreaterThan(0);
  expect(requestsB).toBeGreaterThan(0);
});

it('the ART view keeps sites apart too: each site gets its own features, teams and train settings, interleaved', async () => {
  const po = siteA.po.accountId;
  const openFeatures = (site: DemoSite) => site.view.rankOrder('ART').filter((k) => site.view.statusCategory(k) !== 'done');
  const trainA = ok(await invoke<ArtTrainDto>(entry.panelHandler, installA, po, 'getArtTrain', {}, 'ART'));
  // Site B's train settings: only ORION; site A keeps detecting its three teams.
  ok(await invoke(entry.panelHandler, installB, po, 'saveArtSettings', { detectTeams: false, teams: ['ORION'], guardrails: { enabler: { min: 20, max: null } }, baseVersion: 0 }, 'ART'));
  const trainB = ok(await invoke<ArtTrainDto>(entry.panelHandler, installB, po, 'getArtTrain', {}, 'ART'));
  const againA = ok(await invoke<ArtTrainDto>(entry.panelHandler, installA, po, 'getArtTrain', {}, 'ART'));
  expect(trainA.features.map((f) => f[0])).toEqual(openFeatures(siteA));
  expect(trainB.features.map((f) => f[0])).toEqual(openFeatures(siteB));
  expect(trainB.features.map((f) => f[1])).not.toEqual(trainA.features.map((f) => f[1]));
  expect(trainB.teams.map((t) => t.key)).toEqual(['ORION']);
  expect(againA.teams.map((t) => t.key).sort()).toEqual(['LYRA', 'ORION', 'VEGA']);
  expect(againA.settings).toEqual({ teams: null, guardrails: {}, version: 0 });
});

it('refuses a call that names no installation instead of guessing one', async () => {
  const po = siteA.po.accountId;
  const context = { localId: 'x', extension: { type: 'jira:projectPage', project: { key: 'ORION' } } };
  const result = (await fakeForge.run({ installContext: installA, accountId: po }, () =>
    entry.panelHandler({ call: { functionKey: 'getBacklog', payload: {} }, context }, { principal: { accountId: po } }),
  )) as Result<unknown>;
  expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/installation/) } });
});
