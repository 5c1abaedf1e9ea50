import { createPanelResolver } from '../../src/resolvers';
import type { BalanceDto, FillDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

/**
 * Issue 19.3: what the CSV exports need beyond what the tabs showed. Balance: per iteration and work type the
 * allocation it is sliced by, the points planned in its sprint and the points done in its dates, adding up to
 * the PI's totals. Fill: the Jira sprint each iteration maps to, by name.
 */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.site.close());

it('Balance: per iteration percents, planned and done per work type, which add up to the PI totals', async () => {
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const balance = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
  expect(balance.iterations.length).toBeGreaterThan(1);
  for (const it of balance.iterations) {
    // The allocation an iteration is sliced by sums to 100, one share per work type.
    expect(Object.values(it.percents).reduce((s, p) => s + p, 0)).toBe(100);
    expect(Object.keys(it.percents).sort()).toEqual(balance.workTypes.map((w) => w.id).sort());
  }
  const open = balance.iterations.filter((it) => !it.closed);
  for (const it of open) expect(it.percents).toEqual(balance.allocation.percents);
  for (const row of balance.rows) {
    const planned = balance.iterations.reduce((s, it) => s + (it.planned[row.workType] ?? 0), 0);
    const done = balance.iterations.reduce((s, it) => s + (it.done[row.workType] ?? 0), 0);
    expect([row.workType, planned]).toEqual([row.workType, row.plannedPoints]);
    expect([row.workType, done]).toEqual([row.workType, row.donePoints]);
  }
  // The demo PI is half over: something is planned and something is done in its iterations.
  expect(balance.iterations.some((it) => Object.values(it.planned).some((p) => p > 0))).toBe(true);
  expect(balance.iterations.some((it) => Object.values(it.done).some((p) => p > 0))).toBe(true);
});

it('Fill: each iteration names its Jira sprint', async () => {
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const fill = data(await panel<FillDto>(world.site.po, 'getFill', {}));
  const mapped = fill.iterations.filter((it) => it.sprintId !== null);
  expect(mapped.length).toBeGreaterThan(0);
  for (const it of mapped) expect(it.sprintName).toEqual(expect.stringMatching(/\S/));
  for (const it of fill.iterations.filter((x) => x.sprintId === null)) expect(it.sprintName).toBeNull();
});
