/**
 * Issue 16: a warm instance computes the plan, its forecast (10,000 trials) and its people load once per backlog
 * version and inputs, and the Balance tab's forecast reuses the plan the Fill tab's read made. Any change of
 * what they depend on (a Jira edit, the request, the settings, the allocation, the PI) gives a new answer: the
 * warm answer then equals the one a cold instance computes from scratch.
 */
import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { BalanceDto, FillDto, ForecastDto, IssueRef, ProjectSettingsDto } from '../../src/contracts';
import { caller, coldPlatform, data, startWorld, type World } from './helpers';

// The domain's three computations, counted (the use cases reach them through the domain's index).
jest.mock('../../src/domain/forecast', () => {
  const actual = jest.requireActual<typeof import('../../src/domain/forecast')>('../../src/domain/forecast');
  return { ...actual, forecastPlan: jest.fn(actual.forecastPlan) };
});
jest.mock('../../src/domain/peopleLoad', () => {
  const actual = jest.requireActual<typeof import('../../src/domain/peopleLoad')>('../../src/domain/peopleLoad');
  return { ...actual, peopleLoad: jest.fn(actual.peopleLoad) };
});
jest.mock('../../src/domain/fill/index', () => {
  const actual = jest.requireActual<typeof import('../../src/domain/fill/index')>('../../src/domain/fill/index');
  return { ...actual, fillIterations: jest.fn(actual.fillIterations), fillBothModes: jest.fn(actual.fillBothModes) };
});
import { forecastPlan } from '../../src/domain/forecast';
import { peopleLoad } from '../../src/domain/peopleLoad';
import { fillBothModes, fillIterations } from '../../src/domain/fill/index';

jest.setTimeout(60_000);

let world: World;
let panel: ReturnType<typeof caller>;
let settings: ReturnType<typeof caller>;
beforeEach(async () => {
  world = await startWorld();
  panel = caller(createPanelResolver(world.platform).getDefinitions());
  settings = caller(createSettingsResolver(world.platform).getDefinitions());
  jest.clearAllMocks();
});
afterEach(() => world.site.close());

const counts = () => ({
  // A plan is both modes: one fillBothModes call (or a fillIterations call per mode).
  fills: (fillIterations as jest.Mock).mock.calls.length + 2 * (fillBothModes as jest.Mock).mock.calls.length,
  forecasts: (forecastPlan as jest.Mock).mock.calls.length,
  people: (peopleLoad as jest.Mock).mock.calls.length,
});
const keyOf = (ref: IssueRef): string => (typeof ref === 'number' ? `ORION-${ref}` : ref);

/** The same read on a cold instance: the same site and store, nothing in memory. */
async function cold<T>(functionKey: string, payload: unknown): Promise<T> {
  const platform = coldPlatform(world);
  return data(await caller(createPanelResolver(platform).getDefinitions())<T>(world.site.po, functionKey, payload));
}

async function saveSettings(change: (s: ProjectSettingsDto['settings']) => ProjectSettingsDto['settings']): Promise<void> {
  const read = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
  data(await settings(world.site.po, 'saveProjectSettings', { settings: change(read.settings), baseVersion: read.version }));
}

it('computes the plan, its forecast and its people load once for repeated warm reads, and the Balance tab reuses them', async () => {
  const po = world.site.po;
  // The very first read of a PI takes its committed baseline, which the items are then derived with.
  data(await panel<BalanceDto>(po, 'getBalance', {}));
  jest.clearAllMocks();
  const first = data(await panel<FillDto>(po, 'getFill', {}));
  // Optimal and greedy, one forecast, one people load.
  expect(counts()).toEqual({ fills: 2, forecasts: 1, people: 1 });
  const again = data(await panel<FillDto>(po, 'getFill', {}));
  expect(again).toEqual(first);
  // The Fill tab's own request shape (mode, empty adjustments) asks for the same plan.
  const asTheTabAsks = data(await panel<FillDto>(po, 'getFill', { piId: first.piId, mode: 'optimal', pins: [], exclude: [], include: [] }));
  expect(asTheTabAsks).toEqual(first);
  // The Balance tab's forecast is the Fill tab's: no fill and no forecast computed again.
  const forecast = data(await panel<ForecastDto>(po, 'getForecast', { piId: first.piId }));
  expect(forecast).toEqual(first.forecast);
  expect(counts()).toEqual({ fills: 2, forecasts: 1, people: 1 });
  // Another number of top points is another forecast of the same plan.
  const top = data(await panel<ForecastDto>(po, 'getForecast', { piId: first.piId, topPoints: 5 }));
  expect(top).not.toEqual(forecast);
  expect(counts()).toEqual({ fills: 2, forecasts: 2, people: 1 });
  // Balance first, Fill then: the plan the Balance tab's forecast made serves the Fill tab.
  data(await panel<BalanceDto>(po, 'getBalance', {}));
  expect(counts()).toEqual({ fills: 2, forecasts: 2, people: 1 });
});

it('answers anew, as a cold instance does, after any change of what the plan, forecast or people load depend on', async () => {
  const po = world.site.po;
  const warm = async (request: object): Promise<FillDto> => data(await panel<FillDto>(po, 'getFill', request));
  const asCold = async (request: object, why: string): Promise<FillDto> => {
    const shown = await warm(request);
    expect({ why, fill: shown }).toEqual({ why, fill: await cold<FillDto>('getFill', request) });
    return shown;
  };
  // The very first read of a PI takes its committed baseline (see above); the reads below are all warm.
  data(await panel<BalanceDto>(po, 'getBalance', {}));
  const before = await asCold({}, 'first read');
  const planned = before.iterations.flatMap((it) => it.items.map(keyOf));
  expect(planned.length).toBeGreaterThan(1);

  // The request: top points, mode, an exclusion, a pin.
  expect((await asCold({ topPoints: 7 }, 'top points')).forecast).not.toEqual(before.forecast);
  await asCold({ mode: 'greedy' }, 'greedy mode');
  const excluded = await asCold({ exclude: [planned[0]] }, 'an item left out');
  expect(excluded.forecast).not.toEqual(before.forecast);
  await asCold({ pins: [{ key: planned[1], iteration: 1 }] }, 'a pin');

  // A Jira edit: a planned item's estimate.
  const response = await fetch(`${world.site.baseUrl}/rest/api/3/issue/${planned[0]}`, {
    method: 'PUT',
    headers: { authorization: po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ fields: { [world.site.view.pointsFieldId()]: 1 } }),
  });
  expect(response.status).toBe(204);
  const edited = await asCold({}, 'a Jira edit');
  expect(edited.forecast).not.toEqual(before.forecast);

  // Settings: the unplanned buffer (plan and forecast), the team members (people load).
  await saveSettings((s) => ({ ...s, unplannedBufferPct: 20 }));
  const buffered = await asCold({}, 'a buffer');
  expect(buffered.forecast).toMatchObject({ bufferPct: 20 });
  await saveSettings((s) => ({ ...s, members: [{ name: 'Ada Byron', fte: 1 }, { name: 'Ben Okafor', fte: 0.5 }] }));
  const members = await asCold({}, 'team members');
  expect(members.people).not.toEqual(buffered.people);

  // The allocation of the PI.
  const balance = data(await panel<BalanceDto>(po, 'getBalance', {}));
  const types = Object.keys(balance.allocation.percents);
  const percents = Object.fromEntries(types.map((t, i) => [t, i === 0 ? 100 : 0]));
  data(await panel(po, 'saveAllocation', { piId: balance.pi.id, percents, baseVersion: balance.allocation.version }));
  const allocated = await asCold({}, 'an allocation');
  expect(allocated.iterations.map((it) => it.slices)).not.toEqual(members.iterations.map((it) => it.slices));

  // Another PI.
  const next = balance.pis.find((pi) => pi.id !== balance.pi.id && pi.start > balance.pi.start);
  if (next) await asCold({ piId: next.id }, 'another PI');
});
