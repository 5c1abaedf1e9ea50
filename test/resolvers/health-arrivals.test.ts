import { createPanelResolver } from '../../src/resolvers';
import type { HealthDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

let world: World;
let call: ReturnType<typeof caller>;
beforeAll(async () => {
  world = await startWorld();
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());

it('Health counts as arrived everything created in each closed sprint, also what was finished since', async () => {
  const health = data(await call<HealthDto>(world.site.po, 'getHealth', {}));
  expect(health.perIteration.length).toBeGreaterThan(0);
  const sprints = new Map(world.site.view.sprints(1).map((sp) => [sp.name, sp]));
  const orion = world.site.view.issues().filter((i) => i.projectKey === 'ORION');
  let finishedArrivals = 0;
  for (const row of health.perIteration) {
    const sprint = sprints.get(row.name)!;
    expect(sprint.state).toBe('closed');
    const start = Date.parse(sprint.startDate as string);
    const end = Date.parse((sprint.completeDate ?? sprint.endDate) as string);
    const arrived = orion.filter((i) => Date.parse(i.created) >= start && Date.parse(i.created) < end);
    expect(row.arrived).toBe(arrived.length);
    finishedArrivals += arrived.filter((i) => world.site.view.statusCategory(i.key) === 'done').length;
  }
  // The case the open backlog alone gets wrong must be in the data.
  expect(finishedArrivals).toBeGreaterThan(0);
});
