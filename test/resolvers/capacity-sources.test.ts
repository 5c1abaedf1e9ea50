import type { RequestJira } from '../../src/jira';
import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { BalanceDto, ProjectSettingsDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

/** A new team: its board has no closed sprints yet (the demo's are hidden from the sprint list). */
function withoutClosedSprints(port: RequestJira): RequestJira {
  return async (path, init) => {
    const response = await port(path, init);
    if (!/^\/rest\/agile\/1\.0\/board\/\d+\/sprint/.test(path.value) || response.status !== 200) return response;
    const body = (await response.json()) as { values: { state: string }[] };
    const filtered = { ...body, values: body.values.filter((s) => s.state !== 'closed') };
    const text = JSON.stringify(filtered);
    return { status: 200, headers: response.headers, json: async () => filtered, text: async () => text };
  };
}

let world: World;
beforeAll(async () => {
  world = await startWorld({ wrapJira: withoutClosedSprints });
});
afterAll(() => world.site.close());

it("a team without velocity gets SAFe's normalized capacity from its members, or is told to add them", async () => {
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const settings = caller(createSettingsResolver(world.platform).getDefinitions());
  const before = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
  expect(before.iterations.every((it) => it.source === 'none' && it.capacity === 0)).toBe(true);
  expect(before.iterations[0]?.detail).toMatch(/no team members in Settings/);
  // The fill says what is missing rather than calling every item too big to plan.
  const fill = await panel(world.site.po, 'getFill', {});
  expect(fill).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_CONFIGURED', message: expect.stringMatching(/Add the team members/) }) });

  const read = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
  const pis = structuredClone(read.derivedPis);
  const pi = pis.find((p) => p.id === before.pi.id)!;
  pi.iterations[0]!.absenceDays = 3;
  const members = [{ name: 'Ana', fte: 1 }, { name: 'Bo', fte: 1 }, { name: 'Cy', fte: 0.5 }];
  data(await settings(world.site.po, 'saveProjectSettings', { settings: { ...read.settings, pis, members }, baseVersion: read.version }));

  const after = data(await panel<BalanceDto>(world.site.po, 'getBalance', { piId: pi.id }));
  expect(after.iterations[0]).toMatchObject({ source: 'normalized', capacity: 8 + 8 + 4 - 3 });
  expect(after.iterations[0]?.detail).toMatch(/3 members.*and 3 absence days/);
  expect(after.iterations[1]).toMatchObject({ source: 'normalized', capacity: 20 });
});

it('normalized capacity floors each member at 0: one member\'s long leave does not eat the others\' capacity', async () => {
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const settings = caller(createSettingsResolver(world.platform).getDefinitions());
  const read = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
  const before = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
  const pis = structuredClone(read.settings.pis.length ? read.settings.pis : read.derivedPis);
  const pi = pis.find((p) => p.id === before.pi.id)!;
  // Cy (half-time, 4 points) is away 6 days; Ana 2 days; one more absence day is not put on anyone.
  pi.iterations[0] = { ...pi.iterations[0]!, absenceDays: 1, daysOffByMember: { Cy: 6, Ana: 2 } };
  const members = [{ name: 'Ana', fte: 1 }, { name: 'Bo', fte: 1 }, { name: 'Cy', fte: 0.5 }];
  data(await settings(world.site.po, 'saveProjectSettings', { settings: { ...read.settings, pis, members }, baseVersion: read.version }));

  const after = data(await panel<BalanceDto>(world.site.po, 'getBalance', { piId: pi.id }));
  // Ana 8 - 2 = 6, Bo 8, Cy max(0, 4 - 6) = 0: 14, minus 1 = 13 (a team total of 9 days off would give 11).
  expect(after.iterations[0]).toMatchObject({ source: 'normalized', capacity: 13 });
  expect(after.iterations[0]?.detail).toMatch(/minus 8 member-days off and 1 absence days/);

  const stranger = structuredClone(pis);
  stranger.find((p) => p.id === pi.id)!.iterations[0]!.daysOffByMember = { Dee: 3 };
  const again = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
  const refused = await settings(world.site.po, 'saveProjectSettings', { settings: { ...again.settings, pis: stranger }, baseVersion: again.version });
  expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
});
