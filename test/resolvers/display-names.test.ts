/**
 * People are shown by their Jira display name, never by account id: who saved an allocation (summary,
 * history, refused saves) and a stale save's message. Names are looked up as the asking user and remembered
 * for that user (another user of the site: test/resolvers/people-per-viewer.test.ts).
 */
import { createPanelResolver } from '../../src/resolvers';
import type { AllocationDto, AllocationHistoryDto, BalanceDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

jest.setTimeout(60_000);

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.site.close());

it('names who saved by display name, looks each name up once per viewer, and never shows an account id', async () => {
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const { po, dev } = world.site;
  world.site.setProjectPermissions(dev.accountId, 'ORION', ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS']);
  const balance = data(await panel<BalanceDto>(po, 'getBalance', {}));
  const piId = balance.pi.id;
  const shares = Object.fromEntries(balance.workTypes.map((w, i) => [w.id, i === 0 ? 100 : 0]));
  const saved = data(await panel<AllocationDto>(dev, 'saveAllocation', { piId, percents: shares, baseVersion: 0 }));
  expect(saved.savedByName).toBe(dev.displayName);
  // The PO saves on top of an old version: refused, and the message names nobody by id.
  const stale = await panel(po, 'saveAllocation', { piId, percents: shares, baseVersion: 0 });
  expect(stale).toMatchObject({ ok: false, error: { code: 'STALE' } });
  expect(JSON.stringify(stale)).not.toContain(dev.accountId);

  world.site.clearRequestLog();
  const history = data(await panel<AllocationHistoryDto>(po, 'getAllocationHistory', { piId }));
  expect(history.entries.map((e) => e.savedByName)).toEqual([dev.displayName]);
  expect(history.rejected.map((r) => r.savedByName)).toEqual([po.displayName]);
  const after = data(await panel<BalanceDto>(po, 'getBalance', { piId }));
  expect(after.allocation.savedByName).toBe(dev.displayName);
  // Each account's name was asked of Jira at most once (as the PO), then remembered for them.
  const lookups = world.site.requestLog.filter((r) => r.path.startsWith('/rest/api/3/user?'));
  expect(lookups.length).toBeLessThanOrEqual(2);
  expect(new Set(lookups.map((r) => r.path)).size).toBe(lookups.length);
});
