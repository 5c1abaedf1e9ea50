/**
 * Issue 11: where Jira gives no name to show (an account Atlassian closed, one Jira will not show this user, a
 * lookup that failed), the placeholder travels by key beside its English text, so a German user reads German
 * in "saved by ..." sentences and in the Fill tab's people table.
 */
import { createPanelResolver } from '../../src/resolvers';
import type { AllocationDto, AllocationHistoryDto, BalanceDto, FillDto, I18nMessage } from '../../src/contracts';
import { englishText } from '../../src/contracts/messages';
import { eraseAccounts } from '../../src/storage';
import german from '../../locales/de-DE.json';
import { makeTranslator } from '../../static/shared/format';
import { localText } from '../../static/shared/errorText';
import { caller, data, startWorld, type World } from './helpers';

jest.setTimeout(60_000);

const germanT = makeTranslator('de-DE', (key) => (german as Record<string, string>)[key] ?? null).t;
const inGerman = (i18n: I18nMessage | null | undefined): string => {
  if (!i18n) throw new Error('expected a name by key');
  return localText(germanT, i18n);
};

let world: World;
let panel: ReturnType<typeof caller>;
beforeEach(async () => {
  world = await startWorld();
  panel = caller(createPanelResolver(world.platform).getDefinitions());
});
afterEach(() => world.site.close());

/** The PO saves the PI's allocation (100% to the first work type) and gets the saved allocation back. */
async function save(baseVersion = 0): Promise<AllocationDto> {
  const balance = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
  const percents = Object.fromEntries(balance.workTypes.map((w, i) => [w.id, i === 0 ? 100 : 0]));
  return data(await panel<AllocationDto>(world.site.po, 'saveAllocation', { piId: balance.pi.id, percents, baseVersion }));
}

it('a user Jira will not show: "a user you cannot see" by key, German in the saved-by sentence', async () => {
  world.site.faults.serverError(50, { pathPrefix: '/rest/api/3/user', status: 404 });
  const saved = await save();
  expect(saved.savedByName).toBe('a user you cannot see');
  expect(saved.savedByNameI18n).toEqual({ key: 'person.by.hiddenUser' });
  expect(englishText('person.by.hiddenUser')).toBe(saved.savedByName);
  expect(inGerman(saved.savedByNameI18n)).toBe('einem Benutzer, den Sie nicht sehen können');
  expect(germanT('panel.allocation.savedBy', { who: inGerman(saved.savedByNameI18n), date: '2026-11-20', version: 1 })).toContain('Gespeichert von einem Benutzer, den Sie nicht sehen können');
});

it('a lookup that fails: "someone" by key in the history; a real name has no key', async () => {
  const first = await save();
  expect(first.savedByName).toBe(world.site.po.displayName);
  expect(first.savedByNameI18n).toBeUndefined();
  // A fresh instance (no remembered names) while Jira fails the user lookups.
  world.platform.backlogCache.forget('');
  world.site.faults.serverError(50, { pathPrefix: '/rest/api/3/user', status: 503 });
  const history = data(await panel<AllocationHistoryDto>(world.site.po, 'getAllocationHistory', { piId: first.piId }));
  expect(history.entries.map((e) => [e.savedByName, e.savedByNameI18n])).toEqual([['someone', { key: 'person.by.someone' }]]);
  expect(history.entries.map((e) => inGerman(e.savedByNameI18n))).toEqual(['jemandem']);
});

it('an account Atlassian closed: "a former user" by key on the Balance tab', async () => {
  await save();
  await eraseAccounts(world.platform.store.kv, new Set([world.site.po.accountId]));
  const balance = data(await panel<BalanceDto>(world.site.dev, 'getBalance', {}));
  expect(balance.allocation.savedByName).toBe('a former user');
  expect(inGerman(balance.allocation.savedByNameI18n)).toBe('einem ehemaligen Benutzer');
});

it("the Fill tab's people table names an assignee it cannot look up by key (a row label, German)", async () => {
  world.site.faults.serverError(500, { pathPrefix: '/rest/api/3/user', status: 503 });
  const fill = data(await panel<FillDto>(world.site.po, 'getFill', {}));
  const unnamed = fill.people.rows.filter((r) => r.nameI18n !== undefined);
  expect(unnamed.length).toBeGreaterThan(0);
  for (const row of unnamed) {
    expect(row.nameI18n).toEqual({ key: 'person.row.someone' });
    expect(row.name).toBe(englishText('person.row.someone'));
    expect(inGerman(row.nameI18n)).toBe('Jemand');
  }
  // Members are named as Settings names them: no key.
  expect(fill.people.rows.filter((r) => r.member).every((r) => r.nameI18n === undefined)).toBe(true);
});
