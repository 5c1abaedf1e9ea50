/**
 * Personal data on Forge: the daily scheduled trigger reports every account id one installation stores with
 * `privacy.reportPersonalData` (a fake of Atlassian's API that answers which accounts are closed), and
 * erases what the app keeps about the closed ones; other accounts' data and other installations are untouched.
 */
import type { DemoSite } from '../demo-site';
import type { AllocationHistoryDto, BalanceDto, JobRef, Result } from '../../src/contracts';
import { ERASED_ACCOUNT } from '../../src/storage';
import { fakeForge } from './fake-forge';
import { invokeResolver, ok, startTwoInstallations, type Entry, type TwoInstallations } from './installations';

jest.setTimeout(60_000);

jest.mock('@forge/api', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeApiMock());
jest.mock('@forge/kvs', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeKvsMock());
jest.mock('@forge/events', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeEventsMock());

let two: TwoInstallations;
let entry: Entry;
let siteA: DemoSite;
let installA: string;
let installB: string;

beforeAll(async () => {
  two = await startTwoInstallations(['privacy-a', 'privacy-b']);
  ({ entry, siteA, installA, installB } = two);
});
afterAll(() => two.close());

function invoke<T>(installContext: string, accountId: string, functionKey: string, payload: unknown = {}): Promise<Result<T>> {
  return invokeResolver<T>(entry.panelHandler, installContext, accountId, functionKey, payload);
}

/** Keys and (outside the backlog snapshots' chunks, which hold Jira's issue data) values naming an account. */
function mentions(installContext: string, accountId: string): string[] {
  return [...fakeForge.kvsOf(installContext).values].filter(([key, value]) => key.includes(accountId) || (!/:c\d{4}$/.test(key) && value.includes(accountId))).map(([key]) => key);
}

it('reports every stored account id and erases what it keeps about the accounts Atlassian marks closed', async () => {
  const po = siteA.po.accountId;
  const dev = siteA.dev.accountId;
  // On site A the PO and, for a while, the developer plan: both leave their account ids behind.
  siteA.setProjectPermissions(dev, 'ORION', ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS']);
  const balance = ok(await invoke<BalanceDto>(installA, po, 'getBalance'));
  const piId = balance.pi.id;
  const shares = Object.fromEntries(balance.workTypes.map((w, i) => [w.id, i === 0 ? 100 : 0]));
  ok(await invoke(installA, po, 'saveAllocation', { piId, percents: shares, baseVersion: 0 }));
  ok(await invoke(installA, dev, 'getBacklog'));
  ok(await invoke(installA, dev, 'saveAllocation', { piId, percents: { ...shares }, baseVersion: 1 }));
  ok(await invoke<JobRef>(installA, dev, 'loadBacklog'));
  // Site B: the same account ids, its own storage.
  ok(await invoke(installB, dev, 'getBacklog'));
  const siteBBefore = JSON.stringify([...fakeForge.kvsOf(installB).values]);
  expect(mentions(installA, dev).length).toBeGreaterThan(2);

  fakeForge.privacy.closed.add(dev);
  await fakeForge.run({ installContext: installA }, () => entry.personalDataHandler({ context: { cloudId: 'privacy-a' } }, { installContext: installA }));

  const reports = fakeForge.privacy.reported.filter((r) => r.installContext === installA);
  expect(reports.length).toBeGreaterThan(0);
  for (const report of reports) expect(report.accounts.length).toBeLessThanOrEqual(90);
  const reported = reports.flatMap((r) => r.accounts);
  expect(reported.map((a) => a.accountId).sort()).toEqual([dev, po].sort());
  for (const account of reported) expect(Number.isNaN(Date.parse(account.updatedAt))).toBe(false);

  // Nothing names the closed account any more; the PO's data is whole, the allocation history keeps the
  // developer's save with its author erased.
  expect(mentions(installA, dev)).toEqual([]);
  expect(mentions(installA, po).length).toBeGreaterThan(0);
  const history = ok(await invoke<AllocationHistoryDto>(installA, po, 'getAllocationHistory', { piId }));
  expect(history.entries.map((e) => [e.version, e.savedBy])).toEqual([
    [2, ERASED_ACCOUNT],
    [1, po],
  ]);
  // The other installation was neither reported nor changed.
  expect(fakeForge.privacy.reported.some((r) => r.installContext === installB)).toBe(false);
  expect(JSON.stringify([...fakeForge.kvsOf(installB).values])).toBe(siteBBefore);
});
