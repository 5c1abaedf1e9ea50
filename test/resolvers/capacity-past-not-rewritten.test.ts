import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { BalanceDto, ProjectSettingsDto } from '../../src/contracts';
import { workingDays } from '../../src/domain';
import { caller, data, startWorld, type World } from './helpers';

/** Issue 13, cases 5 and 13, through the resolvers on the demo site (today 2026-11-20, mid-PI). */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.site.close());

const today = '2026-11-20';

it("changing the current PI's allocation does not change the capacity, slices or targets of its closed iterations", async () => {
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const before = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
  const closed = before.iterations.filter((it) => it.end < today);
  const open = before.iterations.filter((it) => it.end >= today);
  expect(closed.length).toBeGreaterThan(0);
  expect(open.length).toBeGreaterThan(0);

  const ids = before.workTypes.map((w) => w.id);
  const percents = Object.fromEntries(ids.map((id, i) => [id, i === 0 ? 100 : 0]));
  data(await panel(world.site.po, 'saveAllocation', { piId: before.pi.id, percents, baseVersion: before.allocation.version }));
  const after = data(await panel<BalanceDto>(world.site.po, 'getBalance', { piId: before.pi.id }));

  for (const it of closed) {
    const again = after.iterations.find((x) => x.id === it.id);
    expect(again).toMatchObject({ capacity: it.capacity, source: it.source, detail: it.detail, slices: it.slices });
  }
  for (const it of after.iterations.filter((x) => x.end >= today && x.capacity > 0)) {
    expect(it.slices[ids[0] as string]).toBe(Math.floor(it.capacity));
  }
  // Each work type's PI target is the sum of its slices per iteration: the closed ones as they were.
  for (const row of after.rows) {
    const sum = after.iterations.reduce((s, it) => s + (it.slices[row.workType] ?? 0), 0);
    expect(row.targetPoints).toBe(sum);
  }
  expect(after.rows.find((r) => r.workType === ids[1])?.targetPoints).toBe(closed.reduce((s, it) => s + (it.slices[ids[1] as string] ?? 0), 0));
});

it("a past iteration's velocity is the one known when it started, and known days off scale velocity", async () => {
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const settings = caller(createSettingsResolver(world.platform).getDefinitions());
  const balance = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
  const velocityBased = balance.iterations.filter((it) => it.source === 'velocity');
  expect(velocityBased.length).toBeGreaterThan(1);
  // Each iteration names the sprints it averaged: a closed one only those closed before it began.
  const closed = velocityBased.filter((it) => it.end < today);
  const upcoming = velocityBased.filter((it) => it.start > today);
  expect(closed.length).toBeGreaterThan(0);
  expect(upcoming.length).toBeGreaterThan(1);
  expect(closed[0]?.detail).not.toBe(upcoming[0]?.detail);

  const read = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
  const pis = structuredClone(read.settings.pis.length ? read.settings.pis : read.derivedPis);
  const pi = pis.find((p) => p.id === balance.pi.id)!;
  const target = pi.iterations.find((it) => it.id === upcoming[0]?.id)!;
  target.daysOffByMember = { Cy: 5 };
  const members = ['Ana', 'Bo', 'Cy', 'Dee', 'Eli'].map((name) => ({ name, fte: 1 }));
  data(await settings(world.site.po, 'saveProjectSettings', { settings: { ...read.settings, pis, members }, baseVersion: read.version }));

  const after = data(await panel<BalanceDto>(world.site.po, 'getBalance', { piId: pi.id }));
  const withDaysOff = after.iterations.find((it) => it.id === target.id)!;
  const next = after.iterations.find((it) => it.id === upcoming[1]?.id)!;
  const full = workingDays(target.start, target.end) * 5;
  // Same sprints known to both upcoming iterations: one velocity, scaled where a member is away.
  expect(next.capacity).toBeCloseTo(upcoming[1]!.capacity, 10);
  expect(withDaysOff).toMatchObject({ source: 'velocity', detail: expect.stringMatching(new RegExp(`scaled by ${full - 5} of ${full} member-days`)) });
  expect(withDaysOff.capacity).toBeCloseTo((upcoming[0]!.capacity * (full - 5)) / full, 10);
});
