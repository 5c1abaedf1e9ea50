/**
 * A first load does not wait for the user's time zone (`/myself`) before its own first reads: the zone is needed
 * only for the JQL dates of the closed sprints' searches, so the board, the fields and the backlog's keys go out
 * while it is read.
 */

import { createPanelResolver } from '../../src/resolvers';
import { caller, data, startWorld, type World } from './helpers';

let world: World | undefined;
afterAll(() => world?.site.close());

it('sends the board, field and key reads while /myself is still unanswered', async () => {
  const events: string[] = [];
  world = await startWorld({
    wrapJira: (port) => async (path, init) => {
      const name = path.value.split('?')[0] ?? path.value;
      events.push(`sent ${name}`);
      const response = await port(path, init);
      if (name === '/rest/api/3/myself') {
        // Jira takes its time over it.
        await new Promise((resolve) => setTimeout(resolve, 150));
        events.push('myself answered');
      }
      return response;
    },
  });
  const call = caller(createPanelResolver(world.platform).getDefinitions());
  data(await call(world.site.po, 'getBalance', {}));
  const answered = events.indexOf('myself answered');
  expect(answered).toBeGreaterThan(0);
  for (const first of ['/rest/agile/1.0/board', '/rest/api/3/field', '/rest/api/3/search/jql']) {
    expect(events.indexOf(`sent ${first}`)).toBeGreaterThanOrEqual(0);
    expect(events.indexOf(`sent ${first}`)).toBeLessThan(answered);
  }
});
