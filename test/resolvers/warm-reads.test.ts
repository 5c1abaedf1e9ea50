/**
 * A warm instance derives the backlog items, their order and the plan once per backlog version and reuses
 * them while Jira reports no change. Any edit made in Jira must still show on the next read, in every tab.
 */
import { createPanelResolver } from '../../src/resolvers';
import type { BacklogDto, FillDto, IssueRef } from '../../src/contracts';
import { caller, data, editInJira, startWorld, type World } from './helpers';

jest.setTimeout(60_000);

let world: World;
let call: ReturnType<typeof caller>;
const keyOf = (ref: IssueRef): string => (typeof ref === 'number' ? `ORION-${ref}` : ref);

beforeEach(async () => {
  world = await startWorld();
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterEach(() => world.site.close());

function plannedKeys(fill: FillDto): string[] {
  return fill.iterations.flatMap((it) => it.items.map(keyOf));
}

it('answers repeated reads of an unchanged backlog alike, and shows an edit made in Jira on the next read of every tab', async () => {
  const po = world.site.po;
  const firstBacklog = data(await call<BacklogDto>(po, 'getBacklog', {}));
  const firstFill = data(await call<FillDto>(po, 'getFill', {}));
  // Nothing changed in Jira: the same rows, the same plan.
  expect(data(await call<BacklogDto>(po, 'getBacklog', {})).rows).toEqual(firstBacklog.rows);
  const again = data(await call<FillDto>(po, 'getFill', {}));
  expect(again.iterations).toEqual(firstFill.iterations);
  expect(again.leftOut).toEqual(firstFill.leftOut);

  // A planned story loses its estimate in Jira: the row shows no points, and the plan leaves it out (the
  // default Definition of Ready asks for an estimate).
  const planned = plannedKeys(firstFill).find((k) => !firstFill.flags.some(([ref]) => keyOf(ref) === k)) as string;
  expect(planned).toBeDefined();
  await editInJira(world.site, planned, { [world.site.view.pointsFieldId()]: null });
  const backlog = data(await call<BacklogDto>(po, 'getBacklog', {}));
  expect(backlog.rows.find((r) => keyOf(r[0]) === planned)?.[4]).toBeNull();
  const fill = data(await call<FillDto>(po, 'getFill', {}));
  expect(plannedKeys(fill)).not.toContain(planned);
  expect(fill.leftOut.find(([ref]) => keyOf(ref) === planned)?.[1]).toBe('notReady');
});
