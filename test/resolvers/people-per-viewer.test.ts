/**
 * A display name is remembered per viewer, not per site: Jira answers `/rest/api/3/user` only to users it lets
 * see other users (Browse users and groups), so a name one user was shown must not reach a second user of the
 * same site whom Jira refuses the lookup. That user reads "a user you cannot see", as on a fresh instance.
 */
import { createPanelResolver } from '../../src/resolvers';
import type { AllocationDto, AllocationHistoryDto, BalanceDto } from '../../src/contracts';
import type { JiraResponse } from '../../src/jira';
import { caller, data, startWorld, type World } from './helpers';

jest.setTimeout(60_000);

let world: World;
afterEach(() => world.site.close());

/** Jira's answer to a user lookup by someone without the permission to browse users. */
const refused: JiraResponse = {
  status: 404,
  headers: { get: () => null },
  json: async () => ({ errorMessages: ['The user does not exist or you do not have permission to see it.'] }),
  text: async () => JSON.stringify({ errorMessages: ['The user does not exist or you do not have permission to see it.'] }),
};

it('a name the PO was shown does not reach a colleague Jira refuses the lookup, on one warm instance', async () => {
  let devAccount = '';
  world = await startWorld({
    wrapJira: (port, accountId) => async (path, init) => (accountId === devAccount && path.value.startsWith('/rest/api/3/user?') ? refused : port(path, init)),
  });
  devAccount = world.site.dev.accountId;
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const balance = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
  const percents = Object.fromEntries(balance.workTypes.map((w, i) => [w.id, i === 0 ? 100 : 0]));
  const saved = data(await panel<AllocationDto>(world.site.po, 'saveAllocation', { piId: balance.pi.id, percents, baseVersion: 0 }));
  // The PO may see users: their own name, looked up in Jira and remembered.
  expect(saved.savedByName).toBe(world.site.po.displayName);
  const forDev = data(await panel<AllocationHistoryDto>(world.site.dev, 'getAllocationHistory', { piId: saved.piId }));
  expect(forDev.entries.map((e) => [e.savedByName, e.savedByNameI18n])).toEqual([['a user you cannot see', { key: 'person.by.hiddenUser' }]]);
  // The PO still reads the name (their own lookup stays theirs).
  const forPo = data(await panel<AllocationHistoryDto>(world.site.po, 'getAllocationHistory', { piId: saved.piId }));
  expect(forPo.entries.map((e) => e.savedByName)).toEqual([world.site.po.displayName]);
});
