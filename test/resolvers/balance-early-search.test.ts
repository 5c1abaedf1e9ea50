/**
 * On a first open the Balance tab's own Jira read (the closed sprints' done issues since the PI began) goes out
 * as soon as the board's sprints tell the PI, while the backlog's issues are still being fetched, not after the
 * whole load: one round trip less at the end of the first open. The answer is the one a warm read gives.
 */

import { createPanelResolver } from '../../src/resolvers';
import type { BalanceDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

let world: World | undefined;
afterAll(() => world?.site.close());

const BULK = '/rest/api/3/issue/bulkfetch';
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

it('sends the closed sprints search before the backlog\'s bulk fetches are answered, and answers as a warm read', async () => {
  const events: string[] = [];
  world = await startWorld({
    scale: 1200,
    wrapJira: (port) => async (path, init) => {
      const body = init?.body ? (JSON.parse(init.body) as { jql?: unknown; fields?: unknown }) : {};
      const jql = typeof body.jql === 'string' ? body.jql : '';
      const fields = Array.isArray(body.fields) ? body.fields.length : 0;
      // The Balance tab's search asks for the backlog's fields (velocity's own search of closed sprints asks fewer).
      if (jql.includes('closedSprints()') && fields > 10) events.push('balance search sent');
      const response = await port(path, init);
      if (path.value === BULK && fields > 10) {
        // Jira takes its time over a bulk fetch of 100 issues' fields.
        await pause(100);
        events.push('backlog bulk fetch answered');
      }
      return response;
    },
  });
  const call = caller(createPanelResolver(world.platform).getDefinitions());
  const first = data(await call<BalanceDto>(world.site.po, 'getBalance', {}));
  const sent = events.indexOf('balance search sent');
  expect(sent).toBeGreaterThanOrEqual(0);
  expect(events.filter((e) => e === 'backlog bulk fetch answered').length).toBeGreaterThan(2);
  expect(sent).toBeLessThan(events.lastIndexOf('backlog bulk fetch answered'));
  // Asked once: the PI the sprints told early is the PI of the whole backlog.
  expect(events.filter((e) => e === 'balance search sent')).toHaveLength(1);
  const warm = data(await call<BalanceDto>(world.site.po, 'getBalance', {}));
  expect(first).toEqual(warm);
});
